/**
 * The GitHub app's API requests for one evaluation of a pull request that changes one contract on
 * a generated mesh, counted through the nock setup the app's tests use too (bench/github-mock.ts):
 * a `pull_request_review` approving the change is delivered to a Probot running the app; nock
 * serves the GraphQL request (base tip and tree, reviews, commits), the base tarball and the pull
 * request's file list (with GitHub-style patches, from which the app rebuilds the head); every
 * request to the API host except the installation token is counted, and so are the annotations
 * the check run carries.
 *
 * `--approval team` (the default): the approver is a member of the domain's owner team, not named
 * anywhere, so the app reads the team's members. `--approval login`: the approver is an owner the
 * domain names directly, which costs no team request.
 *
 * With `--scenario annotations` the PR instead strips descriptions and classifications from every
 * property of five contracts, so the check run carries a few hundred annotations (50 per request).
 *
 *   tsx bench/api-eval.ts DIR [--scenario one-contract|annotations] [--approval team|login]   → prints one JSON object
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import type { Probot } from 'probot';
import { loadMesh } from '../bot/core/load/mesh.ts';
import { readDirectory } from '../bot/sources/directory.ts';
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
  mockPullFiles,
  mockReviews,
  mockTarball,
  payload,
  pullFiles,
  tarball,
} from './github-mock.ts';
import yaml from 'js-yaml';
import type { MeshSnapshot, SourceFile } from '../bot/core/model.ts';
import { commandLine, usageError } from './args.ts';
import { changeOneContract } from './review-eval.ts';

/** Five contracts whose properties lose description and classification: policy findings on every property. */
function stripFiveContracts(files: SourceFile[], base: MeshSnapshot): { files: SourceFile[]; changed: string } {
  const targets = new Set([...base.byKind.DataContract.values()].slice(0, 5).map((c) => c.file));
  const out = files.map((f) => {
    if (!targets.has(f.path)) return f;
    const doc = yaml.load(asText(f.content), { schema: yaml.CORE_SCHEMA }) as { schema: { properties: Record<string, unknown>[] }[] };
    for (const object of doc.schema) for (const p of object.properties) {
      delete p.description;
      delete p.classification;
    }
    return { path: f.path, content: yaml.dump(doc, { lineWidth: 120, noRefs: true, noArrayIndent: true }) };
  });
  return { files: out, changed: [...targets][0] };
}

const asText = (content: Uint8Array | string | undefined) => (typeof content === 'string' ? content : Buffer.from(content ?? []).toString('utf8'));

async function main(): Promise<void> {
  const usage = 'tsx bench/api-eval.ts DIR [--scenario one-contract|annotations] [--approval team|login]';
  const { values, positionals } = commandLine(usage, {
    allowPositionals: true,
    options: { scenario: { type: 'string', default: 'one-contract' }, approval: { type: 'string', default: 'team' } },
  });
  if (positionals.length !== 1) usageError(usage, 'one DIR, the generated mesh');
  const { scenario, approval } = values;
  if (scenario !== 'one-contract' && scenario !== 'annotations') usageError(usage, `--scenario ${scenario}: one-contract or annotations`);
  if (approval !== 'team' && approval !== 'login') usageError(usage, `--approval ${approval}: team or login`);
  const dir = positionals[0];
  const files = (await readDirectory(resolve(dir))).filter((f) => f.content !== undefined);
  const baseSnapshot = loadMesh(files);
  const changed = scenario === 'annotations' ? stripFiveContracts(files, baseSnapshot) : changeOneContract(files, baseSnapshot);
  const base = new Map(files.map((f) => [f.path, asText(f.content)]));
  const head = new Map(changed.files.map((f) => [f.path, asText(f.content)]));
  const domain = changed.changed.split('/')[1];
  const domainEntity = baseSnapshot.byKind.Domain.get(domain);
  const named = domainEntity?.valid ? domainEntity.doc.owners.find((o) => !o.includes('/'))?.slice(1) : undefined;
  if (approval === 'login' && !named) throw new Error(`domain ${domain} names no owner directly; use --approval team`);
  // Nobody names this login: only the team lookup can make the approval count.
  const owner = approval === 'login' ? named! : 'bench-team-member';

  nock.disableNetConnect();
  const probot: Probot = await createTestProbot({ evaluate: { cache: new SnapshotCache() } } as never);
  mockInstallationToken();
  mockTarball(REPO, BASE_SHA, await tarball(base));
  mockPullFiles(pullFiles(base, head, { context: 3 }));
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
      scenario,
      approval,
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
