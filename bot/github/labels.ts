/**
 * The labels Meshgate manages on a pull request. Labels it does not manage are never touched, and
 * nothing is sent when the labels are already right.
 */
import type { Review } from '../core/review/types.ts';
import type { GitHub } from './octokit.ts';

export const MESHGATE_LABELS = ['access-request', 'new-product', 'breaking-change', 'policy-change', 'platform-change'] as const;
export type MeshgateLabel = (typeof MESHGATE_LABELS)[number];

export function labelsFor(review: Review): Set<MeshgateLabel> {
  const labels = new Set<MeshgateLabel>();
  for (const category of review.categories) {
    if ((MESHGATE_LABELS as readonly string[]).includes(category)) labels.add(category as MeshgateLabel);
  }
  if (hasBreakingChange(review)) labels.add('breaking-change');
  return labels;
}

/** Only a change that certainly breaks consumers earns the label and the comment. */
export function hasBreakingChange(review: Review): boolean {
  return review.breakingChanges.some((change) => change.severity === 'error');
}

export interface LabelTarget {
  owner: string;
  repo: string;
  number: number;
  /** The labels the pull request carries now (from the webhook payload). */
  current: string[];
}

/**
 * Adds missing labels in one request (GitHub creates a label that does not exist yet) and removes
 * stale ones one by one; replacing the whole set would drop a label someone added since the event.
 */
export async function syncLabels(octokit: GitHub, { owner, repo, number, current }: LabelTarget, wanted: Set<MeshgateLabel>): Promise<{ added: string[]; removed: string[] }> {
  const have = new Set(current);
  const added = [...wanted].filter((label) => !have.has(label));
  const removed = MESHGATE_LABELS.filter((label) => have.has(label) && !wanted.has(label));
  if (added.length) {
    await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', { owner, repo, issue_number: number, labels: added });
  }
  for (const name of removed) {
    try {
      await octokit.request('DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}', { owner, repo, issue_number: number, name });
    } catch (error) {
      // Someone removed it in the meantime: the goal is reached.
      if ((error as { status?: number }).status !== 404) throw error;
    }
  }
  return { added, removed: [...removed] };
}
