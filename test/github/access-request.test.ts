/**
 * Access requests made with the issue form, through signed webhook deliveries and nock: what the
 * app asks of GitHub for a valid request, an invalid one, and a duplicate, and nothing more (every
 * interceptor must be used, no other request is allowed).
 */
import { createHmac } from 'node:crypto';
import nock from 'nock';
import type { Probot } from 'probot';
import { parse } from 'yaml';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SnapshotCache } from '../../bot/github/snapshots.ts';
import { formBody, requestMeshFiles } from '../fixtures/meshes/requests.ts';
import { API, BASE_SHA, REPO, capture, createTestProbot, interceptRequests, mockInstallationToken, mockTarball, payload, tarball } from './helpers.ts';

const SECRET = 'access-request-secret';
const BRANCH = 'access-request/finance-checkout-orders-orders';
const FILE = 'catalog/checkout/orders/access/finance-checkout-orders-orders.yaml';
let probot: Probot;
let baseTarball: Buffer;

const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** A delivery as GitHub sends it: the raw body and its HMAC signature, verified before anything runs. */
function deliverSigned(event: unknown, secret = SECRET): Promise<void> {
  const body = JSON.stringify(event);
  return probot.webhooks.verifyAndReceive({ id: 'delivery-15', name: 'issues', payload: body, signature: sign(body, secret) } as never);
}

function issueEvent(answers?: Parameters<typeof formBody>[0], changes: (event: any) => void = () => {}) {
  const event = payload('issues.opened.access-request');
  if (answers) event.issue.body = formBody(answers);
  changes(event);
  return event;
}

const VALID = { product: 'checkout-orders', port: 'orders', role: 'analyst', team: '@acme/finance', purpose: 'Monthly revenue reporting for the finance team.', until: '2027-06-30' };

/** The requests of every handled request: the default branch's head, its tarball, the issue's comments. */
function mockBase(comments: unknown[] = []) {
  mockInstallationToken();
  nock(API)
    .get(/^\/repos\/acme\/mesh\/git\/ref\/heads(%2F|\/)main$/)
    .reply(200, { ref: 'refs/heads/main', object: { sha: BASE_SHA, type: 'commit' } });
  mockTarball(REPO, BASE_SHA, baseTarball);
  nock(API).get(`/repos/${REPO}/issues/12/comments`).query(true).reply(200, comments);
}

function mockOpenPulls(pulls: unknown[]) {
  nock(API)
    .get(`/repos/${REPO}/pulls`)
    .query((q) => q.state === 'open' && q.head === `acme:${BRANCH}`)
    .reply(200, pulls);
}

interceptRequests();

beforeAll(async () => {
  baseTarball = await tarball(requestMeshFiles);
});

beforeEach(async () => {
  probot = await createTestProbot({ accessRequest: { cache: new SnapshotCache(), now: () => new Date('2026-12-05T10:00:00Z') } }, SECRET);
});

