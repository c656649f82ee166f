/**
 * GitHub's API for the Meshgate app, served by nock: in-memory tarballs shaped like GitHub's, a
 * Probot with retries and throttling off, a private key made at run time, the requests every
 * evaluation makes (GraphQL pull data, tarballs, the pull request's file list with unified-diff
 * patches, check runs) and a counter of the app's API requests. Shared by bench/api-eval.ts and the
 * app's tests (test/github/helpers.ts adds what only tests need); it imports nothing from test/.
 * Webhook payloads are read from test/fixtures/webhooks, where the tests keep them.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { pack } from 'tar-stream';
import type { AppOptions } from '../bot/github/app.ts';

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
  const { createApp } = await import('../bot/github/app.ts');
  await probot.load(createApp(options));
  return probot;
}

/** A webhook payload fixture from test/fixtures/webhooks, parsed fresh so tests may change it. */
export function payload<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../test/fixtures/webhooks/${name}.json`, import.meta.url), 'utf8'));
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
  const archive = await packTarball(entries, root);
  archived.set(archive, entries);
  return archive;
}

/** The files each tarball was made of, so that the commit it is served for has a git tree to match. */
const archived = new WeakMap<Buffer, Record<string, string | Uint8Array | TarEntry>>();
/** Commit → its files, for every tarball served with mockTarball (the base tip's tree comes from here). */
const commitFiles = new Map<string, Record<string, string | Uint8Array | TarEntry>>();

async function packTarball(entries: Record<string, string | Uint8Array | TarEntry>, root: string): Promise<Buffer> {
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
 * as GitHub does, and codeload serves the archive. Only the first is an API request. The app reads
 * the base's; a head's only when the pull request's file list cannot be applied to the base.
 */
export function mockTarball(repo: string, sha: string, data: Buffer): void {
  const files = archived.get(data);
  if (files) commitFiles.set(sha, files);
  const path = `/${repo}/legacy.tar.gz/${sha}`;
  nock(API).get(`/repos/${repo}/tarball/${sha}`).reply(302, '', { location: `${CODELOAD}${path}?token=SECRET` });
  nock(CODELOAD).get(path).query(true).reply(200, data, { 'content-type': 'application/x-gzip' });
}

export type Files = Record<string, string | null | undefined> | Map<string, string>;

/** One entry of `GET /pulls/{n}/files`, as GitHub shapes it. */
export interface DiffEntry {
  sha: string | null;
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  additions: number;
  deletions: number;
  changes: number;
  blob_url: string;
  raw_url: string;
  contents_url: string;
  patch?: string;
  previous_filename?: string;
}

const entriesOf = (files: Files) => new Map(Object.entries(files instanceof Map ? Object.fromEntries(files) : files).filter((e): e is [string, string] => typeof e[1] === 'string'));

/** git's blob id of a text, as GitHub lists it for each file of a pull request. */
export const blobSha = (text: string) => createHash('sha1').update(`blob ${Buffer.byteLength(text)}\0`).update(text).digest('hex');

/** Lines with their newline; the last may have none. */
function linesOf(text: string): string[] {
  return text === '' ? [] : (text.match(/[^\n]*\n|[^\n]+$/g) ?? []);
}

/** One diff line (`prefix` + line), with git's marker after a last line that has no newline. */
const diffLine = (prefix: string, line: string) => (line.endsWith('\n') ? `${prefix}${line}` : `${prefix}${line}\n\\ No newline at end of file\n`);

/**
 * A unified diff of two texts as GitHub's `patch` field has it: hunks only, no file headers, no
 * final newline. `context` lines around each change, as git does (3); with `context: 'whole'`,
 * one hunk replacing the whole file (what a file added or removed looks like anyway). Lines are
 * compared by a longest-common-subsequence table, fine for test-sized files.
 */
export function unifiedDiff(before: string, after: string, context: number | 'whole' = 'whole'): string {
  const a = linesOf(before);
  const b = linesOf(after);
  if (context === 'whole') {
    const header = `@@ -${a.length === 0 ? '0,0' : `1,${a.length}`} +${b.length === 0 ? '0,0' : `1,${b.length}`} @@`;
    return [`${header}\n`, ...a.map((l) => diffLine('-', l)), ...b.map((l) => diffLine('+', l))].join('').replace(/\n$/, '');
  }
  // ops: ' ' keep, '-' remove, '+' add, with the index in a (and b).
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: Array<{ op: ' ' | '-' | '+'; line: string; i: number; j: number }> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ op: ' ', line: a[i], i: i++, j: j++ });
    else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push({ op: '-', line: a[i], i: i++, j });
    else ops.push({ op: '+', line: b[j], i, j: j++ });
  }
  const hunks: string[] = [];
  let k = 0;
  while (k < ops.length) {
    if (ops[k].op === ' ') {
      k++;
      continue;
    }
    let start = Math.max(0, k - context);
    while (start < k && ops[start].op !== ' ') start++;
    let end = k;
    // Extend while the next change is within 2 × context unchanged lines.
    for (;;) {
      while (end < ops.length && ops[end].op !== ' ') end++;
      let gap = end;
      while (gap < ops.length && ops[gap].op === ' ') gap++;
      if (gap < ops.length && gap - end <= 2 * context) end = gap;
      else {
        end = Math.min(ops.length, end + context);
        break;
      }
    }
    const slice = ops.slice(start, end);
    const oldLines = slice.filter((o) => o.op !== '+').length;
    const newLines = slice.filter((o) => o.op !== '-').length;
    const oldStart = oldLines === 0 ? slice[0].i : slice[0].i + 1;
    const newStart = newLines === 0 ? slice[0].j : slice[0].j + 1;
    const body = slice.map((o) => diffLine(o.op, o.line)).join('');
    hunks.push(`@@ -${oldStart},${oldLines} +${newStart},${newLines} @@\n${body}`);
    k = end;
  }
  return hunks.join('').replace(/\n$/, '');
}

/**
 * The file list GitHub gives for a pull request from `base` to `head` (path → text, `null` or
 * absent for no file): every added, removed or modified file with its patch, blob sha and URLs
 * naming `headSha` (a removed file's name the base, as GitHub's name the commit before the
 * removal). `context` as in unifiedDiff.
 */
export function pullFiles(base: Files, head: Files, { headSha = HEAD_SHA, repo = REPO, context = 'whole' as number | 'whole' } = {}): DiffEntry[] {
  const before = entriesOf(base);
  const after = entriesOf(head);
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  return paths.flatMap((filename): DiffEntry[] => {
    const a = before.get(filename);
    const b = after.get(filename);
    if (a === b) return [];
    const status = a === undefined ? 'added' : b === undefined ? 'removed' : 'modified';
    const patch = unifiedDiff(a ?? '', b ?? '', context);
    const additions = (patch.match(/^\+/gm) ?? []).length;
    const deletions = (patch.match(/^-/gm) ?? []).length;
    // GitHub's URLs of a removed file name the commit it was removed from, not the head.
    const entry = diffEntryBase(filename, b ?? a ?? '', status === 'removed' ? BASE_SHA : headSha, repo);
    return [{ ...entry, status, additions, deletions, changes: additions + deletions, patch }];
  });
}

/** The fields every entry has: blob sha (of `text`) and URLs that name the head commit. */
export function diffEntryBase(filename: string, text: string, headSha = HEAD_SHA, repo = REPO) {
  const path = filename.split('/').map(encodeURIComponent).join('/');
  return {
    sha: blobSha(text),
    filename,
    blob_url: `https://github.com/${repo}/blob/${headSha}/${path}`,
    raw_url: `https://github.com/${repo}/raw/${headSha}/${path}`,
    contents_url: `${API}/repos/${repo}/contents/${path}?ref=${headSha}`,
  };
}

