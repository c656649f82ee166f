/**
 * A push to the default branch is a merge into the mesh: diff the commit before against the one
 * after and announce what changed.
 */
import { loadMesh } from '../core/load/mesh.ts';
import { diffMeshes } from '../core/review/changes.ts';
import type { MeshSnapshot } from '../core/model.ts';
import type { Change } from '../core/review/types.ts';
import { deliverEvents, type DeliveryFailure, type DeliveryOptions } from './event-delivery.ts';
import type { Log } from './log.ts';
import { eventTargets, meshEvents } from './mesh-events.ts';
import type { GitHub } from './octokit.ts';
import { loadCommitSnapshot, type SnapshotCache } from './snapshots.ts';

const NO_COMMIT = /^0+$/;

export interface PushPayload {
  ref: string;
  before: string;
  after: string;
  deleted?: boolean;
  head_commit?: { timestamp?: string } | null;
  repository: { name: string; full_name: string; html_url: string; default_branch?: string; owner: { login?: string; name?: string } };
}

export interface PushOptions extends Omit<DeliveryOptions, 'log'> {
  log: Log;
  cache?: SnapshotCache;
  tarballTimeoutMs?: number;
  diff?: (base: MeshSnapshot, head: MeshSnapshot) => Change[];
}

export type PushResult =
  | { status: 'skipped'; reason: string }
  | { status: 'published'; events: number; failures: DeliveryFailure[] };

export async function publishPush(octokit: GitHub, payload: PushPayload, options: PushOptions): Promise<PushResult> {
  const { repository } = payload;
  if (!repository.default_branch || payload.ref !== `refs/heads/${repository.default_branch}`) return { status: 'skipped', reason: 'not the default branch' };
  if (payload.deleted || NO_COMMIT.test(payload.after)) return { status: 'skipped', reason: 'branch deleted' };
  const owner = repository.owner.login ?? repository.owner.name ?? repository.full_name.split('/')[0];
  const repo = repository.name;
  const snapshotOptions = { cache: options.cache, timeoutMs: options.tarballTimeoutMs };
  const head = await loadCommitSnapshot(octokit, { owner, repo, sha: payload.after }, snapshotOptions);
  // The first push of a new repository has no commit before it: everything in it is new.
  const base = NO_COMMIT.test(payload.before) ? loadMesh([]) : await loadCommitSnapshot(octokit, { owner, repo, sha: payload.before }, snapshotOptions);
  const changes = (options.diff ?? diffMeshes)(base, head);
  const events = meshEvents(changes, {
    repository: repository.full_name,
    url: repository.html_url,
    before: payload.before,
    after: payload.after,
    time: payload.head_commit?.timestamp ?? new Date().toISOString(),
  });
  const targets = eventTargets(head);
  if (!events.length || !targets.length) {
    options.log.info({ events: events.length, targets: targets.length, after: payload.after }, 'No mesh events to send.');
    return { status: 'published', events: events.length, failures: [] };
  }
  const failures = await deliverEvents(octokit, events, targets, options);
  if (failures.length) {
    // Failing the webhook delivery makes it visible in the app's "Advanced" tab, where it can be
    // redelivered; event ids are stable, so receivers that already got some can drop the repeats.
    throw new AggregateError(
      failures.map((failure) => failure.error),
      `${failures.length} mesh event deliveries failed for ${repository.full_name}@${payload.after.slice(0, 7)}: ${failures
        .map((failure) => `${failure.eventId} → ${failure.target}`)
        .join('; ')}`,
    );
  }
  return { status: 'published', events: events.length, failures };
}
