/**
 * The Octokit the app talks to GitHub with: Probot's, authenticated for one installation (or, in
 * GitHub Actions, with the workflow's token).
 */
import { ProbotOctokit } from 'probot';

export type GitHub = InstanceType<typeof ProbotOctokit>;

/** The HTTP status of an Octokit error, if it has one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown })?.status;
  return typeof status === 'number' ? status : undefined;
}

/** How often a rate-limited request is retried, and the longest wait worth retrying for. */
const RATE_LIMIT_RETRIES = 2;
const LONGEST_RATE_LIMIT_WAIT_S = 60;

/**
 * Probot's Octokit with bounded rate-limit handling. Probot's default retries every rate-limited
 * request, however long the wait; an evaluation that waits an hour for a reset helps nobody, so
 * past a short wait the request fails and the check run says when to re-run. 5xx answers keep
 * Probot's retry plugin (3 retries with backoff).
 */
export const MeshgateOctokit = ProbotOctokit.defaults({
  throttle: {
    onRateLimit: (retryAfter: number, options: { method: string; url: string }, octokit: { log: { warn(msg: string): void } }, retryCount: number) => {
      octokit.log.warn(`Rate limit hit with "${options.method} ${options.url}"; retry ${retryCount + 1} in ${retryAfter} s.`);
      return retryCount < RATE_LIMIT_RETRIES && retryAfter <= LONGEST_RATE_LIMIT_WAIT_S;
    },
    onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string }, octokit: { log: { warn(msg: string): void } }, retryCount: number) => {
      octokit.log.warn(`Secondary rate limit hit with "${options.method} ${options.url}"; retry ${retryCount + 1} in ${retryAfter} s.`);
      return retryCount < RATE_LIMIT_RETRIES && retryAfter <= LONGEST_RATE_LIMIT_WAIT_S;
    },
  },
});
