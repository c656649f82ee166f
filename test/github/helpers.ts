/**
 * Test scaffolding for the GitHub app: in-memory tarballs shaped like GitHub's, a Probot with
 * retries and throttling off, a private key made at test time, and nock helpers for the
 * requests every evaluation makes.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { pack } from 'tar-stream';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { AppOptions } from '../../bot/github/app.ts';

export const API = 'https://api.github.com';
export const CODELOAD = 'https://codeload.github.com';
export const INSTALLATION_ID = 4242;

let key: string | undefined;
/** An RSA key for the test app, generated once per test file (Probot signs its JWT with it). */
export function privateKey(): string {
  key ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  return key;
}

export const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

/**
 * nock for every test of the file: no request leaves the process (but to `allowHost`, e.g. a local
 * server), and each test must use every interceptor it sets up.
 */
export function interceptRequests(allowHost?: string): void {
  beforeAll(() => {
    nock.disableNetConnect();
    if (allowHost) nock.enableNetConnect(allowHost);
  });
  afterAll(() => nock.enableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending).toEqual([]);
  });
}

/** An Octokit with the installation's token, for the app's pieces tested without Probot. */
export const installationOctokit = () => new TestOctokit({ auth: 'ghs_test' });

/** A webhook delivery to a test Probot, as its middleware hands it over once the signature checked out. */
export function deliver(probot: Probot, name: string, payload: unknown, id = 'delivery-1'): Promise<void> {
  return probot.receive({ id, name, payload } as Parameters<Probot['receive']>[0]);
}

/** A Probot running the Meshgate app, quiet, with no retries so that every request is counted once. */
export async function createTestProbot(options: AppOptions = {}, secret = 'test-secret'): Promise<Probot> {
  const probot = new Probot({
    appId: 123,
    privateKey: privateKey(),
    secret,
    Octokit: TestOctokit,
    logLevel: 'fatal',
    request: { fetch: countingFetch },
  });
  // Imported on use so that tests of the pieces do not load the whole app.
  const { createApp } = await import('../../bot/github/app.ts');
  await probot.load(createApp(options));
  return probot;
}

