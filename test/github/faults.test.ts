/**
 * When GitHub misbehaves, the pull request gets a failing check run that says what went wrong and
 * how to re-run, never a pass. Probot's retry and throttling plugins are off here, so each fault
 * is the final error the app's own code must handle.
 */
import nock from 'nock';
import type { Probot } from 'probot';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Review } from '../../bot/core/review/types.ts';
import { TeamMembershipError } from '../../bot/github/pull-context.ts';
import { SnapshotCache } from '../../bot/github/snapshots.ts';
import { smallMesh, withFiles } from '../fixtures/meshes/small.ts';
import {
  API,
  BASE_SHA,
  CODELOAD,
  HEAD_SHA,
  REPO,
  capture,
  createTestProbot,
  deliver,
  interceptRequests,
  mockCheckRunLookup,
  mockInstallationToken,
  mockReviews,
  mockPullFiles,
  mockPullRequestMeshes,
  mockTarball,
  payload,
  pullFiles,
  tarball,
} from './helpers.ts';

/** Pull request #7 (and the fork's #9) adds a grant to the small mesh. */
const baseMesh = withFiles({ 'catalog/checkout/orders/access/marketing.yaml': null });
let baseTarball: Buffer;
let headTarball: Buffer;

/** The file list, from which the head is rebuilt. */
const changes = () => pullFiles(baseMesh, smallMesh);
/** A file list without the grant's patch (too large, say): the head tarball is read instead. */
function unpatchable() {
  const files = changes();
  delete files[0].patch;
  return files;
}
let probot: Probot;
let reviewCalls: number;
let reviewImpl: () => Promise<Review>;

const passing: Review = {
  conclusion: 'success',
  title: 'All good',
  findings: [],
  changes: [],
  categories: [],
  breakingChanges: [],
  approvals: [],
  reviewersToRequest: { users: [], teams: [] },
};

const receive = (name: string, fixture: unknown) => deliver(probot, name, fixture, 'delivery-42');

async function failureOf(run: () => Promise<unknown>, checkRunPath = `/repos/${REPO}/check-runs`, method: 'post' | 'patch' = 'post') {
  const written = capture(method, checkRunPath, { id: 1 });
  await run();
  expect(written).toHaveLength(1);
  const body = written[0] as { conclusion: string; output: { title: string; summary: string } };
  expect(body.conclusion).toBe('failure');
  expect(body.output.title).toBe('Meshgate could not evaluate this pull request');
  return body.output.summary;
}

interceptRequests();

beforeAll(async () => {
  baseTarball = await tarball(baseMesh);
  headTarball = await tarball(smallMesh);
});

beforeEach(async () => {
  reviewCalls = 0;
  reviewImpl = async () => passing;
  probot = await createTestProbot({
    evaluate: {
      cache: new SnapshotCache(),
      review: async () => {
        reviewCalls++;
        return reviewImpl();
      },
      render: () => 'summary',
    },
  });
  mockInstallationToken();
  // Every evaluation starts with the GraphQL request for the base tip and the reviews.
  mockReviews([], 7, REPO, { optional: true });
});

