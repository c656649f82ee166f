/**
 * GitHub as far as access requests and the expiry run use it, for acme/mesh, with state (the
 * default branch's files, branches, issues, pull requests, comments) behind nock, so that a run can
 * be repeated over what the one before left and a whole lifecycle can be played. Every request is
 * recorded; a request the fake does not know answers 599, which fails the caller.
 */
import nock from 'nock';
import { API, CODELOAD, INSTALLATION_ID, tarball } from './helpers.ts';

export interface FakeComment {
  id: number;
  body: string;
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  user: { login: string };
  html_url: string;
  comments: FakeComment[];
  /** Pull requests only: the branch, and whether it was merged. */
  head?: string;
  merged?: boolean;
}

type Files = Record<string, string>;
type Reply = [number, string | Buffer, Record<string, string>];

export class FakeGitHub {
  issues = new Map<number, FakeIssue>();
  /** Branch → the commit it points at; commit → its files. */
  refs = new Map<string, string>();
  commits = new Map<string, Files>();
  trees: Array<{ base_tree: string; tree: Array<{ path: string; sha: null }> }> = [];
  requests: string[] = [];
  private next = 12;
  private ids = 900;
  private archives = new Map<string, Buffer>();

  constructor(files: Files, firstNumber = 12) {
    this.commits.set('c0', { ...files });
    this.refs.set('refs/heads/main', 'c0');
    this.next = firstNumber;
  }

  get mainSha(): string {
    return this.refs.get('refs/heads/main')!;
  }

  get files(): Files {
    return this.commits.get(this.mainSha)!;
  }

  /** An issue someone opened (the form's answers in `body`). */
  openIssue(issue: Pick<FakeIssue, 'title' | 'body' | 'labels'> & { author: string }): FakeIssue {
    const created: FakeIssue = { number: this.next++, title: issue.title, body: issue.body, labels: issue.labels, state: 'open', user: { login: issue.author }, html_url: '', comments: [] };
    created.html_url = `https://github.com/acme/mesh/issues/${created.number}`;
    this.issues.set(created.number, created);
    return created;
  }

  /** A commit pushed to main with these files. */
  push(files: Files): void {
    const sha = `p${this.commits.size}`;
    this.commits.set(sha, { ...files });
    this.refs.set('refs/heads/main', sha);
  }

