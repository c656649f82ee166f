/**
 * The scheduled expiry run against a fake GitHub that keeps state (issues, pull requests, refs)
 * behind nock, so that a run can be repeated over what the one before it left: reminders are kept
 * one per grant and updated rather than repeated, and one pull request removes the expired grants.
 * Every request is recorded; a request the fake does not know fails the test.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateMesh } from '../../bench/generate.ts';
import { EXPIRING_LABEL, REVOCATION_BRANCH } from '../../bot/core/requests/expiry.ts';
import { runExpiry } from '../../bot/github/expiry.ts';
import { SnapshotCache } from '../../bot/github/snapshots.ts';
import { requestMeshFiles } from '../fixtures/meshes/requests.ts';
import { API, BASE_SHA, CODELOAD, installationOctokit, quietLog, tarball } from './helpers.ts';

interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  head?: string;
  comments: string[];
}

/** GitHub as far as the expiry run uses it, for acme/mesh at one default-branch commit. */
class FakeGitHub {
  issues = new Map<number, FakeIssue>();
  refs = new Map<string, string>();
  trees: Array<{ base_tree: string; tree: Array<{ path: string; sha: null }> }> = [];
  requests: string[] = [];
  private next = 100;
  constructor(private readonly archive: Buffer) {}

  get writes() {
    return this.requests.filter((r) => !r.startsWith('GET '));
  }

  private json = (status: number, body: unknown): [number, string, Record<string, string>] => [status, JSON.stringify(body), { 'content-type': 'application/json' }];

  route(method: string, uri: string, body: any): [number, string | Buffer, Record<string, string>] {
    const url = new URL(uri, API);
    const path = decodeURIComponent(url.pathname).replace(/^\/repos\/acme\/mesh/, '');
    this.requests.push(`${method} ${path}`);
    const q = url.searchParams;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/commits/heads/main') return this.json(200, { sha: BASE_SHA, commit: { tree: { sha: 'tree-base' } } });
    if (method === 'GET' && path === `/tarball/${BASE_SHA}`) return [302, '', { location: `${CODELOAD}/acme/mesh/legacy.tar.gz/${BASE_SHA}` }];
    if (method === 'GET' && path === '/issues') {
      const list = [...this.issues.values()].filter((i) => !i.head && i.state === q.get('state') && i.labels.includes(q.get('labels') ?? ''));
      const page = Number(q.get('page') ?? 1);
      const slice = list.slice((page - 1) * 100, page * 100);
      return [200, JSON.stringify(slice), { 'content-type': 'application/json', ...(list.length > page * 100 ? { link: `<${API}/repos/acme/mesh/issues?labels=${EXPIRING_LABEL}&state=open&per_page=100&page=${page + 1}>; rel="next"` } : {}) }];
    }
    if (method === 'GET' && path === '/pulls') {
      const head = q.get('head')?.replace(/^acme:/, '');
      return this.json(200, [...this.issues.values()].filter((i) => i.head === head && i.state === 'open'));
    }
    if (method === 'POST' && path === '/git/trees') {
      this.trees.push(body);
      return this.json(201, { sha: `tree-${this.trees.length}` });
    }
    if (method === 'POST' && path === '/git/commits') return this.json(201, { sha: `commit-${body.tree}` });
    if (method === 'POST' && path === '/git/refs') {
      if (this.refs.has(body.ref)) return this.json(422, { message: 'Reference already exists' });
      this.refs.set(body.ref, body.sha);
      return this.json(201, { ref: body.ref });
    }
    if (method === 'PATCH' && (m = /^\/git\/refs\/(.+)$/.exec(path))) {
      this.refs.set(`refs/${m[1]}`, body.sha);
      return this.json(200, {});
    }
    if (method === 'POST' && (path === '/pulls' || path === '/issues')) {
      const issue: FakeIssue = { number: this.next++, title: body.title, body: body.body, state: 'open', labels: body.labels ?? [], comments: [], ...(path === '/pulls' ? { head: body.head } : {}) };
      this.issues.set(issue.number, issue);
      return this.json(201, issue);
    }
    if ((m = /^\/(pulls|issues)\/(\d+)(\/labels|\/comments)?$/.exec(path)) && this.issues.has(Number(m[2]))) {
      const issue = this.issues.get(Number(m[2]))!;
      if (method === 'PATCH' && !m[3]) {
        Object.assign(issue, Object.fromEntries(Object.entries(body).filter(([k]) => ['title', 'body', 'state'].includes(k))));
        return this.json(200, issue);
      }
      if (method === 'POST' && m[3] === '/labels') {
        issue.labels.push(...body.labels);
        return this.json(200, []);
      }
      if (method === 'POST' && m[3] === '/comments') {
        issue.comments.push(body.body);
        return this.json(201, { id: 1 });
      }
    }
    return this.json(599, { message: `the fake GitHub does not know ${method} ${path}` });
  }

