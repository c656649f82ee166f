/**
 * The review's security rules, end to end: real webhook payloads in, the real core review, and the
 * check run GitHub would show. The pull request (#7, by @lena) adds an access grant to
 * `checkout-orders-v1`, whose role `analyst` names `@acme/checkout-data` as first-level approvers.
 */
import nock from 'nock';
import type { Probot } from 'probot';
import { beforeEach, describe, expect, it } from 'vitest';
import { SnapshotCache } from '../../bot/github/snapshots.ts';
import { smallMesh, withFiles } from '../fixtures/meshes/small.ts';
import {
  API,
  BASE_SHA,
  HEAD2_SHA,
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
  type Files,
  type ReviewRecord,
} from './helpers.ts';

const GRANT = 'catalog/checkout/orders/access/marketing.yaml';
let baseFiles: Files;
let headFiles: Files;
let probot: Probot;

const receive = (name: string, fixture: unknown) => deliver(probot, name, fixture, 'sec-1');

/** Mocks one evaluation of pull #7 at `head` with `reviews`; returns the check run written. */
async function evaluation(head: string, reviews: ReviewRecord[], team?: string[]) {
  await mockPullRequestMeshes(baseFiles, headFiles, { headSha: head });
  mockCheckRunLookup(head, [{ id: 300, external_id: `pr:7;base:${BASE_SHA}` }]);
  mockReviews(reviews);
  if (team) nock(API).get('/orgs/acme/teams/checkout-data/members').query(true).reply(200, team.map((login) => ({ login })));
  return capture('patch', `/repos/${REPO}/check-runs/300`);
}

/** The payload as GitHub sends it once the label is on and the team has been asked. */
function withState(fixture: any) {
  fixture.pull_request.labels = [{ name: 'access-request' }];
  fixture.pull_request.requested_teams = [{ slug: 'checkout-data' }];
  return fixture;
}

const outcome = (written: unknown[]) => {
  const run = written[0] as { conclusion: string; output: { title: string; summary: string } };
  return { conclusion: run.conclusion, title: run.output.title };
};

interceptRequests();

beforeEach(async () => {
  baseFiles = withFiles({ [GRANT]: null });
  headFiles = smallMesh;
  probot = await createTestProbot({ evaluate: { cache: new SnapshotCache() } });
  mockInstallationToken();
});

describe('approvals through webhooks', () => {
  it('an approval by a member of the required team on the head commit passes', async () => {
    const written = await evaluation(HEAD_SHA, [{ user: 'maria', state: 'APPROVED', commit: HEAD_SHA }], ['maria', 'jonas']);
    await receive('pull_request_review', withState(payload('pull_request_review.submitted')));
    expect(outcome(written)).toEqual({ conclusion: 'success', title: 'Access request: all checks passed' });
  });

  it('a stale approval does not count after a synchronize: the new head needs a new approval', async () => {
    // maria approved the first commit; lena then pushed another.
    const written = await evaluation(HEAD2_SHA, [{ user: 'maria', state: 'APPROVED', commit: HEAD_SHA }]);
    await receive('pull_request', withState(payload('pull_request.synchronize')));
    expect(outcome(written)).toEqual({ conclusion: 'action_required', title: 'Access request: needs approval from @acme/checkout-data' });
  });

  it("the author's own approval does not count, even as a member of the required team", async () => {
    const fixture = withState(payload('pull_request_review.submitted'));
    fixture.review.user = fixture.pull_request.user;
    fixture.sender = fixture.pull_request.user;
    const written = await evaluation(HEAD_SHA, [{ user: 'lena', state: 'APPROVED', commit: HEAD_SHA }]);
    await receive('pull_request_review', fixture);
    expect(outcome(written).conclusion).toBe('action_required');
  });

  it('an approval from outside the required team does not count', async () => {
    const fixture = withState(payload('pull_request_review.submitted'));
    fixture.review.user = { ...fixture.review.user, login: 'kenji', id: 5 };
    const written = await evaluation(HEAD_SHA, [{ user: 'kenji', state: 'APPROVED', commit: HEAD_SHA }], ['maria', 'jonas']);
    await receive('pull_request_review', fixture);
    expect(outcome(written).conclusion).toBe('action_required');
  });

  it('a dismissed approval no longer counts', async () => {
    const written = await evaluation(HEAD_SHA, [{ user: 'maria', state: 'DISMISSED', commit: HEAD_SHA }]);
    await receive('pull_request_review', withState(payload('pull_request_review.dismissed')));
    expect(outcome(written).conclusion).toBe('action_required');
  });

  it('the missing approvers are asked, once', async () => {
    const written = await evaluation(HEAD_SHA, []);
    const requested = capture('post', `/repos/${REPO}/pulls/7/requested_reviewers`);
    const labelled = capture('post', `/repos/${REPO}/issues/7/labels`, []);
    await receive('pull_request', payload('pull_request.opened'));
    expect(outcome(written).conclusion).toBe('action_required');
    expect(requested).toEqual([{ reviewers: [], team_reviewers: ['checkout-data'] }]);
    expect(labelled).toEqual([{ labels: ['access-request'] }]);
  });

  it('a pull request that makes its author an owner is judged by the owners in the base', async () => {
    // lena adds herself as an owner of checkout and approves: the base owners still decide.
    const head = withFiles({
      'catalog/checkout/domain.yaml': smallMesh['catalog/checkout/domain.yaml'].replace('  - "@acme/checkout-data"\n', '  - "@acme/checkout-data"\n  - "@lena"\n'),
    });
    headFiles = head;
    baseFiles = smallMesh;
    const fixture = payload('pull_request_review.submitted');
    fixture.review.user = fixture.pull_request.user;
    fixture.pull_request.labels = [{ name: 'access-request' }];
    const written = await evaluation(HEAD_SHA, [{ user: 'lena', state: 'APPROVED', commit: HEAD_SHA }]);
    capture('delete', `/repos/${REPO}/issues/7/labels/access-request`, []);
    const requested = capture('post', `/repos/${REPO}/pulls/7/requested_reviewers`);
    await receive('pull_request_review', fixture);
    expect(outcome(written).conclusion).toBe('action_required');
    expect(requested[0]).toMatchObject({ team_reviewers: expect.arrayContaining(['checkout-data']) });
    expect((requested[0] as { reviewers: string[] }).reviewers).not.toContain('lena');
  });
});

