/**
 * The GitHub Actions entry point: the workflow's event file and token in, the same app out.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runAction } from '../../bot/github/action.ts';
import { defaultSnapshotCache } from '../../bot/github/snapshots.ts';
import { withFiles, smallMesh } from '../fixtures/meshes/small.ts';
import { API, BASE_SHA, HEAD_SHA, REPO, interceptRequests, mockCheckRunLookup, mockPullRequestMeshes, mockReviews, payload } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'meshgate-action-'));
function eventFile(name: string, body: unknown): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(body));
  return path;
}

interceptRequests();
afterEach(() => vi.restoreAllMocks());
// The entry point uses the process-wide cache, as the action does; each test starts from an empty one.
beforeEach(() => defaultSnapshotCache.clear());

describe('runAction', () => {
  it('handles pull_request_target as pull_request, with the workflow token, and no installation', async () => {
    const fixture = payload('pull_request.opened');
    delete fixture.installation;
    await mockPullRequestMeshes(withFiles({ 'catalog/checkout/orders/access/marketing.yaml': null }), smallMesh);
    mockCheckRunLookup(HEAD_SHA);
    mockReviews([]);
    const auth: string[] = [];
    nock(API)
      .post(`/repos/${REPO}/check-runs`)
      .reply(function () {
        auth.push(String(this.req.headers.authorization));
        return [201, { id: 5 }];
      });
    nock(API).post(`/repos/${REPO}/issues/7/labels`).reply(200, []);
    nock(API).post(`/repos/${REPO}/pulls/7/requested_reviewers`).reply(201, {});
    const code = await runAction({
      GITHUB_TOKEN: 'ghs_workflow',
      GITHUB_EVENT_NAME: 'pull_request_target',
      GITHUB_EVENT_PATH: eventFile('opened', fixture),
      GITHUB_RUN_ID: '99',
      LOG_LEVEL: 'silent',
    });
    expect(code).toBe(0);
    expect(auth).toEqual(['token ghs_workflow']);
  });

  it('attack 1: a recorded review is evaluated by the default branch\'s code from the number alone, read back from the API', async () => {
    const pull = payload('pull_request_review.submitted').pull_request;
    nock(API).get(`/repos/${REPO}/pulls/7`).reply(200, pull);
    await mockPullRequestMeshes(withFiles({ 'catalog/checkout/orders/access/marketing.yaml': null }), smallMesh);
    mockCheckRunLookup(HEAD_SHA);
    mockReviews([]);
    const created: unknown[] = [];
    nock(API)
      .post(`/repos/${REPO}/check-runs`, (body) => created.push(body) > 0)
      .reply(201, { id: 5 });
    nock(API).post(`/repos/${REPO}/issues/7/labels`).reply(200, []);
    nock(API).post(`/repos/${REPO}/pulls/7/requested_reviewers`).reply(201, {});
    const run = payload('push');
    const code = await runAction({
      GITHUB_TOKEN: 'ghs_workflow',
      GITHUB_EVENT_NAME: 'workflow_run',
      GITHUB_EVENT_PATH: eventFile('workflow_run', { action: 'completed', workflow_run: { id: 1, conclusion: 'success' }, repository: run.repository }),
      MESHGATE_PULL_NUMBER_FILE: eventFile('pull-number', 7),
      LOG_LEVEL: 'silent',
    });
    expect(code).toBe(0);
    expect(created).toMatchObject([{ head_sha: HEAD_SHA, conclusion: 'action_required' }]);
  });

  it('attack 1: a recorded review that is not a plain pull request number is refused, and nothing is evaluated', async () => {
    const run = payload('push');
    const code = await runAction({
      GITHUB_TOKEN: 'ghs_workflow',
      GITHUB_EVENT_NAME: 'workflow_run',
      GITHUB_EVENT_PATH: eventFile('workflow_run', { action: 'completed', workflow_run: { id: 1, conclusion: 'success' }, repository: run.repository }),
      MESHGATE_PULL_NUMBER_FILE: eventFile('pull-number', '7/../../8'),
      LOG_LEVEL: 'silent',
    });
    expect(code).toBe(1);
  });

  it('prefers MESHGATE_TOKEN, which can read team members', async () => {
    const fixture = payload('push');
    fixture.ref = 'refs/heads/feature';
    const code = await runAction({ GITHUB_TOKEN: 'a', MESHGATE_TOKEN: 'b', GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: eventFile('push', fixture) });
    expect(code).toBe(0);
  });

  it('fails the job, saying why, without a token', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const code = await runAction({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: '/nonexistent' });
    expect(code).toBe(1);
    expect(String(error.mock.calls[0][0])).toContain('no token');
  });

  it('fails the job when the event cannot be handled', async () => {
    const fixture = payload('pull_request.opened');
    delete fixture.installation;
    nock(API).get(`/repos/${REPO}/commits/${HEAD_SHA}/check-runs`).query(true).times(2).reply(404, { message: 'Not Found' });
    nock(API).post(`/repos/${REPO}/check-runs`).reply(403, { message: 'Resource not accessible by integration' });
    const code = await runAction({ GITHUB_TOKEN: 'ghs_read_only', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventFile('fork', fixture), LOG_LEVEL: 'silent' });
    expect(code).toBe(1);
  });
});