/** A webhook payload fixture from test/fixtures/webhooks, parsed fresh so tests may change it. */
export function payload<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/webhooks/${name}.json`, import.meta.url), 'utf8'));
}

export interface TarEntry {
  type: 'symlink' | 'link' | 'directory';
  linkname?: string;
}

/**
 * A repository tarball as GitHub serves it: gzip'd tar, every entry under `owner-repo-shortsha/`,
 * with a pax global header carrying the commit (as `git archive` writes) and directory entries.
 */
export async function tarball(files: Record<string, string | Uint8Array | TarEntry> | Map<string, string>, root = 'acme-mesh-0123abc'): Promise<Buffer> {
  const entries = files instanceof Map ? Object.fromEntries(files) : files;
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on('data', (chunk: unknown) => {
    chunks.push(chunk as Buffer);
  });
  const ended = new Promise<void>((resolve, reject) => {
    tar.on('end', resolve);
    tar.on('error', reject);
  });
  const add = (header: Parameters<typeof tar.entry>[0], body?: string | Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      const done = (error?: Error | null) => (error ? reject(error) : resolve());
      if (body === undefined) tar.entry(header, done);
      else tar.entry(header, Buffer.from(body), done);
    });
  await add({ name: 'pax_global_header', type: 'pax-global-header' as never, pax: { comment: '0123abc0123abc0123abc0123abc0123abc0123a' } } as never, '');
  await add({ name: `${root}/`, type: 'directory' });
  const dirs = new Set<string>();
  for (const [path, content] of Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!dirs.has(dir)) {
        dirs.add(dir);
        await add({ name: `${root}/${dir}/`, type: 'directory' });
      }
    }
    if (typeof content === 'string' || content instanceof Uint8Array) await add({ name: `${root}/${path}`, type: 'file' }, content);
    else if (content.type === 'directory') await add({ name: `${root}/${path}/`, type: 'directory' });
    else await add({ name: `${root}/${path}`, type: content.type, linkname: content.linkname ?? 'elsewhere' });
  }
  tar.finalize();
  await ended;
  return gzipSync(Buffer.concat(chunks));
}

/** The installation token Probot asks for before its first request on an installation's behalf. */
export function mockInstallationToken(scope = nock(API)): nock.Scope {
  return scope.post(`/app/installations/${INSTALLATION_ID}/access_tokens`).reply(201, {
    token: 'ghs_test',
    expires_at: '2099-01-01T00:00:00Z',
    permissions: { checks: 'write', pull_requests: 'write', contents: 'read', members: 'read', metadata: 'read' },
    repository_selection: 'all',
  });
}

/**
 * The tarball of a commit: `GET /repos/{o}/{r}/tarball/{sha}` answers with a redirect to codeload,
 * as GitHub does, and codeload serves the archive. Only the first is an API request.
 */
export function mockTarball(repo: string, sha: string, data: Buffer): void {
  const path = `/${repo}/legacy.tar.gz/${sha}`;
  nock(API).get(`/repos/${repo}/tarball/${sha}`).reply(302, '', { location: `${CODELOAD}${path}?token=SECRET` });
  nock(CODELOAD).get(path).query(true).reply(200, data, { 'content-type': 'application/x-gzip' });
  mockPullFiles(repo).optionally();
}

/**
 * `GET /pulls/{n}/files`, which the app reads to check that the head's tarball holds every file the
 * pull request adds or changes. By default any pull request of `repo` changes nothing the check
 * could miss; `paths` lists files it adds.
 */
export function mockPullFiles(repo: string, paths: string[] = []): nock.Interceptor {
  const interceptor = nock(API).get(new RegExp(`^/repos/${repo}/pulls/\\d+/files`)).query(true);
  interceptor.reply(200, paths.map((filename) => ({ filename, status: 'added', sha: '0'.repeat(40), additions: 1, deletions: 0, changes: 1 })));
  return interceptor;
}

const counters = new Set<string[]>();

/** Every request Probot's Octokit sends passes here; redirects are followed inside one call. */
function countingFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = String(input instanceof Request ? input.url : input);
  if (url.startsWith(API) && !url.includes('/app/installations/')) {
    for (const requests of counters) requests.push(`${init?.method ?? 'GET'} ${url.slice(API.length).split('?')[0]}`);
  }
  return globalThis.fetch(input, init);
}

/**
 * Counts the API requests of a test Probot from now until `stop()`. The installation token is
 * left out (Probot caches it for an hour across deliveries); a tarball counts once, its codeload
 * redirect being followed inside the same request.
 */
export function countApiRequests(): { readonly count: number; readonly requests: string[]; stop(): void } {
  const requests: string[] = [];
  counters.add(requests);
  return {
    get count() {
      return requests.length;
    },
    requests,
    stop: () => counters.delete(requests),
  };
}

export const REPO = 'acme/mesh';
export const BASE_SHA = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
export const HEAD_SHA = '8a9f1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f20';
export const HEAD2_SHA = '3e5f7a9b1c3d5e7f9a1b3c5d7e9f1a3b5c7d9e1f';

export interface ReviewRecord {
  user: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED';
  commit: string;
}

/** GitHub's shape of one pull request review. */
export function githubReview({ user, state, commit }: ReviewRecord, id = 1) {
  return {
    id,
    node_id: `PRR_${id}`,
    user: { login: user, id: 1000 + id, type: 'User' },
    body: '',
    state,
    commit_id: commit,
    submitted_at: `2026-11-23T10:0${id % 10}:00Z`,
    author_association: 'MEMBER',
    html_url: `https://github.com/${REPO}/pull/7#pullrequestreview-${id}`,
    pull_request_url: `${API}/repos/${REPO}/pulls/7`,
  };
}

export interface CheckRunRecord {
  id: number;
  external_id: string | null;
  annotations_count?: number;
}

/** `GET /commits/{sha}/check-runs?check_name=Meshgate` answering with the given runs. */
export function mockCheckRunLookup(sha: string, runs: CheckRunRecord[] = [], repo = REPO): void {
  nock(API)
    .get(`/repos/${repo}/commits/${sha}/check-runs`)
    .query((query) => query.check_name === 'Meshgate')
    .reply(200, {
      total_count: runs.length,
      check_runs: runs.map((run) => ({
        id: run.id,
        name: 'Meshgate',
        head_sha: sha,
        external_id: run.external_id,
        status: 'completed',
        conclusion: 'action_required',
        output: { title: 'x', summary: 'x', annotations_count: run.annotations_count ?? 0 },
      })),
    });
}

/** `GET /pulls/{n}/reviews` in one page. */
export function mockReviews(reviews: ReviewRecord[], number = 7, repo = REPO): void {
  nock(API)
    .get(`/repos/${repo}/pulls/${number}/reviews`)
    .query(true)
    .reply(200, reviews.map((review, i) => githubReview(review, i + 1)));
}

/** Captures request bodies sent to a route, replying with `reply`. */
export function capture(method: 'post' | 'patch' | 'put' | 'delete', path: string | RegExp, reply: unknown = {}, status = 200): unknown[] {
  const bodies: unknown[] = [];
  nock(API)
    [method](path, (body: unknown) => {
      bodies.push(body);
      return true;
    })
    .reply(status, reply as nock.Body);
  return bodies;
}

export function quietLog() {
  const lines: Array<{ level: string; obj: unknown; msg?: string }> = [];
  const at = (level: string) => (obj: unknown, msg?: string) => {
    lines.push({ level, obj, msg });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