describe('a valid request', () => {
  it('opens a pull request adding the grant, requested by the issue author, and links issue and pull request both ways', async () => {
    mockBase();
    mockOpenPulls([]);
    const ref = capture('post', `/repos/${REPO}/git/refs`, { ref: `refs/heads/${BRANCH}` }, 201);
    const file = capture('put', /^\/repos\/acme\/mesh\/contents\//, { content: {}, commit: { sha: 'c0ffee' } }, 201);
    const pull = capture('post', `/repos/${REPO}/pulls`, { number: 13, html_url: `https://github.com/${REPO}/pull/13` }, 201);
    const comment = capture('post', `/repos/${REPO}/issues/12/comments`, { id: 900 }, 201);
    await deliverSigned(issueEvent());

    expect(ref).toEqual([{ ref: `refs/heads/${BRANCH}`, sha: BASE_SHA }]);
    const put = file[0] as { branch: string; content: string; message: string };
    expect(put.branch).toBe(BRANCH);
    expect(parse(Buffer.from(put.content, 'base64').toString('utf8'))).toMatchObject({ id: 'finance-checkout-orders-orders', requestedBy: '@olga', role: 'analyst', validUntil: '2027-06-30' });
    expect(pull).toMatchObject([{ head: BRANCH, base: 'main', title: 'Access request: @acme/finance → checkout-orders · orders (analyst)', body: expect.stringContaining('Closes #12 when merged') }]);
    expect((comment[0] as { body: string }).body).toContain(`### Opened #13\n\n#13 adds \`${FILE}\``);
  });

  it('the file is written at its place in the product folder', async () => {
    mockBase();
    mockOpenPulls([]);
    capture('post', `/repos/${REPO}/git/refs`, {}, 201);
    const paths = new Set<string>();
    nock(API)
      .put((path) => path.startsWith(`/repos/${REPO}/contents/`) && Boolean(paths.add(decodeURIComponent(path.slice(`/repos/${REPO}/contents/`.length)))))
      .reply(201, {});
    capture('post', `/repos/${REPO}/pulls`, { number: 13 }, 201);
    capture('post', `/repos/${REPO}/issues/12/comments`, { id: 900 }, 201);
    await deliverSigned(issueEvent());
    expect([...paths]).toEqual([FILE]);
  });

  it('an edit after the pull request opened: the comment still points at it, no second pull request', async () => {
    mockBase([{ id: 900, body: '<!-- meshgate:access-request -->\n### Opened #13\n<!-- meshgate:request-pull 13 -->' }]);
    nock(API).get(`/repos/${REPO}/pulls/13`).reply(200, { number: 13, state: 'open' });
    const updated = capture('patch', `/repos/${REPO}/issues/comments/900`, {});
    await deliverSigned(issueEvent({ ...VALID, team: '@acme/controlling' }, (e) => (e.action = 'edited')));
    expect((updated[0] as { body: string }).body).toContain('### The request is in #13');
  });
});

describe('an invalid request', () => {
  it('comments what to fix, field by field, and opens nothing', async () => {
    mockBase();
    const comment = capture('post', `/repos/${REPO}/issues/12/comments`, { id: 901 }, 201);
    await deliverSigned(issueEvent({ ...VALID, role: 'admin', team: 'Finance Team', until: '2027-10-31' }));
    expect((comment[0] as { body: string }).body).toMatchInlineSnapshot(`
      "<!-- meshgate:access-request -->
      ### Meshgate cannot open this access request yet

      - **Role**: contract "checkout-orders-v1" offers no role "admin". Choose one of the roles the contract offers: analyst (read): Orders without the buyer's e-mail; privacy-reader (read): Every column, e-mail included
      - **Consuming team**: "Finance Team" is not a GitHub team or user. Write the team as @org/team (or a user as @login)
      - **End date**: Grants end by the next recertification: \`validUntil\` should be \\<= 2027-09-30. Access is re-assessed every September.

      Edit the issue (⋯ → Edit) to fix these; Meshgate reads it again on every edit. No pull request was opened."
    `);
  });

  it('fixed by an edit: the same comment is updated, and the pull request opens', async () => {
    mockBase([{ id: 901, body: '<!-- meshgate:access-request -->\n### Meshgate cannot open this access request yet' }]);
    mockOpenPulls([]);
    capture('post', `/repos/${REPO}/git/refs`, {}, 201);
    capture('put', /^\/repos\/acme\/mesh\/contents\//, {}, 201);
    capture('post', `/repos/${REPO}/pulls`, { number: 14 }, 201);
    const updated = capture('patch', `/repos/${REPO}/issues/comments/901`, {});
    await deliverSigned(issueEvent(VALID, (e) => (e.action = 'edited')));
    expect((updated[0] as { body: string }).body).toContain('### Opened #14');
  });
});

describe('a duplicate request', () => {
  it('the team already holds the grant: the comment names it, nothing is opened', async () => {
    mockBase();
    const comment = capture('post', `/repos/${REPO}/issues/12/comments`, { id: 902 }, 201);
    await deliverSigned(issueEvent({ ...VALID, team: '@acme/marketing' }));
    expect((comment[0] as { body: string }).body).toContain(
      '`catalog/checkout/orders/access/marketing.yaml` (`marketing-checkout-orders`) gives @acme/marketing the role `analyst` on this port until 2027-06-30.',
    );
  });

  it('another issue’s pull request asks for the same: the comment points there, nothing is opened', async () => {
    mockBase();
    mockOpenPulls([{ number: 9, body: '<!-- meshgate:request-issue 8 -->\nAccess request from #8' }]);
    const comment = capture('post', `/repos/${REPO}/issues/12/comments`, { id: 903 }, 201);
    await deliverSigned(issueEvent());
    expect((comment[0] as { body: string }).body).toContain('#9 already asks for the same role on the same port for the same team');
  });
});

describe('what is not a request', () => {
  it('an issue without the access-request label: nothing is asked of GitHub', async () => {
    await deliverSigned(issueEvent(undefined, (e) => (e.issue.labels = [{ name: 'bug' }])));
  });

  it('a delivery signed with another secret is refused before anything runs', async () => {
    await expect(deliverSigned(issueEvent(), 'not-the-secret')).rejects.toThrow(/signature does not match/i);
  });
});
