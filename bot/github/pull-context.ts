/**
 * `PullContext` over the GitHub API: what the review needs to know of a pull request, read live so
 * that approvals are judged on the head commit as GitHub sees it now, not as a webhook saw it.
 */
import type { PullContext } from '../core/review/types.ts';
import { statusOf, type GitHub } from './octokit.ts';
import type { PullData } from './pull-data.ts';

export interface PullLocator {
  owner: string;
  repo: string;
  number: number;
  author: string;
  headSha: string;
}

/** The app may not read a team's members, so approvals by that team cannot be judged. */
export class TeamMembershipError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TeamMembershipError';
  }
}

/**
 * One per evaluation: reviews and the change's writers come from one GraphQL request (see
 * pull-data.ts), team members are read once per team. Nothing outlives the evaluation, so a
 * membership change is seen by the next one.
 */
export function createPullContext(octokit: GitHub, pull: PullLocator, data: () => Promise<PullData>): PullContext {
  const teams = new Map<string, Promise<string[]>>();
  return {
    author: pull.author,
    headSha: pull.headSha,
    reviews: async () => (await data()).reviews,
    committers: async () => (await data()).writers,
    teamMembers(team: string) {
      const key = team.replace(/^@/, '').toLowerCase();
      let members = teams.get(key);
      if (!members) {
        members = listTeamMembers(octokit, key);
        teams.set(key, members);
      }
      return members;
    },
  };
}

async function listTeamMembers(octokit: GitHub, team: string): Promise<string[]> {
  const [org, slug] = team.split('/');
  if (!org || !slug) return [];
  try {
    const members = await octokit.paginate('GET /orgs/{org}/teams/{team_slug}/members', {
      org,
      team_slug: slug,
      per_page: 100,
    });
    return members.map((member) => member.login);
  } catch (error) {
    const status = statusOf(error);
    // 404 is GitHub's answer both for "no such team" and for "secret team you may not see";
    // either way nobody's approval counts for it, which fails closed.
    if (status === 404) return [];
    if (status === 403 || status === 401) {
      throw new TeamMembershipError(
        `Meshgate may not read the members of team @${team} (HTTP ${status}). Give the app the organization permission "Members: read" ` +
          '(in GitHub Actions: a token with read:org in MESHGATE_TOKEN), then re-run the check.',
        { cause: error },
      );
    }
    throw error;
  }
}
