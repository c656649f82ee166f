/**
 * Mesh events: a push to the default branch becomes CloudEvents for the targets governance names,
 * delivered with retries, and a delivery that fails for good is logged with its event id.
 */
import { createHmac } from 'node:crypto';
import nock from 'nock';
import type { Probot } from 'probot';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EventTarget } from '../../bot/core/kinds/governance.ts';
import { deliverEvents } from '../../bot/github/event-delivery.ts';
import { meshEvents, type CloudEvent } from '../../bot/github/mesh-events.ts';
import { SnapshotCache } from '../../bot/github/snapshots.ts';
import { smallMesh, withFiles } from '../fixtures/meshes/small.ts';
import { API, BASE_SHA, HEAD2_SHA, REPO, createTestProbot, deliver, installationOctokit, interceptRequests, mockInstallationToken, mockTarball, payload, quietLog, tarball } from './helpers.ts';

const HOOK = 'https://events.example.com';

const governanceWithTargets = (targets: string) => `${smallMesh['policies/governance.yaml']}events:
  targets:
${targets}`;

const newGrant = `apiVersion: meshgate/v1
kind: AccessGrant
id: ml-checkout-orders
consumer:
  team: "@acme/ml"
  domain: marketing
dataProduct: checkout-orders
outputPort: orders
role: analyst
purpose: Train the churn model on order history.
requestedBy: "@kenji"
validUntil: "2027-03-31"
`;

const event = (type: CloudEvent['type'], id = 'x'): CloudEvent => ({
  specversion: '1.0',
  id: `${HEAD2_SHA}:${type}:AccessGrant:${id}`,
  source: 'https://github.com/acme/mesh',
  type,
  subject: `AccessGrant/${id}`,
  time: '2026-11-23T11:30:00Z',
  datacontenttype: 'application/json',
  data: { kind: 'AccessGrant', id, change: 'added', file: 'f.yaml', repository: REPO, commit: HEAD2_SHA, previousCommit: BASE_SHA },
});

const noSleep = async () => {};

interceptRequests();

describe('meshEvents', () => {
  it('maps each change to its event type, with an id stable across redeliveries', () => {
    const push = { repository: REPO, url: 'https://github.com/acme/mesh', before: BASE_SHA, after: HEAD2_SHA, time: '2026-11-23T11:30:00Z' };
    const events = meshEvents(
      [
        { type: 'added', kind: 'DataProduct', id: 'p', file: 'catalog/d/p/product.yaml', domain: 'd' },
        { type: 'removed', kind: 'DataProduct', id: 'old', file: 'catalog/d/old/product.yaml' },
        { type: 'modified', kind: 'DataContract', id: 'c', file: 'catalog/d/p/c.yaml', fields: ['schema'] },
        { type: 'added', kind: 'AccessGrant', id: 'g1', file: 'catalog/d/p/access/g1.yaml' },
        { type: 'removed', kind: 'AccessGrant', id: 'g2', file: 'catalog/d/p/access/g2.yaml' },
        { type: 'modified', kind: 'Policy', id: 'pol', file: 'policies/pol.yaml' },
        { type: 'modified', kind: 'Domain', id: 'd', file: 'catalog/d/domain.yaml' },
      ],
      push,
    );
    expect(events.map((e) => [e.type, e.subject])).toEqual([
      ['meshgate.product.published', 'DataProduct/p'],
      ['meshgate.contract.changed', 'DataContract/c'],
      ['meshgate.access.granted', 'AccessGrant/g1'],
      ['meshgate.access.revoked', 'AccessGrant/g2'],
      ['meshgate.policy.changed', 'Policy/pol'],
    ]);
    expect(events[0]).toEqual({
      specversion: '1.0',
      id: `${HEAD2_SHA}:meshgate.product.published:DataProduct:p`,
      source: 'https://github.com/acme/mesh',
      type: 'meshgate.product.published',
      subject: 'DataProduct/p',
      time: '2026-11-23T11:30:00Z',
      datacontenttype: 'application/json',
      data: { kind: 'DataProduct', id: 'p', change: 'added', file: 'catalog/d/p/product.yaml', domain: 'd', repository: REPO, commit: HEAD2_SHA, previousCommit: BASE_SHA },
    });
  });
});

