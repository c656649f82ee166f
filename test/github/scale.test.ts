/**
 * The request budget on a large mesh: an evaluation of a pull request against a generated mesh of
 * 2,000 data products makes a constant number of API requests, however many files the mesh has.
 *
 * How requests are counted: every request to the API host for one webhook delivery, except the
 * installation token (Probot caches it for an hour across deliveries). A tarball download counts
 * once (the codeload redirect target is not an API request). The budget is 6 for loading (the base
 * tarball and the pull request's file list, from which the head is rebuilt), reviewing (reviews,
 * and the members of a team when the approval comes through one) and writing the verdict, plus one
 * per further 50 annotations; follow-ups (labels, reviewer requests, the breaking-change comment)
 * are only sent when something must change and are counted separately. Evaluation time is
 * printed, not asserted.
 */
import nock from 'nock';
import type { Probot } from 'probot';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateMesh } from '../../bench/generate.ts';
import { SnapshotCache } from '../../bot/github/snapshots.ts';
import {
  API,
  BASE_SHA,
  HEAD_SHA,
  REPO,
  capture,
  countApiRequests,
  createTestProbot,
  deliver,
  interceptRequests,
  mockCheckRunLookup,
  mockInstallationToken,
  mockPullFiles,
  mockReviews,
  mockTarball,
  payload,
  pullFiles,
  tarball,
} from './helpers.ts';

const PRODUCTS = 2_000;
let base: Map<string, string>;
let baseTarball: Buffer;
let probot: Probot;
let cache: SnapshotCache;

const receive = (name: string, fixture: unknown, id = 'scale') => deliver(probot, name, fixture, id);

function time<T>(label: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  return run().finally(() => console.info(`[github scale] ${label}: ${Math.round(performance.now() - start)} ms`));
}

interceptRequests();

beforeAll(async () => {
  base = generateMesh({ products: PRODUCTS, org: 'acme', seed: 7 });
  baseTarball = await tarball(base);
  const products = [...base.keys()].filter((p) => p.endsWith('/product.yaml')).length;
  console.info(`[github scale] mesh: ${base.size} files, ${products} products, tarball ${(baseTarball.length / 1024).toFixed(0)} KiB`);
}, 240_000);

beforeEach(async () => {
  cache = new SnapshotCache();
  probot = await createTestProbot({ evaluate: { cache } });
  mockInstallationToken();
});

/** The head: one product's description edited, as a domain team's everyday pull request. */
function editOneProduct(): { head: Map<string, string>; domain: string; path: string } {
  const path = [...base.keys()].find((p) => p.endsWith('/product.yaml'))!;
  const head = new Map(base);
  head.set(path, base.get(path)!.replace(/purpose: .*/, 'purpose: Every order placed in the shop, now with returns.'));
  expect(head.get(path)).not.toBe(base.get(path));
  return { head, domain: path.split('/')[1], path };
}

/** The owners of a domain in the generated mesh, as the payload lists them once they were asked. */
function alreadyRequested(fixture: any, domain: string) {
  const owners = [...base.get(`catalog/${domain}/domain.yaml`)!.matchAll(/@([\w.-]+(?:\/[\w.-]+)?)/g)].map((m) => m[1]);
  fixture.pull_request.requested_reviewers = owners.filter((o) => !o.includes('/')).map((login) => ({ login }));
  fixture.pull_request.requested_teams = owners.filter((o) => o.includes('/')).map((team) => ({ slug: team.split('/')[1] }));
  return fixture;
}

/** The pull request's meshes: the base tarball and the file list (GitHub-style hunks), no head tarball. */
function mockMeshes(head: Map<string, string>): void {
  mockTarball(REPO, BASE_SHA, baseTarball);
  mockPullFiles(pullFiles(base, head, { context: 3 }));
}

/** The owners of a domain: the team and the users named in its domain.yaml. */
function ownersOf(domain: string): { team?: string; user?: string } {
  const owners = [...base.get(`catalog/${domain}/domain.yaml`)!.matchAll(/@([\w.-]+(?:\/[\w.-]+)?)/g)].map((m) => m[1]);
  return { team: owners.find((o) => o.includes('/'))?.split('/')[1], user: owners.find((o) => !o.includes('/')) };
}