  /** Merges a pull request as GitHub would: main becomes its branch's commit, `Closes #N` closes N. */
  merge(number: number): void {
    const pull = this.issues.get(number)!;
    const commit = this.refs.get(`refs/heads/${pull.head}`)!;
    const merged = `m${number}`;
    this.commits.set(merged, { ...this.commits.get(commit)! });
    this.refs.set('refs/heads/main', merged);
    Object.assign(pull, { state: 'closed', merged: true });
    for (const [, closes] of pull.body.matchAll(/Closes #(\d+)/g)) this.issues.get(Number(closes))!.state = 'closed';
  }

  private json = (status: number, body: unknown): Reply => [status, JSON.stringify(body), { 'content-type': 'application/json' }];

  private async archive(sha: string): Promise<Buffer> {
    let archive = this.archives.get(sha);
    if (!archive) this.archives.set(sha, (archive = await tarball(this.commits.get(sha)!)));
    return archive;
  }

  route(method: string, uri: string, body: any): Reply {
    const url = new URL(uri, API);
    const path = decodeURIComponent(url.pathname).replace(/^\/repos\/acme\/mesh/, '');
    if (path === `/app/installations/${INSTALLATION_ID}/access_tokens`) {
      return this.json(201, { token: 'ghs_test', expires_at: '2099-01-01T00:00:00Z', permissions: {}, repository_selection: 'all' });
    }
    this.requests.push(`${method} ${path}`);
    const q = url.searchParams;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/git/ref/heads/main') return this.json(200, { ref: 'refs/heads/main', object: { sha: this.mainSha, type: 'commit' } });
    if (method === 'GET' && path === '/commits/heads/main') return this.json(200, { sha: this.mainSha, commit: { tree: { sha: `tree-of-${this.mainSha}` } } });
    if (method === 'GET' && (m = /^\/tarball\/(.+)$/.exec(path))) return [302, '', { location: `${CODELOAD}/acme/mesh/legacy.tar.gz/${m[1]}` }];
    if (method === 'GET' && path === '/issues') {
      const list = [...this.issues.values()].filter((i) => !i.head && i.state === q.get('state') && i.labels.includes(q.get('labels') ?? ''));
      const page = Number(q.get('page') ?? 1);
      const next: Record<string, string> = list.length > page * 100 ? { link: `<${API}/repos/acme/mesh/issues?labels=${q.get('labels')}&state=open&per_page=100&page=${page + 1}>; rel="next"` } : {};
      return [200, JSON.stringify(list.slice((page - 1) * 100, page * 100)), { 'content-type': 'application/json', ...next }];
    }
    if (method === 'GET' && path === '/pulls') {
      const head = q.get('head')?.replace(/^acme:/, '');
      return this.json(200, [...this.issues.values()].filter((i) => i.head === head && i.state === 'open'));
    }
    if (method === 'POST' && path === '/git/trees') {
      this.trees.push(body);
      const files = { ...this.commits.get(String(body.base_tree).replace(/^tree-of-/, ''))! };
      for (const entry of body.tree) if (entry.sha === null) delete files[entry.path];
      const sha = `t${this.trees.length}`;
      this.commits.set(`tree:${sha}`, files);
      return this.json(201, { sha });
    }
    if (method === 'POST' && path === '/git/commits') {
      const sha = `c-${body.tree}`;
      this.commits.set(sha, this.commits.get(`tree:${body.tree}`)!);
      return this.json(201, { sha });
    }
    if (method === 'POST' && path === '/git/refs') {
      if (this.refs.has(body.ref)) return this.json(422, { message: 'Reference already exists' });
      this.refs.set(body.ref, body.sha);
      return this.json(201, { ref: body.ref });
    }
    if (method === 'PATCH' && (m = /^\/git\/refs\/(.+)$/.exec(path))) {
      this.refs.set(`refs/${m[1]}`, body.sha);
      return this.json(200, {});
    }
    if (method === 'PUT' && (m = /^\/contents\/(.+)$/.exec(path))) {
      const ref = `refs/heads/${body.branch}`;
      const sha = `c${this.commits.size}`;
      this.commits.set(sha, { ...this.commits.get(this.refs.get(ref)!)!, [m[1]]: Buffer.from(body.content, 'base64').toString('utf8') });
      this.refs.set(ref, sha);
      return this.json(201, { commit: { sha } });
    }
    if (method === 'POST' && (path === '/pulls' || path === '/issues')) {
      const number = this.next++;
      const issue: FakeIssue = {
        number, title: body.title, body: body.body, state: 'open', labels: body.labels ?? [], user: { login: 'meshgate[bot]' }, comments: [],
        html_url: `https://github.com/acme/mesh/${path === '/pulls' ? 'pull' : 'issues'}/${number}`, ...(path === '/pulls' ? { head: body.head } : {}),
      };
      this.issues.set(issue.number, issue);
      return this.json(201, issue);
    }
    if (method === 'PATCH' && (m = /^\/issues\/comments\/(\d+)$/.exec(path))) {
      const comment = [...this.issues.values()].flatMap((i) => i.comments).find((c) => c.id === Number(m![1]));
      if (comment) {
        comment.body = body.body;
        return this.json(200, comment);
      }
    }
    if ((m = /^\/(pulls|issues)\/(\d+)(\/labels|\/comments)?$/.exec(path)) && this.issues.has(Number(m[2]))) {
      const issue = this.issues.get(Number(m[2]))!;
      if (method === 'GET' && !m[3]) return this.json(200, issue);
      if (method === 'PATCH' && !m[3]) {
        Object.assign(issue, Object.fromEntries(Object.entries(body).filter(([k]) => ['title', 'body', 'state'].includes(k))));
        return this.json(200, issue);
      }
      if (method === 'POST' && m[3] === '/labels') {
        issue.labels.push(...body.labels);
        return this.json(200, []);
      }
      if (method === 'GET' && m[3] === '/comments') return this.json(200, issue.comments);
      if (method === 'POST' && m[3] === '/comments') {
        const comment = { id: this.ids++, body: body.body };
        issue.comments.push(comment);
        return this.json(201, comment);
      }
    }
    return this.json(599, { message: `the fake GitHub does not know ${method} ${path}` });
  }

  /** Routes every request to the API and codeload hosts here, until nock.cleanAll(). */
  install(): void {
    const fake = this;
    for (const method of ['get', 'post', 'patch', 'put'] as const) {
      nock(API)
        .persist()
        [method](() => true)
        .reply(function (uri, body) {
          return fake.route(this.req.method, uri, typeof body === 'string' && body ? JSON.parse(body) : body);
        });
    }
    nock(CODELOAD)
      .persist()
      .get(/^\/acme\/mesh\/legacy\.tar\.gz\//)
      .reply(async function (uri) {
        return [200, await fake.archive(decodeURIComponent(uri.split('/').pop()!)), { 'content-type': 'application/x-gzip' }];
      });
  }

  open(label: string): FakeIssue[] {
    return [...this.issues.values()].filter((i) => i.state === 'open' && i.labels.includes(label));
  }
}
