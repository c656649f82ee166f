/**
 * Webhooks over HTTP, as GitHub delivers them: Probot's Node middleware verifies the signature
 * before anything is evaluated.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeMiddleware } from 'probot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Review } from '../../bot/core/review/types.ts';
import { SnapshotCache } from '../../bot/github/snapshots.ts';
import { smallMesh, withFiles } from '../fixtures/meshes/small.ts';
import { HEAD_SHA, REPO, capture, createTestProbot, interceptRequests, mockCheckRunLookup, mockInstallationToken, mockPullRequestMeshes, mockReviews, payload } from './helpers.ts';

const SECRET = 'webhook-secret-for-tests';
let server: Server;
let url: string;
let evaluations = 0;

const passing: Review = {
  conclusion: 'success',
  title: 'No mesh changes: all checks passed',
  findings: [],
  changes: [],
  categories: [],
  breakingChanges: [],
  approvals: [],
  reviewersToRequest: { users: [], teams: [] },
};

function post(body: string, signature: string, event = 'pull_request') {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
      'x-hub-signature-256': signature,
      'user-agent': 'GitHub-Hookshot/044aadd',
    },
    body,
  });
}

const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

interceptRequests('127.0.0.1');

beforeAll(async () => {
  const probot = await createTestProbot(
    {
      evaluate: {
        cache: new SnapshotCache(),
        review: async () => {
          evaluations++;
          return passing;
        },
        render: () => 'summary',
      },
    },
    SECRET,
  );
  const middleware = await createNodeMiddleware(() => {}, { probot, webhooksPath: '/api/github/webhooks' });
  server = createServer((req, res) => {
    void middleware(req, res, () => {
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('the webhook endpoint', () => {
  it('a delivery signed with the secret is evaluated', async () => {
    mockInstallationToken();
    await mockPullRequestMeshes(withFiles({ 'catalog/checkout/orders/access/marketing.yaml': null }), smallMesh);
    mockCheckRunLookup(HEAD_SHA);
    mockReviews([]);
    const created = capture('post', `/repos/${REPO}/check-runs`, { id: 1 });
    const body = JSON.stringify(payload('pull_request.opened'));
    const response = await post(body, sign(body));
    expect(response.status).toBe(200);
    expect(created).toMatchObject([{ conclusion: 'success' }]);
    expect(evaluations).toBe(1);
  });

  it('a bad signature is refused with 400 and nothing is evaluated', async () => {
    const body = JSON.stringify(payload('pull_request.opened'));
    const response = await post(body, sign(body, 'not-the-secret'));
    expect(response.status).toBe(400);
    expect(evaluations).toBe(1);
  });

  it('a payload altered after signing is refused', async () => {
    const body = JSON.stringify(payload('pull_request.opened'));
    const altered = body.replace('"lena"', '"maria"');
    const response = await post(altered, sign(body));
    expect(response.status).toBe(400);
    expect(evaluations).toBe(1);
  });
});
