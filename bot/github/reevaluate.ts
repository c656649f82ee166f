/**
 * When the default branch moves, the verdicts of open pull requests may be stale: a policy, an
 * owner or a contract they depend on changed under them, and GitHub keeps a check run's
 * conclusion on the head commit until something writes it again. After a push to the default
 * branch that changes the mesh, Meshgate re-evaluates the open pull requests into it.
 *
 * Bounded: a push that changes nothing under catalog/ or policies/ re-evaluates nothing (the diff
 * comes from the two snapshots the push handler already loaded, so it costs no request); otherwise
 * one request lists the open pull requests, most recently updated first, and at most `limit`
 * (MESHGATE_REEVALUATE_LIMIT, default 20) are evaluated, one after another. Each costs what any
 * evaluation costs, except the base tarball, which all of them share (downloaded once):
 * about 4 requests each, 5–6 with team lookups, plus label or reviewer updates where they change.
 * The pull requests left over are named in the log; with more open pull requests than the limit,
 * turn on "Require branches to be up to date before merging" (see the README's "What the gate
 * guarantees").
 */
import { loadMesh } from '../core/load/mesh.ts';
import { diffMeshes } from '../core/review/changes.ts';
import { evaluatePullRequest, type EvaluateOptions, type PullPayload } from './evaluate.ts';
import type { Log } from './log.ts';
import type { GitHub } from './octokit.ts';
import type { PushPayload } from './push.ts';
import { loadCommitSnapshot } from './snapshots.ts';

export const DEFAULT_REEVALUATE_LIMIT = 20;
const NO_COMMIT = /^0+$/;

export interface ReevaluateOptions extends Partial<Omit<EvaluateOptions, 'log'>> {
  log: Log;
  /** At most this many open pull requests per push; 0 turns re-evaluation off. */
  limit?: number;
}

export type ReevaluateResult = { status: 'skipped'; reason: string } | { status: 'reevaluated'; pulls: number[]; leftOver: number[] };

/** Reads MESHGATE_REEVALUATE_LIMIT: a whole number ≥ 0, else the default. */
export function reevaluateLimit(value: string | undefined): number {
  const n = Number(value);
  return value !== undefined && value.trim() !== '' && Number.isInteger(n) && n >= 0 ? n : DEFAULT_REEVALUATE_LIMIT;
}

export async function reevaluateOpenPulls(octokit: GitHub, payload: PushPayload, options: ReevaluateOptions): Promise<ReevaluateResult> {
  const { repository } = payload;
  const limit = options.limit ?? DEFAULT_REEVALUATE_LIMIT;
  if (limit === 0) return { status: 'skipped', reason: 'turned off' };
  if (!repository.default_branch || payload.ref !== `refs/heads/${repository.default_branch}`) return { status: 'skipped', reason: 'not the default branch' };
  if (payload.deleted || NO_COMMIT.test(payload.after)) return { status: 'skipped', reason: 'branch deleted' };
  const owner = repository.owner.login ?? repository.owner.name ?? repository.full_name.split('/')[0];
  const repo = repository.name;
  const snapshotOptions = { cache: options.cache, timeoutMs: options.tarballTimeoutMs };
  const after = await loadCommitSnapshot(octokit, { owner, repo, sha: payload.after }, snapshotOptions);
  const before = NO_COMMIT.test(payload.before) ? loadMesh([]) : await loadCommitSnapshot(octokit, { owner, repo, sha: payload.before }, snapshotOptions);
  const inMesh = (path: string | undefined) => path !== undefined && /^(catalog|policies)\//.test(path);
  if (!diffMeshes(before, after).some((change) => inMesh(change.file) || inMesh(change.previousFile))) return { status: 'skipped', reason: 'the mesh did not change' };

  const { data } = await octokit.request('GET /repos/{owner}/{repo}/pulls', {
    owner,
    repo,
    state: 'open',
    base: repository.default_branch,
    sort: 'updated',
    direction: 'desc',
    per_page: Math.min(100, limit + 1),
  });
  const open = (data as unknown as PullPayload[]).filter((pull) => pull.state === 'open');
  const chosen = open.slice(0, limit);
  const leftOver = open.slice(limit).map((pull) => pull.number);
  if (leftOver.length > 0) {
    options.log.warn(
      { limit, leftOver },
      `More open pull requests than MESHGATE_REEVALUATE_LIMIT (${limit}): the least recently updated keep their verdict until their next event. Require branches to be up to date, or raise the limit.`,
    );
  }
  const problems: unknown[] = [];
  for (const pull of chosen) {
    try {
      await evaluatePullRequest(octokit, { owner, repo }, pull, { ...options, log: options.log });
    } catch (error) {
      problems.push(error);
    }
  }
  if (problems.length > 0) throw new AggregateError(problems, `Re-evaluating ${problems.length} open pull request(s) after ${payload.after.slice(0, 7)} failed.`);
  return { status: 'reevaluated', pulls: chosen.map((pull) => pull.number), leftOver };
}
