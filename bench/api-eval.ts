/**
 * The GitHub app's API requests for one evaluation of a pull request that changes one contract on
 * a generated mesh, counted through the same nock setup as test/github (its helpers are reused):
 * a `pull_request_review` (approved by an owner of the contract's domain) is delivered to a Probot
 * running the app; both tarballs are served by nock; every request to the API host except the
 * installation token is counted, and so are the annotations the check run carries.
 *
 *   tsx bench/api-eval.ts DIR   → prints one JSON object
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import type { Probot } from 'probot';
import { loadMesh } from '../bot/core/load/mesh.ts';
import { readDirectory } from '../bot/core/load/sources.ts';
import { SnapshotCache } from '../bot/github/snapshots.ts';
import {
  API,
  BASE_SHA,
  HEAD_SHA,
  REPO,
  countApiRequests,
  createTestProbot,
  mockCheckRunLookup,
  mockInstallationToken,
  mockReviews,
  mockTarball,
  payload,
  tarball,
} from '../test/github/helpers.ts';
import { changeOneContract } from './review-eval.ts';

const asText = (content: Uint8Array | string | undefined) => (typeof content === 'string' ? content : Buffer.from(content ?? []).toString('utf8'));

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: tsx bench/api-eval.ts DIR\n');
    process.exitCode = 2;
    return;
  }
  const files = (await readDirectory(resolve(dir))).filter((f) => f.content !== undefined);
  const baseSnapshot = loadMesh(files);
  const changed = changeOneContract(files, baseSnapshot);
  const base = new Map(files.map((f) => [f.path, asText(f.content)]));
  const head = new Map(changed.files.map((f) => [f.path, asText(f.content)]));
  const domain = changed.changed.split('/')[1];
  const owner = baseSnapshot.byKind.Domain.get(domain)?.doc.owners.find((o) => !o.includes('/'))?.slice(1) ?? 'owner-1';

  nock.disableNetConnect();
  const probot: Probot = await createTestProbot({ evaluate: { cache: new SnapshotCache() } } as never);
  mockInstallationToken();
  mockTarball(REPO, BASE_SHA, await tarball(base));
  mockTarball(REPO, HEAD_SHA, await tarball(head));
  mockCheckRunLookup(HEAD_SHA);
  mockReviews([{ user: owner, state: 'APPROVED', commit: HEAD_SHA }]);
  // Whatever else the app asks, answer as GitHub would; it is counted all the same.
  nock(API).persist().get(/\/orgs\/[^/]+\/teams\/[^/]+\/members/).query(true).reply(200, [{ login: owner }]);
  const checkRuns: { annotations: number; conclusion?: string }[] = [];
  const record = (body: any) => {
    checkRuns.push({ annotations: body?.output?.annotations?.length ?? 0, conclusion: body?.conclusion });
    return true;
  };
  nock(API).persist().post(`/repos/${REPO}/check-runs`, record).reply(201, { id: 1 });
  nock(API).persist().patch(`/repos/${REPO}/check-runs/1`, record).reply(200, { id: 1 });
  nock(API).persist().post(/\/issues\/\d+\/labels/).reply(200, []);
  nock(API).persist().delete(/\/issues\/\d+\/labels\//).reply(200, []);
  nock(API).persist().post(/\/pulls\/\d+\/requested_reviewers/).reply(201, {});
  nock(API).persist().get(/\/issues\/\d+\/comments/).query(true).reply(200, []);
  nock(API).persist().post(/\/issues\/\d+\/comments/).reply(201, { id: 1 });

  const fixture = payload('pull_request_review.submitted');
  fixture.review.user.login = owner;
  const counter = countApiRequests();
  const started = performance.now();
  await probot.receive({ id: 'bench', name: 'pull_request_review', payload: fixture } as Parameters<Probot['receive']>[0]);
  const evaluationMs = performance.now() - started;
  counter.stop();
  nock.cleanAll();
  nock.enableNetConnect();

  const byRoute: Record<string, number> = {};
  for (const request of counter.requests) {
    const route = request.replace(/\?.*$/, '').replace(/[0-9a-f]{40}/g, '{sha}').replace(/\/\d+(?=\/|$)/g, '/{n}');
    byRoute[route] = (byRoute[route] ?? 0) + 1;
  }
  process.stdout.write(
    `${JSON.stringify({
      calls: counter.count,
      annotations: checkRuns.reduce((sum, c) => sum + c.annotations, 0),
      conclusion: checkRuns.find((c) => c.conclusion)?.conclusion ?? null,
      evaluationMs: Math.round(evaluationMs),
      changedFile: changed.changed,
      byRoute,
      requests: counter.requests,
    })}\n`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
