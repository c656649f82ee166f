/**
 * What an evaluation that could not finish tells the pull request: what went wrong, in words a
 * domain team can act on, and how to run it again. The check run is then a failure, never a pass.
 */
import { TeamMembershipError } from './pull-context.ts';
import { IncompleteArchiveError, TimeoutError } from './snapshots.ts';
import { TarballError } from '../sources/tarball.ts';
import { statusOf } from './octokit.ts';

export const FAILURE_TITLE = 'Meshgate could not evaluate this pull request';

const RERUN = 'Re-run from the Checks tab ("Re-run"), or push a new commit.';

export interface FailureContext {
  owner: string;
  repo: string;
  number: number;
  /** The webhook delivery, to find the logs. */
  deliveryId?: string;
}

export function describeFailure(error: unknown, where: FailureContext): { title: string; summary: string } {
  const status = statusOf(error);
  const message = (error as Error)?.message ?? String(error);
  const url = (error as { request?: { url?: string } })?.request?.url ?? '';
  let what: string;
  let next = RERUN;
  if (error instanceof TarballError) {
    what = `${message} GitHub sometimes serves an incomplete archive when it is under load.`;
  } else if (error instanceof IncompleteArchiveError) {
    what = message;
    next = 'Remove the export-ignore attributes from every .gitattributes of the mesh repository (they only shape downloaded archives), then push a new commit.';
  } else if (error instanceof TimeoutError) {
    what = `${message} GitHub may be slow right now.`;
  } else if (error instanceof TeamMembershipError) {
    what = message;
    next = 'After fixing the permission, re-run from the Checks tab.';
  } else if (status === 404 && /\/tarball\//.test(url)) {
    what = `GitHub answered 404 for the repository tarball (${redact(url)}): the head branch or the fork it lives in was probably deleted, or the app cannot see that repository.`;
    next = 'Restore the branch, or push the change to a branch that exists and open the pull request from it; then push a new commit or re-run from the Checks tab.';
  } else if (status === 429 || (status === 403 && /rate limit/i.test(message))) {
    const reset = resetTime(error);
    what = `GitHub's API rate limit for this installation was exhausted${reset ? ` (it resets at ${reset})` : ''}: ${message}`;
    next = `Wait until the limit resets, then re-run from the Checks tab.`;
  } else if (status !== undefined && status >= 500) {
    what = `GitHub answered HTTP ${status} for ${redact(url) || 'a request'} and kept failing after retries: ${message}`;
  } else if (status !== undefined) {
    what = `GitHub refused a request with HTTP ${status} (${redact(url) || 'unknown request'}): ${message}`;
    next = status === 403 || status === 401 ? 'Check that the app is installed on this repository with the permissions in app.yml, then re-run from the Checks tab.' : RERUN;
  } else {
    what = `Unexpected error: ${message}`;
  }
  const summary = [
    `**What went wrong:** ${what}`,
    '',
    `**How to re-run:** ${next}`,
    '',
    `Meshgate reports success only after a complete evaluation, so this pull request stays blocked until an evaluation finishes.` +
      (where.deliveryId ? ` (webhook delivery \`${where.deliveryId}\`)` : ''),
  ].join('\n');
  return { title: FAILURE_TITLE, summary };
}

function resetTime(error: unknown): string | undefined {
  const headers = (error as { response?: { headers?: Record<string, string | undefined> } })?.response?.headers ?? {};
  const reset = Number(headers['x-ratelimit-reset']);
  if (Number.isFinite(reset) && reset > 0) return new Date(reset * 1000).toISOString();
  const after = Number(headers['retry-after']);
  if (Number.isFinite(after) && after > 0) return `${after} s from the time of this run`;
  return undefined;
}

/** Codeload URLs carry a short-lived token; never print one. */
function redact(url: string): string {
  return url.replace(/([?&]token=)[^&]+/g, '$1…');
}
