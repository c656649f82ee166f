/**
 * The one GraphQL request an evaluation starts with (bot/github/pull-data.ts): the base branch's
 * tip and tree, the reviews, and who wrote the change.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { fetchPullData, PullDataError } from '../../bot/github/pull-data.ts';
import { API, BASE_SHA, blobSha, HEAD_SHA, installationOctokit, interceptRequests, mockReviews, mockTarball, REPO, tarball } from './helpers.ts';

const pull = { owner: 'acme', repo: 'mesh', number: 7 };
const page = <T>(nodes: T[], hasNextPage = false, endCursor: string | null = null) => ({ totalCount: nodes.length, pageInfo: { hasNextPage, endCursor }, nodes });
const review = (user: string | null, state = 'APPROVED') => ({ author: user ? { login: user } : null, state, submittedAt: '2026-11-23T10:00:00Z', commit: { oid: HEAD_SHA } });
const answer = (extra: Record<string, unknown>) => ({
  data: {
    repository: {
      pullRequest: {
        headRefOid: HEAD_SHA,
        baseRef: { target: { oid: BASE_SHA, catalog: null, policies: null } },
        reviews: page([]),
        commits: page([]),
        timelineItems: { nodes: [] },
        ...extra,
      },
    },
  },
});

interceptRequests();

describe('fetchPullData', () => {
  it('answers with the base branch\'s current tip, not the payload\'s base', async () => {
    mockReviews([], 7, REPO, { baseTip: 'f'.repeat(40) });
    expect((await fetchPullData(installationOctokit(), pull, HEAD_SHA)).baseTip).toBe('f'.repeat(40));
  });

  it('reads the base tip\'s tree under catalog/ and policies/ with modes and blob ids', async () => {
    // The mock answers with the tree of the files the base tip's tarball is served with.
    mockTarball(REPO, BASE_SHA, await tarball({ 'catalog/a/domain.yaml': 'id: a\n', 'policies/p.yaml': 'id: p\n', 'README.md': '# x\n' }));
    nock.cleanAll();
    mockReviews([]);
    const { baseTree } = await fetchPullData(installationOctokit(), pull, HEAD_SHA);
    expect([...baseTree.keys()]).toEqual(['catalog/a/domain.yaml', 'policies/p.yaml']);
    expect(baseTree.get('catalog/a/domain.yaml')).toEqual({ mode: '100644', oid: blobSha('id: a\n') });
  });

  it('reads a folder deeper than the query reaches with one REST tree request', async () => {
    const deep = { name: 'deep', mode: 0o40000, oid: 'd'.repeat(40), type: 'tree' };
    const catalog = { type: 'tree', object: { entries: [{ name: 'a', mode: 0o40000, oid: 'a'.repeat(40), type: 'tree', object: { entries: [deep] } }] } };
    nock(API).post('/graphql').reply(200, answer({ baseRef: { target: { oid: BASE_SHA, catalog, policies: null } } }));
    nock(API)
      .get(`/repos/${REPO}/git/trees/${'d'.repeat(40)}`)
      .query({ recursive: '1' })
      .reply(200, { sha: 'd'.repeat(40), truncated: false, tree: [{ path: 'x', mode: '040000', type: 'tree', sha: 'e'.repeat(40) }, { path: 'x/y.yaml', mode: '100644', type: 'blob', sha: 'f'.repeat(40) }] });
    const { baseTree } = await fetchPullData(installationOctokit(), pull, HEAD_SHA);
    expect([...baseTree]).toEqual([['catalog/a/deep/x/y.yaml', { mode: '100644', oid: 'f'.repeat(40) }]]);
  });

  it('reads every page of reviews, and drops reviews by deleted accounts', async () => {
    nock(API).post('/graphql', (b) => b.query.includes('query MeshgatePull(')).reply(200, answer({ reviews: page([review('maria'), review(null)], true, 'c1') }));
    nock(API).post('/graphql', (b) => b.query.includes('query MeshgatePullReviews(') && b.variables.reviewsAfter === 'c1').reply(200, { data: { repository: { pullRequest: { reviews: page([review('tom', 'CHANGES_REQUESTED')]) } } } });
    const { reviews } = await fetchPullData(installationOctokit(), pull, HEAD_SHA);
    expect(reviews.map((r) => `${r.user}:${r.state}`)).toEqual(['maria:APPROVED', 'tom:CHANGES_REQUESTED']);
  });

  it('names as writers every commit\'s author and committer: GitHub\'s account, else the noreply login, else a login-like name', async () => {
    mockReviews([], 7, REPO, {
      commits: [
        { author: { name: 'Maria M', email: 'maria@acme.example', login: 'maria' }, committer: { name: 'GitHub', email: 'noreply@github.com' } },
        { author: { name: 'T', email: '4711+tom@users.noreply.github.com' }, committer: { name: 'jonas', email: 'j@elsewhere.example' } },
        { author: { name: 'Not A Login', email: 'x@y.example' } },
      ],
    });
    expect((await fetchPullData(installationOctokit(), pull, HEAD_SHA)).writers).toEqual(['jonas', 'maria', 'tom']);
  });

  it('names the actor of a force push that set the current head as a writer, and not one of an older head', async () => {
    mockReviews([], 7, REPO, { forcePushedBy: 'kenji' });
    expect((await fetchPullData(installationOctokit(), pull, HEAD_SHA)).writers).toContain('kenji');
    mockReviews([], 7, REPO, { forcePushedBy: 'kenji', forcePushHead: BASE_SHA });
    expect((await fetchPullData(installationOctokit(), pull, HEAD_SHA)).writers).not.toContain('kenji');
  });

  it('fails when GitHub lists fewer commits than the pull request has, rather than miss a writer', async () => {
    nock(API).post('/graphql').reply(200, answer({ commits: { ...page([]), totalCount: 300 } }));
    await expect(fetchPullData(installationOctokit(), pull, HEAD_SHA)).rejects.toThrow(PullDataError);
  });

  it('fails when the base branch no longer exists', async () => {
    nock(API).post('/graphql').reply(200, answer({ baseRef: null }));
    await expect(fetchPullData(installationOctokit(), pull, HEAD_SHA)).rejects.toThrow(/base branch .* no longer exists/);
  });
});