describe('deliverEvents', () => {
  const octokit = installationOctokit;

  it('signs webhook bodies with HMAC-SHA256 of the secret named by secretEnv', async () => {
    const sent: Array<{ body: string; signature: string }> = [];
    nock(HOOK)
      .post('/meshgate')
      .reply(function (_uri, body) {
        sent.push({ body: typeof body === 'string' ? body : JSON.stringify(body), signature: String(this.req.headers['x-meshgate-signature']) });
        return [202, ''];
      });
    const target: EventTarget = { type: 'webhook', url: `${HOOK}/meshgate`, secretEnv: 'HOOK_SECRET' };
    const failures = await deliverEvents(octokit(), [event('meshgate.access.granted')], [target], { log: quietLog(), env: { HOOK_SECRET: 's3cret' }, sleep: noSleep });
    expect(failures).toEqual([]);
    expect(sent[0].signature).toBe(`sha256=${createHmac('sha256', 's3cret').update(sent[0].body).digest('hex')}`);
  });

  it('sends a repository_dispatch with the event as client_payload', async () => {
    const bodies: unknown[] = [];
    nock(API)
      .post('/repos/acme/mesh-events/dispatches', (body) => bodies.push(body) > 0)
      .reply(204);
    const e = event('meshgate.access.revoked');
    await deliverEvents(octokit(), [e], [{ type: 'repository_dispatch', repository: 'acme/mesh-events' }], { log: quietLog(), sleep: noSleep });
    expect(bodies).toEqual([{ event_type: 'meshgate.access.revoked', client_payload: e }]);
  });

  it('retries a failing webhook with exponential backoff until it answers', async () => {
    nock(HOOK).post('/meshgate').times(2).reply(503, 'busy');
    nock(HOOK).post('/meshgate').reply(200, 'ok');
    const waits: number[] = [];
    const failures = await deliverEvents(octokit(), [event('meshgate.access.granted')], [{ type: 'webhook', url: `${HOOK}/meshgate` }], {
      log: quietLog(),
      backoffMs: 100,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(failures).toEqual([]);
    expect(waits).toEqual([100, 200]);
  });

  it('a delivery that keeps failing is logged with the event id and returned, never dropped', async () => {
    nock(HOOK).post('/meshgate').times(3).reply(500, 'down');
    const log = quietLog();
    const e = event('meshgate.access.granted', 'g9');
    const failures = await deliverEvents(octokit(), [e], [{ type: 'webhook', url: `${HOOK}/meshgate` }], { log, attempts: 3, sleep: noSleep });
    expect(failures.map((f) => [f.eventId, f.target])).toEqual([[e.id, `webhook ${HOOK}/meshgate`]]);
    expect(log.lines.filter((l) => l.level === 'error')).toMatchObject([{ obj: { eventId: e.id }, msg: 'Mesh event could not be delivered.' }]);
  });

  it('a refused dispatch (no permission) is not retried and says which permission is missing', async () => {
    nock(API).post('/repos/acme/mesh-events/dispatches').reply(403, { message: 'Resource not accessible by integration' });
    const failures = await deliverEvents(octokit(), [event('meshgate.policy.changed')], [{ type: 'repository_dispatch', repository: 'acme/mesh-events' }], {
      log: quietLog(),
      sleep: noSleep,
    });
    expect(String((failures[0].error as Error).message)).toContain('the app needs "Contents: write" on that repository');
  });

  it('a webhook whose secret is not set is not sent unsigned', async () => {
    const failures = await deliverEvents(octokit(), [event('meshgate.policy.changed')], [{ type: 'webhook', url: `${HOOK}/meshgate`, secretEnv: 'UNSET_SECRET' }], {
      log: quietLog(),
      env: {},
      sleep: noSleep,
    });
    expect(String((failures[0].error as Error).message)).toMatchInlineSnapshot(
      `"The webhook https://events.example.com/meshgate is configured with secretEnv UNSET_SECRET, but that environment variable is empty; set it where the app runs."`,
    );
  });

  it('sends a target only the event types it lists', async () => {
    nock(HOOK).post('/meshgate').reply(200);
    const failures = await deliverEvents(
      octokit(),
      [event('meshgate.access.granted'), event('meshgate.policy.changed')],
      [{ type: 'webhook', url: `${HOOK}/meshgate`, events: ['meshgate.policy.changed'] }],
      { log: quietLog(), sleep: noSleep },
    );
    expect(failures).toEqual([]);
  });
});

describe('push webhook', () => {
  let probot: Probot;
  beforeEach(async () => {
    // Re-evaluating open pull requests after a push has tests of its own (attacks.test.ts).
    probot = await createTestProbot({ push: { cache: new SnapshotCache(), sleep: noSleep, env: { HOOK_SECRET: 'k' } }, reevaluateLimit: 0 });
  });
  const receive = (fixture: unknown) => deliver(probot, 'push', fixture, 'push-1');

  it('to the default branch: diffs before → after and sends the events to governance\'s targets', async () => {
    const after = withFiles({
      'policies/governance.yaml': governanceWithTargets(`    - type: repository_dispatch
      repository: acme/mesh-events
    - type: webhook
      url: ${HOOK}/meshgate
      secretEnv: HOOK_SECRET
`),
      'catalog/checkout/orders/access/ml.yaml': newGrant,
    });
    mockInstallationToken();
    mockTarball(REPO, BASE_SHA, await tarball(smallMesh));
    mockTarball(REPO, HEAD2_SHA, await tarball(after));
    const dispatched: Array<{ event_type: string }> = [];
    nock(API)
      .post('/repos/acme/mesh-events/dispatches', (body) => dispatched.push(body) > 0)
      .times(2)
      .reply(204);
    const hooked: CloudEvent[] = [];
    nock(HOOK)
      .post('/meshgate', (body) => hooked.push(typeof body === 'string' ? JSON.parse(body) : body) > 0)
      .times(2)
      .reply(200);
    await receive(payload('push'));
    expect(dispatched.map((d) => d.event_type).sort()).toEqual(['meshgate.access.granted', 'meshgate.policy.changed']);
    expect(hooked.map((e) => e.subject).sort()).toEqual(['AccessGrant/ml-checkout-orders', 'Governance/governance']);
    expect(hooked.find((e) => e.type === 'meshgate.access.granted')!.data).toMatchObject({ change: 'added', commit: HEAD2_SHA, previousCommit: BASE_SHA });
  });

  it('a delivery that fails for good fails the webhook delivery, naming the event', async () => {
    const after = withFiles({
      'policies/governance.yaml': governanceWithTargets(`    - type: webhook
      url: ${HOOK}/meshgate
`),
    });
    mockInstallationToken();
    mockTarball(REPO, BASE_SHA, await tarball(smallMesh));
    mockTarball(REPO, HEAD2_SHA, await tarball(after));
    nock(HOOK).post('/meshgate').times(4).reply(502);
    await expect(receive(payload('push'))).rejects.toThrow(`${HEAD2_SHA}:meshgate.policy.changed:Governance:governance → webhook ${HOOK}/meshgate`);
  });

  it('to another branch: nothing is read or sent', async () => {
    const fixture = payload('push');
    fixture.ref = 'refs/heads/access/marketing-orders';
    await receive(fixture);
  });

  it('deleting the default branch: nothing is read or sent', async () => {
    const fixture = payload('push');
    fixture.deleted = true;
    fixture.after = '0000000000000000000000000000000000000000';
    await receive(fixture);
  });
});
