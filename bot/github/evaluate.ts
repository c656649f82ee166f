/**
 * Evaluate one pull request: load the base mesh from its tarball and the head as the base plus the
 * pull request's changes, run the core review, and make GitHub show the result. Every event
 * handler ends here; nothing here decides policy.
 *
 * Requests per evaluation (see README, "What an evaluation costs"): one GraphQL request for the
 * base branch's tip and its mesh tree, the reviews and the commits' writers (one more per further
 * 100 reviews or commits), the base tarball (none when cached), the pull request's file list (one
 * per 100 changed files; none when the head is cached), check-run lookup (none on a re-run, whose
 * payload names the run), check-run create or update, one more per further 50 annotations; team
 * members once per team the review must look into (none when an approver named directly settles a
 * requirement). A first evaluation is thus 5, or 6 when the approval comes through a team. Only
 * when the file list cannot be applied exactly (see patches.ts): the head tarball, one more.
 * Only when something must change: one reviewer request, one label add, one per stale label
 * removed, and for a breaking change one comment list and one comment write.
 */
import { review as coreReview } from '../core/review/review.ts';
import { renderMarkdown } from '../core/review/render.ts';
import type { MeshSnapshot } from '../core/model.ts';
import type { PullContext, Review } from '../core/review/types.ts';
import { syncBreakingComment } from './breaking-comment.ts';
import { findCheckRun, SUMMARY_LIMIT, toAnnotations, writeCheckRun, type CheckRunTarget, type ExistingCheckRun } from './check-run.ts';
import { describeFailure } from './failures.ts';
import { labelsFor, syncLabels } from './labels.ts';
import type { Log } from './log.ts';
import { statusOf, type GitHub } from './octokit.ts';
import { createPullContext } from './pull-context.ts';
import { fetchPullData } from './pull-data.ts';
import { requestReviewers, reviewersToRequest } from './reviewers.ts';
import { loadCommitSnapshot, loadPullHead, verifyCommitSnapshot, type SnapshotCache } from './snapshots.ts';

/** The subset of a webhook's `pull_request` object (or `GET /pulls/{n}`) the evaluation reads. */
export interface PullPayload {
  number: number;
  state: string;
  draft?: boolean;
  user: { login: string } | null;
  head: { sha: string; ref: string; repo: { name: string; owner: { login: string } } | null };
  base: { sha: string; ref: string; repo: { name: string; owner: { login: string }; default_branch?: string } };
  labels?: Array<{ name?: string } | string>;
  requested_reviewers?: Array<{ login?: string } | null>;
  requested_teams?: Array<{ slug?: string } | null>;
}

export interface RepoLocator {
  owner: string;
  repo: string;
}

export type ReviewFunction = (base: MeshSnapshot, head: MeshSnapshot, pr: PullContext) => Promise<Review>;
export type RenderFunction = (review: Review, options: { maxLength: number }) => string;

export interface EvaluateOptions {
  log: Log;
  deliveryId?: string;
  /** Known from a `check_run.rerequested` payload: saves the lookup. */
  checkRun?: ExistingCheckRun;
  cache?: SnapshotCache;
  tarballTimeoutMs?: number;
  /** The core review and its rendering; tests may pass fakes. */
  review?: ReviewFunction;
  render?: RenderFunction;
}

export type Evaluation =
  | { status: 'evaluated'; checkRunId: number; review: Review }
  | { status: 'failed'; checkRunId?: number; error: unknown }
  | { status: 'skipped'; reason: string };

/** Room left in the summary for the note `limitSummary` adds if the renderer overshoots. */
const RENDER_LIMIT = SUMMARY_LIMIT - 500;

/**
 * Evaluates the pull request and upserts its check run. Resolves with `failed` (after writing a
 * failing check run) when the evaluation could not finish; rejects only when even that was
 * impossible or when a follow-up (labels, reviewers, comment) failed, so that the webhook delivery
 * is marked failed and can be redelivered.
 */
