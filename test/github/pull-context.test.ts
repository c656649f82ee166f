import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createPullContext, TeamMembershipError } from '../../bot/github/pull-context.ts';
import { API, HEAD_SHA, REPO, githubReview, installationOctokit, interceptRequests } from './helpers.ts';

const pull = { owner: 'acme', repo: 'mesh', number: 7, author: 'lena', headSha: HEAD_SHA };

interceptRequests();

describe('createPullContext', () => {
  it('reads every page of reviews, once per evaluation', async () => {
    const page1 = Array.from({ length: 100 }, (_, i) => githubReview({ user: `u${i}`, state: 'COMMENTED', commit: HEAD_SHA }, i + 1));
    nock(API)
      .get(`/repos/${REPO}/pulls/7/reviews`)
      .query({ per_page: 100 })
      .reply(200, page1, { link: `<${API}/repos/${REPO}/pulls/7/reviews?per_page=100&page=2>; rel="next"` });
    nock(API)
      .get(`/repos/${REPO}/pulls/7/reviews`)
      .query({ per_page: 100, page: 2 })
      .reply(200, [githubReview({ user: 'maria', state: 'APPROVED', commit: HEAD_SHA }, 101)]);
    const context = createPullContext(installationOctokit(), pull);
    const [reviews, again] = await Promise.all([context.reviews(), context.reviews()]);
    expect(reviews).toHaveLength(101);
    expect(again).toBe(reviews);
    expect(reviews[100]).toEqual({ user: 'maria', state: 'APPROVED', commitId: HEAD_SHA, submittedAt: '2026-11-23T10:01:00Z' });
  });

  it('drops reviews by deleted accounts, which cannot be anyone\'s approval', async () => {
    nock(API)
      .get(`/repos/${REPO}/pulls/7/reviews`)
      .query(true)
      .reply(200, [{ ...githubReview({ user: 'ghost', state: 'APPROVED', commit: HEAD_SHA }), user: null }]);
    expect(await createPullContext(installationOctokit(), pull).reviews()).toEqual([]);
  });

  it('reads a team\'s members once per evaluation, with or without the @', async () => {
    nock(API).get('/orgs/acme/teams/privacy/members').query(true).reply(200, [{ login: 'nadia' }, { login: 'felix' }]);
    const context = createPullContext(installationOctokit(), pull);
    expect(await context.teamMembers('@acme/privacy')).toEqual(['nadia', 'felix']);
    expect(await context.teamMembers('acme/Privacy')).toEqual(['nadia', 'felix']);
  });

  it('an unknown team has no members', async () => {
    nock(API).get('/orgs/acme/teams/nobody/members').query(true).reply(404, { message: 'Not Found' });
    expect(await createPullContext(installationOctokit(), pull).teamMembers('acme/nobody')).toEqual([]);
  });

  it('a team the app may not read is an error naming the missing permission', async () => {
    nock(API).get('/orgs/acme/teams/privacy/members').query(true).reply(403, { message: 'Resource not accessible by integration' });
    const error = await createPullContext(installationOctokit(), pull).teamMembers('acme/privacy').catch((e) => e);
    expect(error).toBeInstanceOf(TeamMembershipError);
    expect(error.message).toMatchInlineSnapshot(
      `"Meshgate may not read the members of team @acme/privacy (HTTP 403). Give the app the organization permission "Members: read" (in GitHub Actions: a token with read:org in MESHGATE_TOKEN), then re-run the check."`,
    );
  });
});