describe('faults while loading the meshes', () => {
  it('GitHub 5xx on the base tarball: failing check run that says so and how to re-run', async () => {
    mockCheckRunLookup(HEAD_SHA);
    mockPullFiles(changes());
    nock(API).get(`/repos/${REPO}/tarball/${BASE_SHA}`).reply(502, { message: 'Server Error' });
    const summary = await failureOf(() => receive('pull_request', payload('pull_request.opened')));
    expect(summary).toContain('GitHub answered HTTP 502');
    expect(summary).toContain('**How to re-run:** Re-run from the Checks tab ("Re-run"), or push a new commit.');
    expect(summary).toContain('delivery-42');
    expect(reviewCalls).toBe(0);
  });

  it('GitHub 5xx on the file list: failing check run, nothing reviewed', async () => {
    mockCheckRunLookup(HEAD_SHA);
    mockTarball(REPO, BASE_SHA, baseTarball);
    nock(API).get(`/repos/${REPO}/pulls/7/files`).query(true).reply(500, { message: 'Server Error' });
    const summary = await failureOf(() => receive('pull_request', payload('pull_request.opened')));
    expect(summary).toContain('GitHub answered HTTP 500');
    expect(reviewCalls).toBe(0);
  });

  it('a rate limit (403 with x-ratelimit-remaining 0): failing check run naming the reset time', async () => {
    mockCheckRunLookup(HEAD_SHA);
    mockPullFiles(changes());
    nock(API)
      .get(`/repos/${REPO}/tarball/${BASE_SHA}`)
      .reply(403, { message: 'API rate limit exceeded for installation ID 4242.' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1795000000' });
    const summary = await failureOf(() => receive('pull_request', payload('pull_request.opened')));
    expect(summary).toContain("GitHub's API rate limit for this installation was exhausted (it resets at 2026-11-18T");
    expect(summary).toContain('Wait until the limit resets, then re-run from the Checks tab.');
  });

  it('a secondary rate limit (429 with retry-after) on the file list: failing check run', async () => {
    mockCheckRunLookup(HEAD_SHA);
    mockTarball(REPO, BASE_SHA, baseTarball);
    nock(API).get(`/repos/${REPO}/pulls/7/files`).query(true).reply(429, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '60' });
    const summary = await failureOf(() => receive('pull_request', payload('pull_request.opened')));
    expect(summary).toContain('(it resets at 60 s from the time of this run)');
  });

  it('a tarball download that hangs: failing check run after the timeout', async () => {
    nock.cleanAll();
    probot = await createTestProbot({ evaluate: { cache: new SnapshotCache(), tarballTimeoutMs: 500, review: async () => passing, render: () => 'summary' } });
    mockInstallationToken();
    mockReviews([]);
    mockCheckRunLookup(HEAD_SHA);
    mockPullFiles(changes());
    nock(API).get(`/repos/${REPO}/tarball/${BASE_SHA}`).delay(5_000).reply(200, baseTarball, { 'content-type': 'application/x-gzip' });
    const summary = await failureOf(() => receive('pull_request', payload('pull_request.opened')));
    expect(summary).toMatch(/Downloading the repository tarball of acme\/mesh@[0-9a-f]{40} took longer than 500 ms\. GitHub may be slow right now\./);
  });

  it('a truncated tarball: failing check run, and the broken download is not cached', async () => {
    mockCheckRunLookup(HEAD_SHA);
    mockPullFiles(changes());
    mockTarball(REPO, BASE_SHA, baseTarball.subarray(0, baseTarball.length - 200));
    const summary = await failureOf(() => receive('pull_request', payload('pull_request.opened')));
    expect(summary).toMatch(/The repository tarball of acme\/mesh@6dcb09b5\w+ is truncated or corrupt/);
    // A re-run downloads the base again and succeeds.
    mockCheckRunLookup(HEAD_SHA, [{ id: 1, external_id: `pr:7;base:${BASE_SHA}` }]);
    await mockPullRequestMeshes(baseMesh, smallMesh, { baseTarball });
    mockReviews([]);
    const rerun = capture('patch', `/repos/${REPO}/check-runs/1`);
    await receive('pull_request', payload('pull_request.opened'));
    expect(rerun).toMatchObject([{ conclusion: 'success' }]);
  });

  it('a head tarball that is not gzip (an HTML error page), read because the file list cannot be applied: failing check run', async () => {
    mockCheckRunLookup(HEAD_SHA);
    mockTarball(REPO, BASE_SHA, baseTarball);
    mockPullFiles(unpatchable());
    nock(API).get(`/repos/${REPO}/tarball/${HEAD_SHA}`).reply(302, '', { location: `${CODELOAD}/acme/mesh/legacy.tar.gz/${HEAD_SHA}` });
    nock(CODELOAD).get(`/acme/mesh/legacy.tar.gz/${HEAD_SHA}`).reply(200, '<html>Unicorn!</html>', { 'content-type': 'text/html' });
    const summary = await failureOf(() => receive('pull_request', payload('pull_request.opened')));
    expect(summary).toContain('is not gzip data');
  });

  it('a deleted branch or fork (404 on the head tarball, when it must be read): failing check run telling how to recover', async () => {
    mockCheckRunLookup(HEAD_SHA);
    mockTarball(REPO, BASE_SHA, baseTarball);
    mockPullFiles(unpatchable(), 9);
    mockReviews([], 9);
    nock(API).get(`/repos/outside-dev/mesh/tarball/${HEAD_SHA}`).reply(404, { message: 'Not Found' });
    nock(API).get(`/repos/${REPO}/tarball/${HEAD_SHA}`).reply(404, { message: 'Not Found' });
    const summary = await failureOf(() => receive('pull_request', payload('pull_request.opened.fork')));
    expect(summary).toContain('GitHub answered 404 for the repository tarball');
    expect(summary).toContain('the head branch or the fork it lives in was probably deleted');
    expect(summary).toContain('Restore the branch, or push the change to a branch that exists');
  });

  it('a fork the app cannot see (404): the head tarball is read from the base repository', async () => {
    mockCheckRunLookup(HEAD_SHA);
    mockTarball(REPO, BASE_SHA, baseTarball);
    mockPullFiles(unpatchable(), 9);
    nock(API).get(`/repos/outside-dev/mesh/tarball/${HEAD_SHA}`).reply(404, { message: 'Not Found' });
    mockTarball(REPO, HEAD_SHA, headTarball);
    mockReviews([], 9);
    const created = capture('post', `/repos/${REPO}/check-runs`, { id: 2 });
    await receive('pull_request', payload('pull_request.opened.fork'));
    expect(created).toMatchObject([{ conclusion: 'success' }]);
  });

  it('a fork that no longer exists: the head tarball is read from the base repository', async () => {
    const fixture = payload('pull_request.opened.fork');
    fixture.pull_request.head.repo = null;
    mockCheckRunLookup(HEAD_SHA);
    mockTarball(REPO, BASE_SHA, baseTarball);
    mockPullFiles(unpatchable(), 9);
    mockTarball(REPO, HEAD_SHA, headTarball);
    mockReviews([], 9);
    const created = capture('post', `/repos/${REPO}/check-runs`, { id: 2 });
    await receive('pull_request', fixture);
    expect(created).toMatchObject([{ conclusion: 'success' }]);
  });
});

describe('faults while reviewing and reporting', () => {
  it('team members unreadable: failing check run naming the permission', async () => {
    reviewImpl = async () => {
      throw new TeamMembershipError('Meshgate may not read the members of team @acme/privacy (HTTP 403). Give the app the organization permission "Members: read".');
    };
    mockCheckRunLookup(HEAD_SHA);
    await mockPullRequestMeshes(baseMesh, smallMesh, { baseTarball });
    const summary = await failureOf(() => receive('pull_request', payload('pull_request.opened')));
    expect(summary).toContain('"Members: read"');
    expect(summary).toContain('After fixing the permission, re-run from the Checks tab.');
  });

  it('the check-run lookup fails: the failure is still reported, after one more lookup', async () => {
    nock(API).get(`/repos/${REPO}/commits/${HEAD_SHA}/check-runs`).query(true).reply(500, { message: 'Server Error' });
    mockCheckRunLookup(HEAD_SHA, [{ id: 9, external_id: `pr:7;base:${BASE_SHA}` }]);
    const summary = await failureOf(() => receive('pull_request', payload('pull_request.opened')), `/repos/${REPO}/check-runs/9`, 'patch');
    expect(summary).toContain('GitHub answered HTTP 500');
  });

  it('writing the result fails (annotation rejected): the run is rewritten as a failure', async () => {
    mockCheckRunLookup(HEAD_SHA);
    await mockPullRequestMeshes(baseMesh, smallMesh, { baseTarball });
    nock(API).post(`/repos/${REPO}/check-runs`).reply(422, { message: 'Invalid request.' });
    const summary = await failureOf(() => receive('pull_request', payload('pull_request.opened')));
    expect(summary).toContain('GitHub refused a request with HTTP 422');
  });

  it('nothing can be written at all: the delivery fails, so it shows in the app\'s deliveries', async () => {
    nock(API).get(`/repos/${REPO}/commits/${HEAD_SHA}/check-runs`).query(true).times(2).reply(503, { message: 'Unavailable' });
    nock(API).post(`/repos/${REPO}/check-runs`).reply(503, { message: 'Unavailable' });
    await expect(receive('pull_request', payload('pull_request.opened'))).rejects.toThrow();
  });

  it('labels cannot be set: the verdict stands and the delivery fails for redelivery', async () => {
    mockCheckRunLookup(HEAD_SHA);
    await mockPullRequestMeshes(baseMesh, smallMesh, { baseTarball });
    reviewImpl = async () => ({ ...passing, categories: ['new-product'] });
    const created = capture('post', `/repos/${REPO}/check-runs`, { id: 3 });
    nock(API).post(`/repos/${REPO}/issues/7/labels`).reply(500, { message: 'Server Error' });
    await expect(receive('pull_request', payload('pull_request.opened'))).rejects.toThrow();
    expect(created).toMatchObject([{ conclusion: 'success' }]);
  });
});