export async function evaluatePullRequest(
  octokit: GitHub,
  { owner, repo }: RepoLocator,
  pullOrNumber: PullPayload | number,
  options: EvaluateOptions,
): Promise<Evaluation> {
  const pull =
    typeof pullOrNumber === 'number'
      ? ((await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner, repo, pull_number: pullOrNumber })).data as PullPayload)
      : pullOrNumber;
  if (pull.state !== 'open') {
    options.log.info({ pull: pull.number }, 'Pull request is closed; not evaluated.');
    return { status: 'skipped', reason: 'closed' };
  }
  // Only the default branch holds the governed policies and owners. A check run belongs to the head
  // commit, not to the pull request, so a verdict judged against any other branch (whose
  // governance.yaml anyone who may push could write) would also pass that commit into the default one.
  const defaultBranch = pull.base.repo.default_branch;
  if (defaultBranch !== undefined && pull.base.ref !== defaultBranch) {
    options.log.info({ pull: pull.number, base: pull.base.ref, defaultBranch }, 'Pull request does not target the default branch; not evaluated.');
    return { status: 'skipped', reason: `targets ${pull.base.ref}, not the default branch ${defaultBranch}` };
  }
  return serialize(`${owner}/${repo}@${pull.head.sha}`.toLowerCase(), () => evaluateOpenPull(octokit, { owner, repo }, pull, options));
}

async function evaluateOpenPull(octokit: GitHub, { owner, repo }: RepoLocator, pull: PullPayload, options: EvaluateOptions): Promise<Evaluation> {
  const { log } = options;
  const number = pull.number;
  const author = pull.user?.login ?? '';
  const headSha = pull.head.sha;
  // Should the head tarball be needed, a fork's head commit is read from the fork (as the webhook
  // names it); if the fork is gone or hidden, the base repository still holds it under refs/pull/N/head.
  const headRepo = pull.head.repo ? { owner: pull.head.repo.owner.login, repo: pull.head.repo.name } : { owner, repo };
  // Until GitHub says where the base branch is now, a failure report names the payload's base.
  const target: CheckRunTarget = { owner, repo, headSha, externalId: `pr:${number};base:${pull.base.sha}` };
  const snapshotOptions = { cache: options.cache, timeoutMs: options.tarballTimeoutMs };
  // A re-run of an older commit's check evaluates the current head, whose run is another one.
  let existing = options.checkRun && (!options.checkRun.headSha || options.checkRun.headSha === headSha) ? options.checkRun : undefined;
  let review: Review;
  let checkRunId: number;
  // The base branch's tip and tree, reviews and the change's writers: one GraphQL request, read
  // when the evaluation starts (the tip decides which base is loaded).
  const data = fetchPullData(octokit, { owner, repo, number }, headSha);
  data.catch(() => undefined);
  const context = createPullContext(octokit, { owner, repo, number, author, headSha }, () => data);
  // The lookup runs alongside the downloads; its answer is kept even if a download fails, so the
  // failure report updates the run it found instead of looking again.
  const lookup = existing ? Promise.resolve(existing) : findCheckRun(octokit, target);
  lookup.then((found) => (existing = found), () => undefined);
  try {
    // Judged against the base branch as it is now, not as the last push saw it (`pull.base.sha`):
    // rules merged since apply. The head is the pull request's changes on top of that tip.
    const { baseTip, baseTree } = await data;
    target.externalId = `pr:${number};base:${baseTip}`;
    const label = `${owner}/${repo}@${baseTip}`;
    const baseSnapshot = loadCommitSnapshot(octokit, { owner, repo, sha: baseTip }, snapshotOptions).then((snapshot) => {
      verifyCommitSnapshot(snapshot, baseTree, label);
      return snapshot;
    });
    // None of the head's files may be missing from the review (loadPullHead falls back to the head
    // tarball and checks it).
    const [, base, head] = await Promise.all([
      lookup,
      baseSnapshot,
      loadPullHead(octokit, { owner, repo, number, baseSha: baseTip, headSha, headRepo }, baseSnapshot, { ...snapshotOptions, log }),
    ]);
    review = await (options.review ?? coreReview)(base, head, context);
    const summary = (options.render ?? renderMarkdown)(review, { maxLength: RENDER_LIMIT });
    checkRunId = await writeCheckRun(octokit, target, existing, {
      conclusion: review.conclusion,
      title: review.title,
      summary,
      annotations: toAnnotations(review.findings, new Set(head.paths)),
    });
  } catch (error) {
    await lookup.catch(() => undefined);
    return reportFailure(octokit, target, existing, error, { owner, repo, number, deliveryId: options.deliveryId }, log);
  }
  log.info({ pull: number, head: headSha, conclusion: review.conclusion, checkRunId }, 'Pull request evaluated.');

  // The check run is the verdict; what follows helps people act on it. A failure here leaves the
  // verdict standing and fails the delivery, so it shows in the app's deliveries and can be redelivered.
  const problems: unknown[] = [];
  const current = (pull.labels ?? []).map((label) => (typeof label === 'string' ? label : label.name ?? ''));
  try {
    await syncLabels(octokit, { owner, repo, number, current }, labelsFor(review));
  } catch (error) {
    problems.push(error);
  }
  if (!pull.draft) {
    const reviewerTarget = {
      owner,
      repo,
      number,
      author,
      headSha,
      requestedUsers: (pull.requested_reviewers ?? []).flatMap((r) => (r?.login ? [r.login] : [])),
      requestedTeams: (pull.requested_teams ?? []).flatMap((t) => (t?.slug ? [t.slug] : [])),
    };
    try {
      const request = reviewersToRequest(review, reviewerTarget, await context.reviews());
      if (request.skippedTeams.length) log.warn({ teams: request.skippedTeams }, 'Teams of another organisation cannot be requested as reviewers.');
      await requestReviewers(octokit, reviewerTarget, request);
    } catch (error) {
      // GitHub refuses reviewers who are not collaborators: the owners file names someone without access.
      if (statusOf(error) === 422) log.warn({ err: error, pull: number }, 'GitHub refused the reviewer request; check that the owners have access to this repository.');
      else problems.push(error);
    }
  }
  try {
    await syncBreakingComment(octokit, { owner, repo, number, headSha, labelled: current.includes('breaking-change') }, review);
  } catch (error) {
    problems.push(error);
  }
  if (problems.length) {
    for (const problem of problems) log.error({ err: problem, pull: number, delivery: options.deliveryId }, 'Updating the pull request after the review failed.');
    throw new AggregateError(problems, `Meshgate evaluated ${owner}/${repo}#${number} but could not update its labels, reviewers or comment.`);
  }
  return { status: 'evaluated', checkRunId, review };
}