  install(): void {
    const fake = this;
    for (const method of ['get', 'post', 'patch'] as const) {
      nock(API)
        .persist()
        [method](() => true)
        .reply(function (uri, body) {
          return fake.route(this.req.method, uri, typeof body === 'string' && body ? JSON.parse(body) : body);
        });
    }
    nock(CODELOAD).persist().get(`/acme/mesh/legacy.tar.gz/${BASE_SHA}`).reply(200, this.archive, { 'content-type': 'application/x-gzip' });
  }

  open(label: string) {
    return [...this.issues.values()].filter((i) => i.state === 'open' && i.labels.includes(label));
  }
}

const run = (github: FakeGitHub, today: string, maxReminderWrites?: number) =>
  runExpiry(installationOctokit(), { owner: 'acme', repo: 'mesh', branch: 'main' }, { log: quietLog(), now: new Date(`${today}T06:00:00Z`), cache: new SnapshotCache(), maxReminderWrites });

/** The request mesh's one grant (marketing on orders, until 2027-06-30) with another end date. */
const GRANT = 'catalog/checkout/orders/access/marketing.yaml';
const until = (date: string) => ({ ...requestMeshFiles, [GRANT]: requestMeshFiles[GRANT].replace('2027-06-30', date) });

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

describe('the expiry run', () => {
  it('a grant expiring within expiringSoonDays: one reminder issue, and a repeated run changes nothing', async () => {
    const github = new FakeGitHub(await tarball(until('2027-06-30')));
    github.install();
    await run(github, '2027-06-10');
    expect(github.open(EXPIRING_LABEL).map((i) => i.title)).toEqual(['Access grant marketing-checkout-orders expires on 2027-06-30']);
    expect(github.open(EXPIRING_LABEL)[0].body).toContain('Approvers: @acme/checkout-data');
    const before = github.requests.length;
    await run(github, '2027-06-11');
    expect(github.requests.slice(before).filter((r) => !r.startsWith('GET '))).toEqual([]);
    expect(github.issues.size).toBe(1);
  });

  it('expired: one pull request deleting the file, listing the grant and its end date; repeated, nothing new', async () => {
    const github = new FakeGitHub(await tarball(until('2027-06-30')));
    github.install();
    await run(github, '2027-07-02');
    expect(github.trees).toEqual([{ base_tree: 'tree-base', tree: [{ path: GRANT, mode: '100644', type: 'blob', sha: null }] }]);
    expect(github.refs.get(`refs/heads/${REVOCATION_BRANCH}`)).toBe('commit-tree-1');
    const [removal] = github.open('access-revocation');
    expect(removal.title).toBe('Remove 1 expired access grant');
    expect(removal.body).toContain('| `marketing-checkout-orders` | @acme/marketing | 2027-06-30 | `catalog/checkout/orders/access/marketing.yaml` |');
    expect(github.open(EXPIRING_LABEL)[0].body).toContain(`#${removal.number} removes the file`);
    const before = github.requests.length;
    await run(github, '2027-07-03');
    expect(github.requests.slice(before).filter((r) => !r.startsWith('GET '))).toEqual([]);
    expect([...github.issues.values()].map((i) => i.title)).toEqual(['Remove 1 expired access grant', 'Access grant marketing-checkout-orders expired on 2027-06-30']);
  });

  it('renewed: the reminder is closed with a comment saying until when', async () => {
    const expiring = new FakeGitHub(await tarball(until('2027-06-30')));
    expiring.install();
    await run(expiring, '2027-06-10');
    nock.cleanAll();
    const renewed = new FakeGitHub(await tarball(until('2027-09-30')));
    renewed.issues = expiring.issues;
    renewed.install();
    await run(renewed, '2027-06-12');
    const [reminder] = renewed.issues.values();
    expect([reminder.state, reminder.comments]).toEqual(['closed', ['Renewed: `marketing-checkout-orders` now runs until 2027-09-30.']]);
  });

  it('the removal merged (the grant gone): the reminder is closed as revoked', async () => {
    const expired = new FakeGitHub(await tarball(until('2027-06-30')));
    expired.install();
    await run(expired, '2027-07-02');
    nock.cleanAll();
    const merged = new FakeGitHub(await tarball(Object.fromEntries(Object.entries(requestMeshFiles).filter(([p]) => p !== GRANT))));
    merged.issues = expired.issues;
    for (const issue of merged.issues.values()) if (issue.head) issue.state = 'closed';
    merged.install();
    await run(merged, '2027-07-03');
    const reminder = [...merged.issues.values()].find((i) => i.labels.includes(EXPIRING_LABEL))!;
    expect([reminder.state, reminder.comments]).toEqual(['closed', ['Removed: `marketing-checkout-orders` is no longer in the mesh, so its access is revoked.']]);
  });
});

