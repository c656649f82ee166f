/**
 * An access request made through the issue form becomes a pull request: the handler reads the
 * base mesh at the default branch's head, asks the core for the plan (requests/request.ts), and
 * carries it out: one comment on the issue (created, then updated in place), and for a valid
 * request a branch, the grant file and a pull request that closes the issue when merged.
 */
import { parseRequestForm, REQUEST_LABEL } from '../core/requests/form.ts';
import { REQUEST_COMMENT_MARKER, renderAlreadyRequested, renderGranted, renderOpened, renderProblems, renderPullBody, REQUEST_ISSUE_MARKER } from '../core/requests/render.ts';
import { planAccessRequest } from '../core/requests/request.ts';
import type { Log } from './log.ts';
import { statusOf, type GitHub } from './octokit.ts';
import { loadCommitSnapshot, type SnapshotCache } from './snapshots.ts';

export interface IssuePayload {
  number: number;
  state: string;
  body: string | null;
  html_url: string;
  user: { login: string } | null;
  labels?: Array<{ name?: string } | string>;
  pull_request?: unknown;
}

export interface RequestRepository {
  owner: string;
  repo: string;
  defaultBranch: string;
}

export interface AccessRequestOptions {
  log: Log;
  cache?: SnapshotCache;
  tarballTimeoutMs?: number;
  /** Today, for the end date and the mesh's date policies; the current date by default. */
  now?: () => Date;
}

export type AccessRequestOutcome = 'ignored' | 'invalid' | 'granted' | 'requested' | 'opened';

/** `<!-- meshgate:request-pull 12 -->` in the issue comment: the pull request opened for it. */
const pullMarker = (number: number) => `<!-- meshgate:request-pull ${number} -->`;
const PULL_MARKER = /<!-- meshgate:request-pull (\d+) -->/;

const labelled = (issue: IssuePayload) => (issue.labels ?? []).some((label) => (typeof label === 'string' ? label : label.name) === REQUEST_LABEL);

export async function handleAccessRequest(octokit: GitHub, repository: RequestRepository, issue: IssuePayload, options: AccessRequestOptions): Promise<AccessRequestOutcome> {
  if (issue.pull_request || issue.state !== 'open' || !labelled(issue) || !issue.user) return 'ignored';
  const answers = parseRequestForm(issue.body);
  if (!answers) return 'ignored';
  const { owner, repo, defaultBranch } = repository;
  const { data: ref } = await octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { owner, repo, ref: `heads/${defaultBranch}` });
  const baseSha = ref.object.sha;
  const base = await loadCommitSnapshot(octokit, { owner, repo, sha: baseSha }, { cache: options.cache, timeoutMs: options.tarballTimeoutMs });
  const today = (options.now?.() ?? new Date()).toISOString().slice(0, 10);
  const plan = planAccessRequest(base, answers, { requester: issue.user.login, issue: { number: issue.number, url: issue.html_url }, today });

  const comments = await octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number: issue.number, per_page: 100 });
  const ours = comments.find((comment) => comment.body?.includes(REQUEST_COMMENT_MARKER));
  const say = async (body: string) => {
    if (ours?.body === body) return;
    if (ours) await octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { owner, repo, comment_id: ours.id, body });
    else await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number: issue.number, body });
  };

  // A pull request already opened for this issue stays the request while it is open.
  const opened = Number(PULL_MARKER.exec(ours?.body ?? '')?.[1]);
  if (opened) {
    const { data: pull } = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner, repo, pull_number: opened });
    if (pull.state === 'open') {
      await say(`${renderAlreadyRequested(pull, true)}\n${pullMarker(opened)}`);
      return 'requested';
    }
  }
  if (plan.status === 'invalid') {
    options.log.info({ issue: issue.number, problems: plan.problems.length }, 'Access request needs fixing; no pull request opened.');
    await say(renderProblems(plan.problems));
    return 'invalid';
  }
  if (plan.status === 'granted') {
    await say(renderGranted(plan.existing));
    return 'granted';
  }

  const { data: pulls } = await octokit.request('GET /repos/{owner}/{repo}/pulls', { owner, repo, state: 'open', head: `${owner}:${plan.branch}`, per_page: 10 });
  const pending = pulls[0];
  if (pending) {
    const sameIssue = Number(REQUEST_ISSUE_MARKER.exec(pending.body ?? '')?.[1]) === issue.number;
    await say(`${renderAlreadyRequested(pending, sameIssue)}${sameIssue ? `\n${pullMarker(pending.number)}` : ''}`);
    return 'requested';
  }

  try {
    await octokit.request('POST /repos/{owner}/{repo}/git/refs', { owner, repo, ref: `refs/heads/${plan.branch}`, sha: baseSha });
  } catch (error) {
    // The branch of an earlier request that was closed unmerged: start it again from the base.
    if (statusOf(error) !== 422) throw error;
    await octokit.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', { owner, repo, ref: `heads/${plan.branch}`, sha: baseSha, force: true });
  }
  await octokit.request('PUT /repos/{owner}/{repo}/contents/{path}', {
    owner,
    repo,
    path: plan.path,
    branch: plan.branch,
    message: `Access request #${issue.number}: ${plan.grant.consumer.team} → ${plan.grant.dataProduct} · ${plan.grant.outputPort} (${plan.grant.role})`,
    content: Buffer.from(plan.text, 'utf8').toString('base64'),
  });
  const { data: pull } = await octokit.request('POST /repos/{owner}/{repo}/pulls', {
    owner,
    repo,
    head: plan.branch,
    base: defaultBranch,
    title: `Access request: ${plan.grant.consumer.team} → ${plan.grant.dataProduct} · ${plan.grant.outputPort} (${plan.grant.role})`,
    body: renderPullBody(plan, issue),
  });
  await say(`${renderOpened(pull, plan, plan.warnings)}\n${pullMarker(pull.number)}`);
  options.log.info({ issue: issue.number, pull: pull.number, grant: plan.grant.id }, 'Access request opened as a pull request.');
  return 'opened';
}
