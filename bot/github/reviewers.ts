/**
 * Asking for the approvals a pull request still needs. The review says whose approval is missing;
 * this asks only those not already asked, never the author, and never someone whose approval of
 * the head commit is already in.
 */
import type { PullReview, Review } from '../core/review/types.ts';
import type { GitHub } from './octokit.ts';

export interface ReviewerTarget {
  owner: string;
  repo: string;
  number: number;
  author: string;
  headSha: string;
  /** Already requested (logins and team slugs, from the webhook payload). */
  requestedUsers: string[];
  requestedTeams: string[];
}

export interface ReviewerRequest {
  reviewers: string[];
  team_reviewers: string[];
  /** Teams of another organisation: GitHub can only request teams of the repository's owner. */
  skippedTeams: string[];
}

export function reviewersToRequest(review: Review, target: ReviewerTarget, reviews: PullReview[]): ReviewerRequest {
  const lower = (s: string) => s.toLowerCase();
  const requestedUsers = new Set(target.requestedUsers.map(lower));
  const requestedTeams = new Set(target.requestedTeams.map(lower));
  const approvedHead = new Set(reviews.filter((r) => r.state === 'APPROVED' && r.commitId === target.headSha).map((r) => lower(r.user)));
  const reviewers = unique(review.reviewersToRequest.users.map((u) => u.replace(/^@/, ''))).filter(
    (user) => lower(user) !== lower(target.author) && !requestedUsers.has(lower(user)) && !approvedHead.has(lower(user)),
  );
  const team_reviewers: string[] = [];
  const skippedTeams: string[] = [];
  for (const team of unique(review.reviewersToRequest.teams.map((t) => t.replace(/^@/, '')))) {
    const [org, slug] = team.includes('/') ? team.split('/') : [target.owner, team];
    if (lower(org) !== lower(target.owner)) skippedTeams.push(team);
    else if (!requestedTeams.has(lower(slug))) team_reviewers.push(slug);
  }
  return { reviewers, team_reviewers, skippedTeams };
}

/** One request, only when someone is missing. GitHub refuses non-collaborators (422): reported, not fatal. */
export async function requestReviewers(octokit: GitHub, target: ReviewerTarget, request: ReviewerRequest): Promise<boolean> {
  if (!request.reviewers.length && !request.team_reviewers.length) return false;
  await octokit.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', {
    owner: target.owner,
    repo: target.repo,
    pull_number: target.number,
    reviewers: request.reviewers,
    team_reviewers: request.team_reviewers,
  });
  return true;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