/**
 * The API requests of a scheduled run on a generated mesh (bench/generate.ts): reads are a
 * constant 3 plus one per 100 open reminders (the commit, the tarball, the reminder issues in pages of 100, the open removal pull
 * request), the removal pull request 5 writes however many grants it deletes, and reminders at
 * most `maxReminderWrites` (50) writes a run. MESHGATE_EXPIRY_PRODUCTS=10000 measures the 10k mesh.
 */
describe('the expiry run on a generated mesh', () => {
  const products = Number(process.env.MESHGATE_EXPIRY_PRODUCTS ?? 2_000);
  let archive: Buffer;
  let grants: number;
  beforeAll(async () => {
    const files = generateMesh({ products, org: 'acme', seed: 7, today: '2026-12-01' });
    grants = [...files.keys()].filter((p) => p.includes('/access/')).length;
    archive = await tarball(files);
  }, 600_000);

  it('a bounded number of requests per run, the same on a repeat once the reminders are open', async () => {
    const github = new FakeGitHub(archive);
    github.install();
    const first = await run(github, '2027-05-01');
    const firstRequests = [...github.requests];
    const expired = first.plan.expired.length;
    const due = first.plan.create.length;
    // Until every reminder is open (50 a run), then once more: nothing left to write.
    const runs: number[] = [];
    for (let i = 0; i < Math.ceil(due / 50) + 1; i++) {
      const start = github.requests.length;
      await run(github, '2027-05-01');
      runs.push(github.requests.length - start);
    }
    const reads = (requests: string[]) => requests.filter((r) => r.startsWith('GET ')).length;
    console.info(
      `[expiry scale] ${products} products, ${grants} grants, ${expired} expired, ${due} reminders due: first run ${firstRequests.length} requests ` +
        `(${reads(firstRequests)} reads, ${firstRequests.length - reads(firstRequests)} writes); then ${runs.join(', ')}`,
    );
    expect(expired).toBeGreaterThan(0);
    expect(github.trees).toHaveLength(1);
    expect(github.trees[0].tree).toHaveLength(expired);
    // The commit, the tarball, one (empty) page of reminders, the open removal pull request.
    expect(reads(firstRequests)).toBe(4);
    expect(firstRequests.length - reads(firstRequests)).toBe(5 + Math.min(50, due));
    expect(github.open(EXPIRING_LABEL)).toHaveLength(due);
    expect(runs.at(-1)).toBe(3 + Math.ceil(due / 100));
  }, 600_000);
});