describe('which base judges', () => {
  it('a pull request into a branch other than the default one writes no check on its head commit', async () => {
    // Anyone who may push a branch could give it a lax governance.yaml; the check run belongs to
    // the commit, so a success judged against that branch would pass the same commit into main.
    nock.cleanAll();
    const fixture = payload('pull_request.opened');
    fixture.pull_request.base.ref = 'lax-rules';
    await receive('pull_request', fixture);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('a grant that a .gitattributes hides from the tarball (export-ignore) is still reviewed: the file list is the diff', async () => {
    // The archive GitHub serves leaves out export-ignore'd paths, the .gitattributes itself
    // included; the head is built from the pull request's file list instead, which hides nothing.
    headFiles = { ...smallMesh, 'catalog/checkout/orders/access/.gitattributes': '* export-ignore\n' };
    const written = await evaluation(HEAD_SHA, []);
    const labelled = capture('post', `/repos/${REPO}/issues/7/labels`, []);
    const requested = capture('post', `/repos/${REPO}/pulls/7/requested_reviewers`);
    await receive('pull_request', withState(payload('pull_request.opened')));
    // The grant's approvers, and the platform approvers for the .gitattributes (a platform change wherever it is).
    expect(outcome(written)).toEqual({ conclusion: 'action_required', title: 'Access request, Platform change: needs approval from @acme/checkout-data and 1 more approval' });
    expect(labelled).toHaveLength(1);
    expect(requested).toEqual([{ reviewers: [], team_reviewers: ['platform'] }]);
  });

  it('when the head tarball must be read instead, a grant it leaves out (export-ignore) fails the check instead of passing unseen', async () => {
    const hidden = ['catalog/checkout/orders/access/.gitattributes', GRANT];
    const files = pullFiles(baseFiles, { ...smallMesh, [hidden[0]]: '* export-ignore\n' });
    // Without the grant's patch the head cannot be rebuilt from the list: the tarball is read.
    delete files.find((f) => f.filename === GRANT)!.patch;
    const withoutGrant = await tarball(withFiles({ [GRANT]: null }));
    mockTarball(REPO, BASE_SHA, withoutGrant);
    mockPullFiles(files);
    mockTarball(REPO, HEAD_SHA, withoutGrant);
    mockCheckRunLookup(HEAD_SHA, [{ id: 300, external_id: `pr:7;base:${BASE_SHA}` }]);
    mockReviews([]);
    const written = capture('patch', `/repos/${REPO}/check-runs/300`);
    await receive('pull_request', payload('pull_request.opened'));
    const run = written[0] as { conclusion: string; output: { summary: string } };
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('leaves out 2 files the pull request changes (`catalog/checkout/orders/access/.gitattributes`, `catalog/checkout/orders/access/marketing.yaml`)');
    expect(run.output.summary).toContain('Remove the export-ignore attributes');
  });
});

describe('findings through webhooks', () => {
  it('a broken reference in the head fails the check and is annotated at its file and line', async () => {
    baseFiles = smallMesh;
    headFiles = withFiles({ 'catalog/checkout/orders/product.yaml': smallMesh['catalog/checkout/orders/product.yaml'].replace('contractId: checkout-orders-v1', 'contractId: checkout-orders-v9') });
    await mockPullRequestMeshes(baseFiles, headFiles);
    mockCheckRunLookup(HEAD_SHA);
    mockReviews([]);
    const created = capture('post', `/repos/${REPO}/check-runs`, { id: 400 });
    const requested = capture('post', `/repos/${REPO}/pulls/7/requested_reviewers`);
    await receive('pull_request', payload('pull_request.opened'));
    expect(requested).toEqual([{ reviewers: [], team_reviewers: ['checkout-data'] }]);
    const run = created[0] as { conclusion: string; output: { annotations: Array<Record<string, unknown>> } };
    expect(run.conclusion).toBe('failure');
    expect(run.output.annotations).toContainEqual(
      expect.objectContaining({ path: 'catalog/checkout/orders/product.yaml', start_line: 15, annotation_level: 'failure' }),
    );
  });
});