/** `GET /pulls/{n}/files` answering with `files` (in pages of 100, as the app asks for). */
export function mockPullFiles(files: DiffEntry[] | Array<Partial<DiffEntry>>, number = 7, repo = REPO): void {
  for (let page = 0; page === 0 || page * 100 < files.length; page++) {
    const slice = files.slice(page * 100, page * 100 + 100);
    const last = (page + 1) * 100 >= files.length;
    nock(API)
      .get(`/repos/${repo}/pulls/${number}/files`)
      .query((query) => Number(query.page ?? 1) === page + 1)
      .reply(200, slice, last ? {} : { link: `<${API}/repos/${repo}/pulls/${number}/files?per_page=100&page=${page + 2}>; rel="next"` });
  }
}

/**
 * The requests that load a pull request's meshes when its head is rebuilt from the file list: the
 * base tarball and the file list from `base` to `head`. No head tarball.
 */
export async function mockPullRequestMeshes(base: Files, head: Files, { headSha = HEAD_SHA, number = 7, repo = REPO, baseTarball }: { headSha?: string; number?: number; repo?: string; baseTarball?: Buffer } = {}): Promise<void> {
  mockTarball(repo, BASE_SHA, baseTarball ?? (await tarball(entriesOf(base))));
  mockPullFiles(pullFiles(base, head, { headSha, repo }), number, repo);
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

/** A commit author's or committer's identity as GitHub's GraphQL API gives it. */
export interface CommitIdentity {
  name?: string;
  email?: string;
  /** The GitHub account the e-mail belongs to, if GitHub knows one. */
  login?: string;
}

export interface PullDataOptions {
  /** The commits of the pull request (default: one, by lena, the author). */
  commits?: Array<{ author?: CommitIdentity; committer?: CommitIdentity }>;
  /** Where the base branch points now (default BASE_SHA); its tree is that of the tarball served for it. */
  baseTip?: string;
  /** The actor of a force push that set `forcePushHead` (default HEAD_SHA). */
  forcePushedBy?: string;
  forcePushHead?: string;
  /** The base tip's tree, when it is not the tarball's (a .gitattributes at work). */
  baseTree?: Record<string, string | Uint8Array | TarEntry>;
  /** For set-ups shared by tests that may not get as far as evaluating. */
  optional?: boolean;
}

const identity = (who: CommitIdentity = {}) => ({ name: who.name ?? null, email: who.email ?? null, user: who.login ? { login: who.login } : null });

/** git's object id of a blob with these bytes. */
const blobOid = (content: string | Uint8Array) => createHash('sha1').update(`blob ${Buffer.byteLength(content)}\0`).update(content).digest('hex');

/** A git tree under `folder` as the GraphQL query asks for it: nested entries with name, mode (an Int), oid and type. */
function graphTree(files: Record<string, string | Uint8Array | TarEntry>, folder: string) {
  type Node = { name: string; mode: number; oid: string; type: string; object?: { entries: Node[] } };
  const root: Node = { name: folder, mode: 0o40000, oid: `tree-${folder}`, type: 'tree', object: { entries: [] } };
  const dirs = new Map<string, Node>([[folder, root]]);
  const dir = (path: string): Node => {
    let node = dirs.get(path);
    if (!node) {
      node = { name: path.slice(path.lastIndexOf('/') + 1), mode: 0o40000, oid: `tree-${path}`, type: 'tree', object: { entries: [] } };
      dirs.set(path, node);
      dir(path.slice(0, path.lastIndexOf('/'))).object!.entries.push(node);
    }
    return node;
  };
  for (const [path, content] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!path.startsWith(`${folder}/`)) continue;
    const parent = dir(path.slice(0, path.lastIndexOf('/')));
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (typeof content === 'string' || content instanceof Uint8Array) parent.object!.entries.push({ name, mode: 0o100644, oid: blobOid(content), type: 'blob' });
    else if (content.type === 'directory') dir(path);
    else parent.object!.entries.push({ name, mode: 0o120000, oid: blobOid(content.linkname ?? 'elsewhere'), type: 'blob' });
  }
  return root.object!.entries.length > 0 ? { type: 'tree', object: root.object } : null;
}