async function reportFailure(
  octokit: GitHub,
  target: CheckRunTarget,
  existing: ExistingCheckRun | undefined,
  error: unknown,
  where: { owner: string; repo: string; number: number; deliveryId?: string },
  log: Log,
): Promise<Evaluation> {
  log.error({ err: error, pull: where.number, head: target.headSha, delivery: where.deliveryId }, 'Evaluation failed.');
  const { title, summary } = describeFailure(error, where);
  try {
    // The lookup may be what failed; try it once more so a failure never adds a second run.
    existing ??= await findCheckRun(octokit, target).catch(() => undefined);
    const checkRunId = await writeCheckRun(octokit, target, existing, { conclusion: 'failure', title, summary, annotations: [] });
    return { status: 'failed', checkRunId, error };
  } catch (writeError) {
    log.error({ err: writeError, pull: where.number, delivery: where.deliveryId }, 'Could not even report the failure on a check run.');
    throw new Error(`Meshgate could not evaluate ${where.owner}/${where.repo}#${where.number} nor report it on a check run.`, {
      cause: new AggregateError([error, writeError]),
    });
  }
}

/**
 * Evaluations of the same head commit run one after another in this process: two deliveries at
 * once would otherwise both find no check run and both create one.
 */
const queues = new Map<string, Promise<unknown>>();
function serialize<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(task, task);
  const settled = next.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return next;
}
