/**
 * Attacks on the gate through the app, as GitHub delivers them: signed webhook bodies (verified
 * before anything runs), the real core review, and the check run the app writes. Each test is
 * named for the attack (issue 11's classes) and shows the verdict the change deserves.
 * Pull request #7, by @lena, adds an access grant to `checkout-orders-v1`, whose role `analyst`
 * names `@acme/checkout-data` (maria, jonas) as first-level approvers.
 */
import { createHmac } from 'node:crypto';
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
  diffEntryBase,
  interceptRequests,
  mockCheckRunLookup,
  mockInstallationToken,
  mockPullFiles,
  mockReviews,
  mockTarball,
  payload,
  pullFiles,
  tarball,
  type DiffEntry,
  type Files,
  type PullDataOptions,
  type ReviewRecord,
} from './helpers.ts';

const SECRET = 'attack-secret';
const GRANT = 'catalog/checkout/orders/access/marketing.yaml';
const SUBMODULE_SHA = '1'.repeat(40);
let probot: Probot;

/** A delivery as GitHub sends it: the raw body with its HMAC signature, verified before the app runs. */
function deliverSigned(name: string, body: unknown): Promise<void> {
  const raw = JSON.stringify(body);
  const signature = `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;
  return probot.webhooks.verifyAndReceive({ id: 'attack-1', name, payload: raw, signature } as never);
}

/** The access request's payload once the label is on and the team has been asked. */
function reviewed(name = 'pull_request_review.submitted') {
  const fixture = payload(name);
  fixture.pull_request.labels = [{ name: 'access-request' }];
  fixture.pull_request.requested_teams = [{ slug: 'checkout-data' }];
  return fixture;
}

/** Mocks the evaluation of #7 (base tarball, file list, reviews, check run 300); returns the check runs written. */
async function evaluation(base: Files, files: DiffEntry[], reviews: ReviewRecord[], team?: string[], data: PullDataOptions = {}) {
  mockTarball(REPO, BASE_SHA, await tarball(base as Record<string, string>));
  mockPullFiles(files);
  mockCheckRunLookup(HEAD_SHA, [{ id: 300, external_id: `pr:7;base:${BASE_SHA}` }]);
  mockReviews(reviews, 7, REPO, data);
  if (team) nock(API).get('/orgs/acme/teams/checkout-data/members').query(true).reply(200, team.map((login) => ({ login })));
  // Labels, reviewer requests and the breaking-change comment follow the verdict; they are not what these tests judge.
  nock(API).post(/\/issues\/7\/labels$/).optionally().reply(200, []);
  nock(API).delete(/\/issues\/7\/labels\//).optionally().reply(200, []);
  nock(API).post('/repos/acme/mesh/pulls/7/requested_reviewers').optionally().reply(201, {});
  return capture('patch', `/repos/${REPO}/check-runs/300`) as Array<{ conclusion: string; output: { title: string; summary: string } }>;
}

/** A submodule as GitHub lists it in a pull request's files. */
function submodule(path: string): DiffEntry {
  return { ...diffEntryBase(path, ''), sha: SUBMODULE_SHA, status: 'added', additions: 1, deletions: 0, changes: 1, patch: `@@ -0,0 +1 @@\n+Subproject commit ${SUBMODULE_SHA}` };
}

interceptRequests();

beforeEach(async () => {
  probot = await createTestProbot({ evaluate: { cache: new SnapshotCache() } }, SECRET);
  mockInstallationToken();
});

describe('attack 11: gitlinks (submodules) the review cannot see into', () => {
  const base = withFiles({ [GRANT]: null });

  it('a submodule added inside catalog/ fails the check, as meshgate review does', async () => {
    const files = [...pullFiles(base, smallMesh), submodule('catalog/checkout/orders/access/vendored')];
    const written = await evaluation(base, files, [{ user: 'maria', state: 'APPROVED', commit: HEAD_SHA }], ['maria', 'jonas']);
    await deliverSigned('pull_request_review', reviewed());
    expect(written[0].conclusion).toBe('failure');
    expect(written[0].output.summary).toContain('a git submodule inside the mesh is not read');
  });

  it('a submodule added outside the mesh is a platform change that needs the platform approvers', async () => {
    const files = [...pullFiles(base, smallMesh), submodule('vendor/tools')];
    const written = await evaluation(base, files, [{ user: 'maria', state: 'APPROVED', commit: HEAD_SHA }], ['maria', 'jonas']);
    nock(API).get('/orgs/acme/teams/platform/members').query(true).reply(200, [{ login: 'pat' }]);
    await deliverSigned('pull_request_review', reviewed());
    expect(written[0].conclusion).toBe('action_required');
    expect(written[0].output.summary).toContain('platform paths changed (vendor/tools)');
  });
});

describe('attack 6: authors are everyone who wrote the change', () => {
  const base = withFiles({ [GRANT]: null });

  it('an approval by someone who committed a commit of the pull request does not count', async () => {
    // lena opened it, but maria (an approver) rebased and committed it.
    const written = await evaluation(base, pullFiles(base, smallMesh), [{ user: 'maria', state: 'APPROVED', commit: HEAD_SHA }], undefined, {
      commits: [{ author: { name: 'Lena', email: 'lena@acme.example', login: 'lena' }, committer: { name: 'Maria', email: 'maria@acme.example', login: 'maria' } }],
    });
    await deliverSigned('pull_request_review', reviewed());
    expect(written[0].conclusion).toBe('action_required');
    expect(written[0].output.summary).not.toContain('approved by @maria');
  });

  it('an approval by the author of a commit, known only by its GitHub noreply e-mail, does not count', async () => {
    const written = await evaluation(base, pullFiles(base, smallMesh), [{ user: 'maria', state: 'APPROVED', commit: HEAD_SHA }], undefined, {
      commits: [{ author: { name: 'M', email: '1234+maria@users.noreply.github.com' }, committer: { name: 'GitHub', email: 'noreply@github.com' } }],
    });
    await deliverSigned('pull_request_review', reviewed());
    expect(written[0].conclusion).toBe('action_required');
  });

  it('an approval by whoever force-pushed the current head does not count', async () => {
    const written = await evaluation(base, pullFiles(base, smallMesh), [{ user: 'maria', state: 'APPROVED', commit: HEAD_SHA }], undefined, { forcePushedBy: 'maria' });
    await deliverSigned('pull_request_review', reviewed());
    expect(written[0].conclusion).toBe('action_required');
  });

  it('the same approval counts when maria wrote none of it (the valid case)', async () => {
    const written = await evaluation(base, pullFiles(base, smallMesh), [{ user: 'maria', state: 'APPROVED', commit: HEAD_SHA }], ['maria', 'jonas']);
    await deliverSigned('pull_request_review', reviewed());
    expect(written[0].conclusion).toBe('success');
  });
});

describe('attack 7: a base that .gitattributes alters in the tarball', () => {
  const base = withFiles({ [GRANT]: null });
  const POLICY = 'policies/grants-need-purpose.yaml';

  it('a base policy that export-ignore hides from the tarball fails the check instead of being skipped', async () => {
    // git has the policy; the archive GitHub serves leaves it out.
    const written = await evaluation(base, pullFiles(base, smallMesh), [{ user: 'maria', state: 'APPROVED', commit: HEAD_SHA }], undefined, {
      baseTree: { ...base, [POLICY]: 'apiVersion: meshgate/v1\nkind: Policy\n' } as Record<string, string>,
    });
    await deliverSigned('pull_request_review', reviewed());
    expect(written[0].conclusion).toBe('failure');
    expect(written[0].output.summary).toContain(`\`${POLICY}\` is in git but missing from the archive (export-ignore)`);
  });

  it('a base owners file that export-subst rewrites in the tarball fails the check instead of being believed', async () => {
    const domain = 'catalog/checkout/domain.yaml';
    const written = await evaluation(base, pullFiles(base, smallMesh), [{ user: 'maria', state: 'APPROVED', commit: HEAD_SHA }], undefined, {
      baseTree: { ...base, [domain]: `${base[domain]}# $Format:%an$\n` } as Record<string, string>,
    });
    await deliverSigned('pull_request_review', reviewed());
    expect(written[0].conclusion).toBe('failure');
    expect(written[0].output.summary).toContain(`\`${domain}\` differs from git (export-subst, eol or a filter)`);
  });

  it('a .gitattributes added inside catalog/ is a platform change that needs the platform approvers', async () => {
    const head = { ...smallMesh, 'catalog/checkout/.gitattributes': '*.yaml export-subst\n' };
    const written = await evaluation(base, pullFiles(base, head), [{ user: 'maria', state: 'APPROVED', commit: HEAD_SHA }], ['maria', 'jonas']);
    nock(API).get('/orgs/acme/teams/platform/members').query(true).reply(200, [{ login: 'pat' }]);
    await deliverSigned('pull_request_review', reviewed());
    expect(written[0].conclusion).toBe('action_required');
    expect(written[0].output.summary).toContain('platform paths changed (catalog/checkout/.gitattributes)');
  });
});

