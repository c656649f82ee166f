/**
 * The app's event paths, with the core review replaced by a fake: what each webhook makes the app
 * ask of GitHub, and nothing more (every interceptor must be consumed, no other request is allowed).
 */
import nock from 'nock';
import type { Probot } from 'probot';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../bot/core/model.ts';
import type { Review } from '../../bot/core/review/types.ts';
import { BREAKING_MARKER } from '../../bot/github/breaking-comment.ts';
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
  mockPullRequestMeshes,
  payload,
  tarball,
} from './helpers.ts';

/** The base of pull request #7: the small mesh without the grant the pull request adds. */
const baseMesh = withFiles({ 'catalog/checkout/orders/access/marketing.yaml': null });
let baseTarball: Buffer;
let current: Review;
let probot: Probot;

function fakeReview(overrides: Partial<Review> = {}): Review {
  return {
    conclusion: 'action_required',
    title: 'Access request: approval from @acme/checkout-data missing',
    findings: [],
    changes: [{ type: 'added', kind: 'AccessGrant', id: 'marketing-checkout-orders', file: 'catalog/checkout/orders/access/marketing.yaml' }],
    categories: ['access-request'],
    breakingChanges: [],
    approvals: [],
    reviewersToRequest: { users: [], teams: [] },
    ...overrides,
  };
}

function finding(i: number, file = 'catalog/checkout/orders/product.yaml'): Finding {
  return { severity: i % 2 ? 'warning' : 'error', code: 'policy:p', message: `problem ${i}`, file, line: i + 1, column: 1, path: '' };
}

const delivery = (name: string, fixture: Record<string, unknown>, id = 'delivery-1') => deliver(probot, name, fixture, id);

/** The head the pull request proposes (its grant added): base tarball and file list. */
const mockMeshes = ({ headSha = HEAD_SHA, number = 7 } = {}) => mockPullRequestMeshes(baseMesh, smallMesh, { headSha, number, baseTarball });

/** The requests of any evaluation of pull #7: base tarball, file list, check-run lookup, reviews. */
async function mockLoad({ head = HEAD_SHA, runs = [] as Parameters<typeof mockCheckRunLookup>[1], reviews = [] as Parameters<typeof mockReviews>[0] } = {}) {
  await mockMeshes({ headSha: head });
  mockCheckRunLookup(head, runs);
  mockReviews(reviews);
}

interceptRequests();

beforeAll(async () => {
  baseTarball = await tarball(baseMesh);
});

beforeEach(async () => {
  current = fakeReview();
  probot = await createTestProbot({
    evaluate: {
      cache: new SnapshotCache(),
      review: async (_base, _head, pr) => {
        await pr.reviews();
        return current;
      },
      render: (review) => `summary: ${review.title}`,
    },
  });
  mockInstallationToken();
});