/**
 * The GraphQL request an evaluation starts with (bot/github/pull-data.ts): the base branch's tip
 * and its tree, the reviews (in one page) and the commits' authors and committers.
 */
export function mockReviews(reviews: ReviewRecord[], number = 7, repo = REPO, options: PullDataOptions = {}): void {
  const [owner, name] = repo.split('/');
  const baseTip = options.baseTip ?? BASE_SHA;
  const commits = options.commits ?? [{ author: { name: 'Lena', email: 'lena@acme.example', login: 'lena' }, committer: { name: 'GitHub', email: 'noreply@github.com' } }];
  const scope = nock(API).post('/graphql', (body: { query: string; variables: Record<string, unknown> }) => body.query.includes('query MeshgatePull(') && body.variables.owner === owner && body.variables.repo === name && body.variables.number === number);
  if (options.optional) scope.optionally();
  scope.reply(200, () => {
      const files = options.baseTree ?? commitFiles.get(baseTip) ?? {};
      const page = <T>(nodes: T[]) => ({ totalCount: nodes.length, pageInfo: { hasNextPage: false, endCursor: null }, nodes });
      return {
        data: {
          repository: {
            pullRequest: {
              headRefOid: HEAD_SHA,
              baseRef: { target: { oid: baseTip, catalog: graphTree(files, 'catalog'), policies: graphTree(files, 'policies') } },
              reviews: page(reviews.map((review, i) => {
                const rest = githubReview(review, i + 1);
                return { author: { login: review.user }, state: review.state, submittedAt: rest.submitted_at, commit: { oid: review.commit } };
              })),
              commits: page(commits.map((c) => ({ commit: { author: identity(c.author), committer: identity(c.committer) } }))),
              timelineItems: { nodes: options.forcePushedBy ? [{ actor: { login: options.forcePushedBy }, afterCommit: { oid: options.forcePushHead ?? HEAD_SHA } }] : [] },
            },
          },
        },
      };
    });
}
