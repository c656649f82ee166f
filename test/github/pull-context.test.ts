import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createPullContext, TeamMembershipError } from '../../bot/github/pull-context.ts';
import type { PullData } from '../../bot/github/pull-data.ts';
import { API, HEAD_SHA, installationOctokit, interceptRequests } from './helpers.ts';

const pull = { owner: 'acme', repo: 'mesh', number: 7, author: 'lena', headSha: HEAD_SHA };

interceptRequests();
const noData = (): Promise<PullData> => Promise.reject(new Error('not read in these tests'));

describe('createPullContext', () => {
  it('reads a team\'s members once per evaluation, with or without the @', async () => {
    nock(API).get('/orgs/acme/teams/privacy/members').query(true).reply(200, [{ login: 'nadia' }, { login: 'felix' }]);
    const context = createPullContext(installationOctokit(), pull, noData);
    expect(await context.teamMembers('@acme/privacy')).toEqual(['nadia', 'felix']);
    expect(await context.teamMembers('acme/Privacy')).toEqual(['nadia', 'felix']);
  });

  it('an unknown team has no members', async () => {
    nock(API).get('/orgs/acme/teams/nobody/members').query(true).reply(404, { message: 'Not Found' });
    expect(await createPullContext(installationOctokit(), pull, noData).teamMembers('acme/nobody')).toEqual([]);
  });

  it('a team the app may not read is an error naming the missing permission', async () => {
    nock(API).get('/orgs/acme/teams/privacy/members').query(true).reply(403, { message: 'Resource not accessible by integration' });
    const error = await createPullContext(installationOctokit(), pull, noData).teamMembers('acme/privacy').catch((e) => e);
    expect(error).toBeInstanceOf(TeamMembershipError);
    expect(error.message).toMatchInlineSnapshot(
      `"Meshgate may not read the members of team @acme/privacy (HTTP 403). Give the app the organization permission "Members: read" (in GitHub Actions: a token with read:org in MESHGATE_TOKEN), then re-run the check."`,
    );
  });
});