describe('pull_request events', () => {
  it('opened: creates the Meshgate check run on the head commit with the review as its output', async () => {
    await mockLoad();
    const created = capture('post', `/repos/${REPO}/check-runs`, { id: 501 });
    capture('post', `/repos/${REPO}/issues/7/labels`, []);
    await delivery('pull_request', payload('pull_request.opened'));
    expect(created).toEqual([
      {
        name: 'Meshgate',
        head_sha: HEAD_SHA,
        status: 'completed',
        conclusion: 'action_required',
        completed_at: expect.any(String),
        external_id: `pr:7;base:${BASE_SHA}`,
        output: { title: current.title, summary: `summary: ${current.title}` },
      },
    ]);
  });

  it('synchronize: evaluates the new head commit', async () => {
    await mockLoad({ head: HEAD2_SHA });
    const created = capture('post', `/repos/${REPO}/check-runs`, { id: 502 });
    capture('post', `/repos/${REPO}/issues/7/labels`, []);
    await delivery('pull_request', payload('pull_request.synchronize'));
    expect(created).toMatchObject([{ head_sha: HEAD2_SHA }]);
  });

  it.each(['pull_request.reopened', 'pull_request.ready_for_review', 'pull_request.edited.base'])('%s: evaluates the pull request', async (fixture) => {
    await mockLoad();
    const created = capture('post', `/repos/${REPO}/check-runs`, { id: 503 });
    capture('post', `/repos/${REPO}/issues/7/labels`, []);
    await delivery('pull_request', payload(fixture));
    expect(created).toHaveLength(1);
  });

  it('edited without a base change: asks GitHub nothing', async () => {
    nock.cleanAll(); // not even the installation token
    await delivery('pull_request', payload('pull_request.edited.title'));
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('a fork pull request: nothing is read from the fork, the check run goes to the base repository', async () => {
    await mockMeshes({ number: 9 });
    mockCheckRunLookup(HEAD_SHA);
    mockReviews([], 9);
    const created = capture('post', `/repos/${REPO}/check-runs`, { id: 504 });
    capture('post', `/repos/${REPO}/issues/9/labels`, []);
    await delivery('pull_request', payload('pull_request.opened.fork'));
    expect(created).toMatchObject([{ head_sha: HEAD_SHA, external_id: `pr:9;base:${BASE_SHA}` }]);
  });

  it('a closed pull request is not evaluated', async () => {
    nock.cleanAll();
    const fixture = payload('pull_request_review.submitted');
    fixture.pull_request.state = 'closed';
    await delivery('pull_request_review', fixture);
  });
});

describe('pull_request_review events', () => {
  it.each(['pull_request_review.submitted', 'pull_request_review.dismissed'])('%s: updates the existing check run in place', async (fixture) => {
    current = fakeReview({ conclusion: 'success', title: 'Access request approved', categories: ['access-request'] });
    await mockLoad({ runs: [{ id: 77, external_id: `pr:7;base:${BASE_SHA}` }], reviews: [{ user: 'maria', state: 'APPROVED', commit: HEAD_SHA }] });
    const updated = capture('patch', `/repos/${REPO}/check-runs/77`);
    capture('post', `/repos/${REPO}/issues/7/labels`, []);
    await delivery('pull_request_review', payload(fixture));
    expect(updated).toMatchObject([{ conclusion: 'success', output: { title: 'Access request approved' } }]);
  });
});

describe('check_run and check_suite events', () => {
  it('check_run rerequested: re-reads the pull request and rewrites the run named in the payload, without a lookup', async () => {
    const pull = payload('pull_request.opened').pull_request;
    nock(API).get(`/repos/${REPO}/pulls/7`).reply(200, pull);
    await mockMeshes();
    mockReviews([]);
    const updated = capture('patch', `/repos/${REPO}/check-runs/40000000001`);
    capture('post', `/repos/${REPO}/issues/7/labels`, []);
    await delivery('check_run', payload('check_run.rerequested'));
    expect(updated).toMatchObject([{ status: 'completed', conclusion: 'action_required' }]);
  });

  it('check_run rerequested on an older commit: evaluates the current head and leaves the old run alone', async () => {
    const pull = payload('pull_request.synchronize').pull_request;
    nock(API).get(`/repos/${REPO}/pulls/7`).reply(200, pull);
    await mockLoad({ head: HEAD2_SHA });
    const created = capture('post', `/repos/${REPO}/check-runs`, { id: 601 });
    capture('post', `/repos/${REPO}/issues/7/labels`, []);
    await delivery('check_run', payload('check_run.rerequested'));
    expect(created).toMatchObject([{ head_sha: HEAD2_SHA }]);
  });

  it('check_run rerequested for another app\'s check: ignored', async () => {
    nock.cleanAll();
    const fixture = payload('check_run.rerequested');
    fixture.check_run.name = 'ci / build';
    await delivery('check_run', fixture);
  });

  it('check_suite rerequested: evaluates each pull request of the suite', async () => {
    nock(API).get(`/repos/${REPO}/pulls/7`).reply(200, payload('pull_request.opened').pull_request);
    await mockLoad();
    const created = capture('post', `/repos/${REPO}/check-runs`, { id: 602 });
    capture('post', `/repos/${REPO}/issues/7/labels`, []);
    await delivery('check_suite', payload('check_suite.rerequested'));
    expect(created).toHaveLength(1);
  });
});

describe('redelivery', () => {
  it('the same delivery twice makes one check run, then updates it', async () => {
    await mockLoad();
    const created = capture('post', `/repos/${REPO}/check-runs`, { id: 700 });
    capture('post', `/repos/${REPO}/issues/7/labels`, []);
    await delivery('pull_request', payload('pull_request.opened'), 'same-delivery');
    // Second delivery: both meshes come from the cache; the lookup now finds the run.
    mockCheckRunLookup(HEAD_SHA, [{ id: 700, external_id: `pr:7;base:${BASE_SHA}` }]);
    mockReviews([]);
    const updated = capture('patch', `/repos/${REPO}/check-runs/700`);
    const second = payload('pull_request.opened');
    second.pull_request.labels = [{ name: 'access-request' }];
    await delivery('pull_request', second, 'same-delivery');
    expect(created).toHaveLength(1);
    expect(updated).toHaveLength(1);
  });

  it('two deliveries at once still make one check run', async () => {
    await mockMeshes();
    mockCheckRunLookup(HEAD_SHA);
    mockReviews([]);
    const created = capture('post', `/repos/${REPO}/check-runs`, { id: 701 });
    capture('post', `/repos/${REPO}/issues/7/labels`, []);
    mockCheckRunLookup(HEAD_SHA, [{ id: 701, external_id: `pr:7;base:${BASE_SHA}` }]);
    mockReviews([]);
    const updated = capture('patch', `/repos/${REPO}/check-runs/701`);
    capture('post', `/repos/${REPO}/issues/7/labels`, []);
    await Promise.all([
      delivery('pull_request', payload('pull_request.opened'), 'a'),
      delivery('pull_request', payload('pull_request.opened'), 'b'),
    ]);
    expect(created).toHaveLength(1);
    expect(updated).toHaveLength(1);
  });
});

describe('annotations', () => {
  it('sends 50 annotations with the check run and the rest in further updates of 50', async () => {
    // Over three files: no file reaches the cap of annotations per file (annotation-cap.test.ts).
    const files = ['catalog/checkout/domain.yaml', 'catalog/checkout/orders/product.yaml', 'catalog/marketing/domain.yaml'];
    current = fakeReview({ conclusion: 'failure', findings: Array.from({ length: 120 }, (_, i) => finding(i, files[i % 3])) });
    await mockLoad();
    const created = capture('post', `/repos/${REPO}/check-runs`, { id: 800 });
    const more = [capture('patch', `/repos/${REPO}/check-runs/800`), capture('patch', `/repos/${REPO}/check-runs/800`)];
    capture('post', `/repos/${REPO}/issues/7/labels`, []);
    await delivery('pull_request', payload('pull_request.opened'));
    const sizes = [created, ...more].map((bodies) => (bodies[0] as { output: { annotations: unknown[] } }).output.annotations.length);
    expect(sizes).toEqual([50, 50, 20]);
    expect((created[0] as { output: { annotations: unknown[] } }).output.annotations[0]).toEqual({
      path: 'catalog/checkout/domain.yaml',
      start_line: 1,
      end_line: 1,
      annotation_level: 'failure',
      title: 'policy:p',
      message: 'problem 0',
    });
  });

  it('a re-evaluation of the same commits does not post the annotations again', async () => {
    current = fakeReview({ conclusion: 'failure', findings: Array.from({ length: 3 }, (_, i) => finding(i)) });
    await mockLoad({ runs: [{ id: 801, external_id: `pr:7;base:${BASE_SHA}`, annotations_count: 3 }] });
    const updated = capture('patch', `/repos/${REPO}/check-runs/801`);
    capture('post', `/repos/${REPO}/issues/7/labels`, []);
    await delivery('pull_request_review', payload('pull_request_review.submitted'));
    expect((updated[0] as { output: Record<string, unknown> }).output).not.toHaveProperty('annotations');
  });

  it('after the base changed, a fresh run replaces the annotated one, which is marked superseded', async () => {
    current = fakeReview({ conclusion: 'failure', findings: [finding(0)] });
    await mockLoad({ runs: [{ id: 802, external_id: 'pr:7;base:0a1b2c3d4e5f60718293a4b5c6d7e8f901234567', annotations_count: 4 }] });
    const created = capture('post', `/repos/${REPO}/check-runs`, { id: 803 });
    const superseded = capture('patch', `/repos/${REPO}/check-runs/802`);
    capture('post', `/repos/${REPO}/issues/7/labels`, []);
    await delivery('pull_request', payload('pull_request.edited.base'));
    expect(created).toHaveLength(1);
    expect(superseded).toMatchObject([{ conclusion: 'neutral', output: { title: 'Superseded' } }]);
  });

  it('findings on files missing from the head are left to the summary', async () => {
    current = fakeReview({ conclusion: 'failure', findings: [finding(0, 'catalog/gone.yaml')] });
    await mockLoad();
    const created = capture('post', `/repos/${REPO}/check-runs`, { id: 804 });
    capture('post', `/repos/${REPO}/issues/7/labels`, []);
    await delivery('pull_request', payload('pull_request.opened'));
    expect((created[0] as { output: Record<string, unknown> }).output).not.toHaveProperty('annotations');
  });

  it('keeps an oversized summary under 65,535 characters with a note of what was cut', async () => {
    probot = await createTestProbot({ evaluate: { cache: new SnapshotCache(), review: async () => current, render: () => 'x'.repeat(70_000) } });
    await mockMeshes();
    mockCheckRunLookup(HEAD_SHA);
    const created = capture('post', `/repos/${REPO}/check-runs`, { id: 805 });
    capture('post', `/repos/${REPO}/issues/7/labels`, []);
    mockReviews([]);
    await delivery('pull_request', payload('pull_request.opened'));
    const summary = (created[0] as { output: { summary: string } }).output.summary;
    expect(summary.length).toBeLessThanOrEqual(65_535);
    expect(summary).toMatch(/… \d+ more characters not shown \(GitHub limits a check-run summary to 65535 characters\)\.$/);
  });
});

describe('labels', () => {
  it('adds the missing labels in one request and removes stale ones, leaving other labels alone', async () => {
    current = fakeReview({ categories: ['new-product', 'policy-change'] });
    const fixture = payload('pull_request.opened');
    fixture.pull_request.labels = [{ name: 'access-request' }, { name: 'policy-change' }, { name: 'needs-design' }];
    await mockLoad();
    capture('post', `/repos/${REPO}/check-runs`, { id: 900 });
    const added = capture('post', `/repos/${REPO}/issues/7/labels`, []);
    const removed = capture('delete', `/repos/${REPO}/issues/7/labels/access-request`, []);
    await delivery('pull_request', fixture);
    expect(added).toEqual([{ labels: ['new-product'] }]);
    expect(removed).toHaveLength(1);
  });

  it('sends nothing when the labels are already right', async () => {
    const fixture = payload('pull_request.opened');
    fixture.pull_request.labels = [{ name: 'access-request' }];
    await mockLoad();
    capture('post', `/repos/${REPO}/check-runs`, { id: 901 });
    await delivery('pull_request', fixture);
  });
});

describe('reviewers', () => {
  it('requests users and teams whose approval is missing, never the author, nobody already requested or approved', async () => {
    current = fakeReview({
      reviewersToRequest: { users: ['@lena', '@maria', '@jonas', '@kenji'], teams: ['@acme/checkout-data', '@acme/privacy', '@other-org/legal'] },
    });
    const fixture = payload('pull_request.opened');
    fixture.pull_request.requested_reviewers = [{ login: 'jonas' }];
    fixture.pull_request.requested_teams = [{ slug: 'privacy' }];
    await mockLoad({ reviews: [{ user: 'kenji', state: 'APPROVED', commit: HEAD_SHA }] });
    capture('post', `/repos/${REPO}/check-runs`, { id: 950 });
    capture('post', `/repos/${REPO}/issues/7/labels`, []);
    const requested = capture('post', `/repos/${REPO}/pulls/7/requested_reviewers`);
    await delivery('pull_request', fixture);
    expect(requested).toEqual([{ reviewers: ['maria'], team_reviewers: ['checkout-data'] }]);
  });

  it('asks nobody on a draft', async () => {
    current = fakeReview({ reviewersToRequest: { users: ['maria'], teams: [] } });
    const fixture = payload('pull_request.opened');
    fixture.pull_request.draft = true;
    await mockLoad();
    capture('post', `/repos/${REPO}/check-runs`, { id: 951 });
    capture('post', `/repos/${REPO}/issues/7/labels`, []);
    await delivery('pull_request', fixture);
  });

  it('a reviewer GitHub refuses (not a collaborator) is logged, and the delivery still succeeds', async () => {
    current = fakeReview({ reviewersToRequest: { users: ['stranger'], teams: [] } });
    await mockLoad();
    capture('post', `/repos/${REPO}/check-runs`, { id: 952 });
    capture('post', `/repos/${REPO}/issues/7/labels`, []);
    capture('post', `/repos/${REPO}/pulls/7/requested_reviewers`, { message: 'Reviews may only be requested from collaborators.' }, 422);
    await expect(delivery('pull_request', payload('pull_request.opened'))).resolves.toBeUndefined();
  });
});

describe('the breaking-change comment', () => {
  const breaking = (teams: string[]) =>
    fakeReview({
      categories: ['contract-change'],
      breakingChanges: [
        {
          contractId: 'checkout-orders-v1',
          file: 'catalog/checkout/orders/orders-v1.contract.yaml',
          line: 31,
          column: 9,
          path: '/schema/0/properties/1',
          reason: 'property `customer_email` removed',
          severity: 'error',
          affectedGrants: teams.map((team, i) => ({ id: `grant-${i}`, file: `catalog/checkout/orders/access/g${i}.yaml`, team, validUntil: '2027-06-30' })),
        },
      ],
    });

  it('is posted once, with the marker, mentioning the affected consumer teams', async () => {
    current = breaking(['@acme/marketing', '@acme/ml']);
    await mockLoad();
    capture('post', `/repos/${REPO}/check-runs`, { id: 960 });
    capture('post', `/repos/${REPO}/issues/7/labels`, []);
    nock(API).get(`/repos/${REPO}/issues/7/comments`).query(true).reply(200, [{ id: 1, body: 'LGTM' }]);
    const posted = capture('post', `/repos/${REPO}/issues/7/comments`, { id: 2 });
    await delivery('pull_request', payload('pull_request.opened'));
    const body = (posted[0] as { body: string }).body;
    expect(body.startsWith(BREAKING_MARKER)).toBe(true);
    expect(body).toContain('@acme/marketing @acme/ml: please review');
  });

  it('is updated, not repeated, when the affected teams change', async () => {
    current = breaking(['@acme/marketing']);
    const fixture = payload('pull_request.synchronize');
    fixture.pull_request.labels = [{ name: 'breaking-change' }, { name: 'contract-change' }];
    await mockLoad({ head: HEAD2_SHA });
    capture('post', `/repos/${REPO}/check-runs`, { id: 961 });
    nock(API)
      .get(`/repos/${REPO}/issues/7/comments`)
      .query(true)
      .reply(200, [{ id: 31, body: `${BREAKING_MARKER}\n### Breaking contract change\n… @acme/marketing @acme/ml …` }]);
    const updated = capture('patch', `/repos/${REPO}/issues/comments/31`);
    await delivery('pull_request', fixture);
    expect((updated[0] as { body: string }).body).toContain('@acme/marketing: please review');
  });

  it('is left alone when nothing but the commit changed', async () => {
    current = breaking(['@acme/marketing']);
    const { breakingCommentBody } = await import('../../bot/github/breaking-comment.ts');
    const fixture = payload('pull_request.synchronize');
    fixture.pull_request.labels = [{ name: 'breaking-change' }];
    await mockLoad({ head: HEAD2_SHA });
    capture('post', `/repos/${REPO}/check-runs`, { id: 962 });
    nock(API).get(`/repos/${REPO}/issues/7/comments`).query(true).reply(200, [{ id: 32, body: breakingCommentBody(current, HEAD_SHA) }]);
    await delivery('pull_request', fixture);
  });

  it('says so when the breaking change is gone', async () => {
    const fixture = payload('pull_request.synchronize');
    fixture.pull_request.labels = [{ name: 'breaking-change' }];
    current = fakeReview({ categories: [] });
    await mockLoad({ head: HEAD2_SHA });
    capture('post', `/repos/${REPO}/check-runs`, { id: 963 });
    capture('delete', `/repos/${REPO}/issues/7/labels/breaking-change`, []);
    nock(API).get(`/repos/${REPO}/issues/7/comments`).query(true).reply(200, [{ id: 33, body: `${BREAKING_MARKER}\nold` }]);
    const updated = capture('patch', `/repos/${REPO}/issues/comments/33`);
    await delivery('pull_request', fixture);
    expect((updated[0] as { body: string }).body).toContain('no longer breaks');
  });
});
