import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchPendingRequests, pendingFromSearch, repositoryApi } from '../../site/src/lib/pending-requests.ts';

const repository = { url: 'https://github.com/acme/mesh', branch: 'main' };
const issue = { number: 12, title: 'Access request: checkout-orders · orders', html_url: 'https://github.com/acme/mesh/issues/12', user: { login: 'olga' }, created_at: '2026-12-05T09:00:00Z', labels: [{ name: 'access-request' }] };
const pull = { ...issue, number: 13, title: 'Access request: @acme/finance → checkout-orders · orders (analyst)', html_url: 'https://github.com/acme/mesh/pull/13', pull_request: { url: 'x' }, labels: [{ name: 'access-request' }, { name: 'breaking-change' }] };

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe('fetchPendingRequests', () => {
  it('without a token: says so, asks GitHub nothing, and links the live search', async () => {
    expect(await fetchPendingRequests({ repository, token: undefined })).toEqual({
      status: 'no-token',
      searchUrl: 'https://github.com/acme/mesh/issues?q=is%3Aopen%20label%3Aaccess-request',
    });
  });

  it('with a token: the open issues and pull requests labelled access-request, oldest first', async () => {
    nock('https://api.github.com')
      .get('/search/issues')
      .query({ q: 'repo:acme/mesh is:open label:access-request', sort: 'created', order: 'asc', per_page: '100' })
      .matchHeader('authorization', 'Bearer ghs_site')
      .reply(200, { total_count: 2, items: [issue, pull] });
    const pending = await fetchPendingRequests({ repository, token: 'ghs_site' });
    expect(pending.status === 'listed' && pending.items).toEqual([
      { number: 12, kind: 'issue', title: issue.title, url: issue.html_url, author: 'olga', opened: '2026-12-05', labels: [] },
      { number: 13, kind: 'pull request', title: pull.title, url: pull.html_url, author: 'olga', opened: '2026-12-05', labels: ['breaking-change'] },
    ]);
  });

  it('GitHub refusing: the reason, not an empty list', async () => {
    nock('https://api.github.com').get('/search/issues').query(true).reply(403, { message: 'Resource not accessible by integration' });
    expect(await fetchPendingRequests({ repository, token: 'ghs_site' })).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^GitHub answered 403/) });
  });

  it('no repository configured: says so', async () => {
    expect(await fetchPendingRequests({ repository: undefined, token: 'ghs_site' })).toEqual({ status: 'no-repository' });
  });
});

describe('pendingFromSearch', () => {
  it('leaves out an item whose link is not https', () => {
    const listed = pendingFromSearch({ total_count: 1, items: [{ ...issue, html_url: 'javascript:alert(1)' }] }, 'acme/mesh', 'https://github.com/acme/mesh/issues');
    expect(listed.status === 'listed' && listed.items).toEqual([]);
  });
});

describe('repositoryApi', () => {
  it.each([
    ['https://github.com/acme/mesh', { slug: 'acme/mesh', api: 'https://api.github.com' }],
    ['https://github.example.com/data/mesh', { slug: 'data/mesh', api: 'https://github.example.com/api/v3' }],
  ])('%s', (url, expected) => {
    expect(repositoryApi(url)).toEqual(expected);
  });
});
