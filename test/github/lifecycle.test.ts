/**
 * The whole access lifecycle on one fake GitHub (fake-github.ts): a request through the issue
 * form (a signed webhook delivery), its pull request merged, a reminder before it ends, the
 * removal pull request after, and the reminder closed once that is merged. Each step is a GitHub
 * object that links to the next, so a person can follow the trail from the issue to the removal.
 * The README's trail is this test's output (MESHGATE_PRINT_TRAIL=1 prints it).
 */
import { createHmac } from 'node:crypto';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPIRING_LABEL, REVOCATION_LABEL } from '../../bot/core/requests/expiry.ts';
import { REQUEST_LABEL } from '../../bot/core/requests/form.ts';
import { runExpiry } from '../../bot/github/expiry.ts';
import { SnapshotCache } from '../../bot/github/snapshots.ts';
import { formBody, requestMeshFiles } from '../fixtures/meshes/requests.ts';
import { FakeGitHub, type FakeIssue } from './fake-github.ts';
import { createTestProbot, installationOctokit, payload, quietLog } from './helpers.ts';

const SECRET = 'lifecycle-secret';
const FILE = 'catalog/checkout/orders/access/finance-checkout-orders-orders.yaml';

beforeAll(() => nock.disableNetConnect());
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

function show(issue: FakeIssue): string {
  const kind = issue.head ? 'pull request' : 'issue';
  const state = issue.merged ? 'merged' : issue.state;
  return [`── ${kind} #${issue.number} [${issue.labels.join(', ')}] (${state}): ${issue.title}`, issue.body, ...issue.comments.map((c) => `  └ comment:\n${c.body.replace(/^/gm, '    ')}`)].join('\n');
}

describe('the access lifecycle', () => {
  it('issue → pull request → merged → reminder → removal pull request → merged → reminder closed', async () => {
    // The request mesh without its one grant, so that the trail is the new grant's alone.
    const github = new FakeGitHub(Object.fromEntries(Object.entries(requestMeshFiles).filter(([path]) => !path.includes('/access/'))));
    github.install();
    const probot = await createTestProbot({ accessRequest: { cache: new SnapshotCache(), now: () => new Date('2026-12-05T10:00:00Z') } }, SECRET);

    // 1. Olga asks with the form (GitHub writes the answers into the issue body).
    const answers = { product: 'checkout-orders', port: 'orders', roles: 'analyst (read)\nprivacy-reader (read)', role: 'analyst', team: '@acme/finance', purpose: 'Monthly revenue reporting for the finance team.', until: '2027-06-30' };
    const issue = github.openIssue({ title: 'Access request: checkout-orders · orders', body: formBody(answers), labels: [REQUEST_LABEL], author: 'olga' });
    const event = payload('issues.opened.access-request');
    event.issue = { ...event.issue, number: issue.number, body: issue.body, html_url: issue.html_url };
    const body = JSON.stringify(event);
    await probot.webhooks.verifyAndReceive({ id: 'd1', name: 'issues', payload: body, signature: `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` } as never);
    const [request] = [...github.issues.values()].filter((i) => i.head);
    expect(request.body).toContain(`Closes #${issue.number}`);
    expect(issue.comments[0].body).toContain(`### Opened #${request.number}`);

    // 2. Approved and merged (the review is tested on its own): the grant is on main, the issue closed.
    github.merge(request.number);
    expect(github.files[FILE]).toContain('requestedBy: "@olga"');
    expect(issue.state).toBe('closed');

    // 3. Ten days before the end: one reminder to the consumer team and the approvers.
    const expiry = (today: string) => runExpiry(installationOctokit(), { owner: 'acme', repo: 'mesh', branch: 'main' }, { log: quietLog(), now: new Date(`${today}T06:00:00Z`), cache: new SnapshotCache() });
    await expiry('2027-06-20');
    const [reminder] = github.open(EXPIRING_LABEL);
    expect(reminder.body).toContain('@acme/finance: your access to `checkout-orders` · `orders` (role `analyst`) ends on **2027-06-30**');

    // 4. The day after: one pull request removes the file; the reminder names it.
    await expiry('2027-07-01');
    const [removal] = github.open(REVOCATION_LABEL);
    expect(removal.body).toContain(`| \`finance-checkout-orders-orders\` | @acme/finance | 2027-06-30 | \`${FILE}\` |`);
    expect(github.issues.get(reminder.number)!.body).toContain(`#${removal.number} removes the file`);

    // 5. The removal merged: the file is gone, and the next run closes the reminder.
    github.merge(removal.number);
    expect(github.files[FILE]).toBeUndefined();
    await expiry('2027-07-02');
    expect(github.issues.get(reminder.number)!.state).toBe('closed');

    const trail = [...github.issues.values()].map(show).join('\n\n');
    if (process.env.MESHGATE_PRINT_TRAIL) console.log(`${trail}\n\nRequests of the last run:\n${github.requests.slice(-6).join('\n')}`);
    expect(trail).toContain('Removed: `finance-checkout-orders-orders` is no longer in the mesh, so its access is revoked.');
  });
});