describe(`one evaluation on a ${PRODUCTS}-product mesh`, () => {
  it("an everyday change approved through its owners' team: 6 requests, the verdict included", async () => {
    const { head, domain } = editOneProduct();
    const { team } = ownersOf(domain);
    expect(team).toBeDefined();
    mockMeshes(head);
    mockCheckRunLookup(HEAD_SHA);
    mockReviews([{ user: 'owner-1', state: 'APPROVED', commit: HEAD_SHA }]);
    nock(API).get(`/orgs/acme/teams/${team}/members`).query(true).reply(200, [{ login: 'owner-1' }]);
    const created = capture('post', `/repos/${REPO}/check-runs`, { id: 1 });
    const fixture = payload('pull_request_review.submitted');
    fixture.review.user.login = 'owner-1';
    const counter = countApiRequests();
    await time('first evaluation (base tarball parsed, head rebuilt from the file list)', () => receive('pull_request_review', fixture));
    counter.stop();
    console.info(`[github scale] requests: ${counter.count} — ${counter.requests.join(', ')}`);
    expect(created).toMatchObject([{ conclusion: 'success' }]);
    // The GraphQL request (base tip and tree, reviews, commits) comes first: the tip decides which tarball.
    expect(counter.requests.map((r) => r.replace(/[0-9a-f]{40}/g, '{sha}').replace(/\/teams\/[^/]+\//, '/teams/{team}/')).sort()).toEqual([
      'GET /orgs/acme/teams/{team}/members',
      'GET /repos/acme/mesh/commits/{sha}/check-runs',
      'GET /repos/acme/mesh/pulls/7/files',
      'GET /repos/acme/mesh/tarball/{sha}',
      'POST /graphql',
      'POST /repos/acme/mesh/check-runs',
    ]);
  }, 180_000);

  it('the same change approved by an owner named in the domain: 5 requests, no team lookup', async () => {
    const { head, domain } = editOneProduct();
    const { user } = ownersOf(domain);
    expect(user).toBeDefined();
    mockMeshes(head);
    mockCheckRunLookup(HEAD_SHA);
    mockReviews([{ user: user!, state: 'APPROVED', commit: HEAD_SHA }]);
    const created = capture('post', `/repos/${REPO}/check-runs`, { id: 1 });
    const fixture = payload('pull_request_review.submitted');
    fixture.review.user.login = user;
    const counter = countApiRequests();
    await time('first evaluation, direct approval', () => receive('pull_request_review', fixture));
    counter.stop();
    console.info(`[github scale] requests: ${counter.count} — ${counter.requests.join(', ')}`);
    expect(created).toMatchObject([{ conclusion: 'success' }]);
    expect(counter.count).toBe(5);
  }, 180_000);

  it('loading one snapshot (gunzip, untar, parse 4,500 files) and reviewing, timed apart', async () => {
    nock.cleanAll(); // no request here: the installation token is not needed
    const { readTarball } = await import('../../bot/sources/tarball.ts');
    const { loadMesh } = await import('../../bot/core/load/mesh.ts');
    const { review } = await import('../../bot/core/review/review.ts');
    const { head } = editOneProduct();
    const headTarball = await tarball(head);
    const files = await time('untar base (gunzip + tar-stream)', () => readTarball(baseTarball));
    const baseSnapshot = await time('load base (core loadMesh)', async () => loadMesh(files));
    const headSnapshot = await time('untar + load head', async () => loadMesh(await readTarball(headTarball)));
    const result = await time('core review', () =>
      review(baseSnapshot, headSnapshot, { author: 'lena', headSha: HEAD_SHA, reviews: async () => [], teamMembers: async () => [] }),
    );
    expect(result.changes).toHaveLength(1);
  }, 180_000);

  it('an access request without approvals yet: 5 requests for the verdict, plus one label and one reviewer request', async () => {
    const { head } = editOneProduct();
    const grantPath = [...base.keys()].find((p) => p.includes('/access/'))!;
    const grant = base.get(grantPath)!;
    head.set(grantPath.replace(/\.yaml$/, '-2.yaml'), grant.replace(/^id: (.*)$/m, 'id: $1-again'));
    mockMeshes(head);
    mockCheckRunLookup(HEAD_SHA);
    mockReviews([]);
    const created = capture('post', `/repos/${REPO}/check-runs`, { id: 2 });
    const labels = capture('post', `/repos/${REPO}/issues/7/labels`, []);
    const reviewers = capture('post', `/repos/${REPO}/pulls/7/requested_reviewers`);
    const counter = countApiRequests();
    await time('access request evaluation', () => receive('pull_request', payload('pull_request.opened')));
    counter.stop();
    console.info(`[github scale] requests: ${counter.count} — ${counter.requests.join(', ')}`);
    expect(created).toMatchObject([{ conclusion: 'action_required' }]);
    expect(labels).toHaveLength(1);
    expect(reviewers).toHaveLength(1);
    expect(counter.count - labels.length - reviewers.length).toBe(5);
  }, 180_000);

  it('the next event on the same commits reads no tarball and no file list: 3 requests', async () => {
    const { head, domain } = editOneProduct();
    mockMeshes(head);
    mockCheckRunLookup(HEAD_SHA);
    mockReviews([]);
    capture('post', `/repos/${REPO}/check-runs`, { id: 3 });
    await receive('pull_request', alreadyRequested(payload('pull_request.opened'), domain), 'first');
    mockCheckRunLookup(HEAD_SHA, [{ id: 3, external_id: `pr:7;base:${BASE_SHA}` }]);
    mockReviews([{ user: 'someone', state: 'COMMENTED', commit: HEAD_SHA }]);
    const updated = capture('patch', `/repos/${REPO}/check-runs/3`);
    const counter = countApiRequests();
    await time('re-evaluation from cache', () => receive('pull_request_review', alreadyRequested(payload('pull_request_review.submitted'), domain), 'second'));
    counter.stop();
    console.info(`[github scale] requests: ${counter.count} — ${counter.requests.join(', ')}`);
    expect(updated).toHaveLength(1);
    expect(counter.count).toBe(3);
  }, 180_000);
});