describe('attack 8: a stale base', () => {
  const base = withFiles({ [GRANT]: null });
  const TIP = 'c0ffee0000000000000000000000000000000001';
  /** Merged to main after the pull request's last push: grants need a purpose of 400 characters. */
  const stricter = {
    ...base,
    'policies/purpose-is-explained.yaml': `apiVersion: meshgate/v1
kind: Policy
id: purpose-is-explained
title: A grant explains its purpose
principle: access-and-security
severity: error
appliesTo: AccessGrant
require:
  properties:
    purpose: { minLength: 400 }
`,
  };

  it('a pull request is judged by the base branch as it is now, not by the base its last push saw', async () => {
    // The payload still names BASE_SHA; main has moved to TIP with a stricter policy.
    mockTarball(REPO, TIP, await tarball(stricter));
    mockPullFiles(pullFiles(base, smallMesh));
    mockCheckRunLookup(HEAD_SHA, [{ id: 300, external_id: `pr:7;base:${BASE_SHA}` }]);
    mockReviews([{ user: 'maria', state: 'APPROVED', commit: HEAD_SHA }], 7, REPO, { baseTip: TIP });
    nock(API).get('/orgs/acme/teams/checkout-data/members').query(true).optionally().reply(200, [{ login: 'maria' }]);
    nock(API).post(/\/issues\/7\/labels$/).optionally().reply(200, []);
    nock(API).post('/repos/acme/mesh/pulls/7/requested_reviewers').optionally().reply(201, {});
    const written = capture('patch', `/repos/${REPO}/check-runs/300`) as Array<{ conclusion: string; external_id: string }>;
    await deliverSigned('pull_request_review', reviewed());
    expect(written[0]).toMatchObject({ conclusion: 'failure', external_id: `pr:7;base:${TIP}` });
  });

  it('a push to the default branch that changes the mesh re-evaluates the open pull requests against the new tip', async () => {
    // main moves from BASE_SHA to HEAD2_SHA, adding the stricter policy; #7 was approved and passed.
    mockTarball(REPO, BASE_SHA, await tarball(base));
    mockTarball(REPO, HEAD2_SHA, await tarball(stricter));
    const open = payload('pull_request.opened').pull_request;
    nock(API).get(`/repos/${REPO}/pulls`).query({ state: 'open', base: 'main', sort: 'updated', direction: 'desc', per_page: '21' }).reply(200, [open]);
    mockPullFiles(pullFiles(base, smallMesh));
    mockCheckRunLookup(HEAD_SHA, [{ id: 300, external_id: `pr:7;base:${BASE_SHA}` }]);
    mockReviews([{ user: 'maria', state: 'APPROVED', commit: HEAD_SHA }], 7, REPO, { baseTip: HEAD2_SHA });
    nock(API).get('/orgs/acme/teams/checkout-data/members').query(true).optionally().reply(200, [{ login: 'maria' }]);
    nock(API).post(/\/issues\/7\/labels$/).optionally().reply(200, []);
    nock(API).post('/repos/acme/mesh/pulls/7/requested_reviewers').optionally().reply(201, {});
    const written = capture('patch', `/repos/${REPO}/check-runs/300`) as Array<{ conclusion: string; external_id: string }>;
    await deliverSigned('push', payload('push'));
    expect(written).toMatchObject([{ conclusion: 'failure', external_id: `pr:7;base:${HEAD2_SHA}` }]);
  });

  it('a push that changes nothing under catalog/ or policies/ re-evaluates nothing', async () => {
    mockTarball(REPO, BASE_SHA, await tarball(base));
    mockTarball(REPO, HEAD2_SHA, await tarball({ ...base, 'README.md': '# the mesh, reworded\n' }));
    // No request for the open pull requests: nock would refuse it.
    await deliverSigned('push', payload('push'));
  });

  it('with more open pull requests than the limit, only the most recently updated are re-evaluated', async () => {
    probot = await createTestProbot({ evaluate: { cache: new SnapshotCache() }, reevaluateLimit: 1 }, SECRET);
    mockTarball(REPO, BASE_SHA, await tarball(base));
    mockTarball(REPO, HEAD2_SHA, await tarball(stricter));
    const newer = payload('pull_request.opened').pull_request;
    const older = { ...payload('pull_request.opened').pull_request, number: 8, head: { ...newer.head, sha: HEAD2_SHA } };
    nock(API).get(`/repos/${REPO}/pulls`).query({ state: 'open', base: 'main', sort: 'updated', direction: 'desc', per_page: '2' }).reply(200, [newer, older]);
    mockPullFiles(pullFiles(base, smallMesh));
    mockCheckRunLookup(HEAD_SHA, [{ id: 300, external_id: `pr:7;base:${BASE_SHA}` }]);
    mockReviews([], 7, REPO, { baseTip: HEAD2_SHA });
    nock(API).post(/\/issues\/7\/labels$/).optionally().reply(200, []);
    nock(API).post('/repos/acme/mesh/pulls/7/requested_reviewers').optionally().reply(201, {});
    const written = capture('patch', `/repos/${REPO}/check-runs/300`);
    // Nothing is mocked for #8: a request for it would fail the push.
    await deliverSigned('push', payload('push'));
    expect(written).toHaveLength(1);
  });
});

describe('reevaluateLimit (MESHGATE_REEVALUATE_LIMIT)', () => {
  it('reads a whole number, 0 turning re-evaluation off, and falls back to 20 otherwise', async () => {
    nock.cleanAll(); // no request here: the installation token is not needed
    const { reevaluateLimit } = await import('../../bot/github/reevaluate.ts');
    expect([reevaluateLimit('5'), reevaluateLimit('0'), reevaluateLimit(undefined), reevaluateLimit(''), reevaluateLimit('-1'), reevaluateLimit('many')]).toEqual([5, 0, 20, 20, 20, 20]);
  });
});
