/**
 * The scheduled expiry run against GitHub: read the default branch's mesh, the open reminder
 * issues and the open removal pull request; then keep one reminder per expiring grant (created,
 * updated in place, closed when the grant is renewed or removed) and one pull request that deletes
 * every expired grant's file. Run twice over the same state, the second run only reads.
 */
import type { MeshSnapshot } from '../core/model.ts';
import { EXPIRING_LABEL, planExpiry, renderRemovalBody, REVOCATION_BRANCH, REVOCATION_LABEL, type ExpiredGrant, type ExpiryPlan, type ReminderIssue } from '../core/requests/expiry.ts';
import type { Log } from './log.ts';
import { statusOf, type GitHub } from './octokit.ts';
import { loadCommitSnapshot, type SnapshotCache } from './snapshots.ts';

export interface ExpiryOptions {
  log: Log;
  now?: Date;
  cache?: SnapshotCache;
  /** Plan and print, write nothing. */
  dryRun?: boolean;
  /**
   * The most reminder issues created, updated or closed in one run (GitHub limits how fast content
   * may be created); the rest wait for the next run, which finds them still to do.
   */
  maxReminderWrites?: number;
}

export const DEFAULT_MAX_REMINDER_WRITES = 50;

export interface ExpiryResult {
  plan: ExpiryPlan;
  removal?: { number: number; action: 'opened' | 'updated' | 'unchanged' | 'closed' };
  reminders: { created: number[]; updated: number[]; closed: number[]; deferred: number };
}

const removalTitle = (expired: readonly ExpiredGrant[]) => `Remove ${expired.length} expired access grant${expired.length === 1 ? '' : 's'}`;

export async function runExpiry(octokit: GitHub, { owner, repo, branch }: { owner: string; repo: string; branch?: string }, options: ExpiryOptions): Promise<ExpiryResult> {
  const today = (options.now ?? new Date()).toISOString().slice(0, 10);
  const defaultBranch = branch ?? (await octokit.request('GET /repos/{owner}/{repo}', { owner, repo })).data.default_branch;
  const { data: head } = await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}', { owner, repo, ref: `heads/${defaultBranch}` });
  const mesh: MeshSnapshot = await loadCommitSnapshot(octokit, { owner, repo, sha: head.sha }, { cache: options.cache });
  const issues = await octokit.paginate('GET /repos/{owner}/{repo}/issues', { owner, repo, labels: EXPIRING_LABEL, state: 'open', per_page: 100 });
  const reminders: ReminderIssue[] = issues.filter((i) => !i.pull_request).map((i) => ({ number: i.number, title: i.title, body: i.body ?? '' }));
  const { data: pulls } = await octokit.request('GET /repos/{owner}/{repo}/pulls', { owner, repo, state: 'open', head: `${owner}:${REVOCATION_BRANCH}`, per_page: 10 });
  let removalPull = pulls[0] as { number: number; body?: string | null; title: string } | undefined;

  const { expired } = planExpiry(mesh, { today, reminders, removal: removalPull });
  const result: ExpiryResult = { plan: undefined as unknown as ExpiryPlan, reminders: { created: [], updated: [], closed: [], deferred: 0 } };

  if (expired.length > 0) {
    const body = renderRemovalBody(expired);
    if (removalPull && removalPull.body === body && removalPull.title === removalTitle(expired)) {
      result.removal = { number: removalPull.number, action: 'unchanged' };
    } else if (!options.dryRun) {
      // One commit on top of the default branch that deletes every expired file: the branch is
      // rebuilt each time the list changes, so it never carries a stale deletion.
      const { data: tree } = await octokit.request('POST /repos/{owner}/{repo}/git/trees', {
        owner,
        repo,
        base_tree: head.commit.tree.sha,
        tree: expired.map((g) => ({ path: g.file, mode: '100644' as const, type: 'blob' as const, sha: null })),
      });
      const { data: commit } = await octokit.request('POST /repos/{owner}/{repo}/git/commits', {
        owner,
        repo,
        message: `${removalTitle(expired)}\n\n${expired.map((g) => `${g.id} (${g.team}), ended ${g.validUntil}`).join('\n')}`,
        tree: tree.sha,
        parents: [head.sha],
      });
      try {
        if (removalPull) throw Object.assign(new Error('branch exists'), { status: 422 });
        await octokit.request('POST /repos/{owner}/{repo}/git/refs', { owner, repo, ref: `refs/heads/${REVOCATION_BRANCH}`, sha: commit.sha });
      } catch (error) {
        if (statusOf(error) !== 422) throw error;
        await octokit.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', { owner, repo, ref: `heads/${REVOCATION_BRANCH}`, sha: commit.sha, force: true });
      }
      if (removalPull) {
        await octokit.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', { owner, repo, pull_number: removalPull.number, title: removalTitle(expired), body });
        result.removal = { number: removalPull.number, action: 'updated' };
      } else {
        const { data: pull } = await octokit.request('POST /repos/{owner}/{repo}/pulls', { owner, repo, head: REVOCATION_BRANCH, base: defaultBranch, title: removalTitle(expired), body });
        await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', { owner, repo, issue_number: pull.number, labels: [REVOCATION_LABEL] });
        removalPull = { number: pull.number, title: pull.title, body };
        result.removal = { number: pull.number, action: 'opened' };
      }
    }
  } else if (removalPull && !options.dryRun) {
    // Every grant it removed was renewed or removed otherwise: nothing left to revoke.
    await octokit.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', { owner, repo, pull_number: removalPull.number, state: 'closed' });
    result.removal = { number: removalPull.number, action: 'closed' };
    removalPull = undefined;
  }

  const plan = planExpiry(mesh, { today, reminders, removal: removalPull });
  result.plan = plan;
  if (options.dryRun) return result;
  let budget = options.maxReminderWrites ?? DEFAULT_MAX_REMINDER_WRITES;
  for (const close of plan.close) {
    if (budget-- <= 0) break;
    await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number: close.number, body: close.comment });
    await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: close.number, state: 'closed', state_reason: 'completed' });
    result.reminders.closed.push(close.number);
  }
  for (const update of plan.update) {
    if (budget-- <= 0) break;
    await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: update.number, title: update.title, body: update.body });
    result.reminders.updated.push(update.number);
  }
  for (const create of plan.create) {
    if (budget-- <= 0) break;
    const { data: issue } = await octokit.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title: create.title, body: create.body, labels: [EXPIRING_LABEL] });
    result.reminders.created.push(issue.number);
  }
  const done = result.reminders.created.length + result.reminders.updated.length + result.reminders.closed.length;
  result.reminders.deferred = plan.create.length + plan.update.length + plan.close.length - done;
  options.log.info({ ...result.reminders, removal: result.removal, expired: plan.expired.length }, 'Expiry run done.');
  return result;
}
