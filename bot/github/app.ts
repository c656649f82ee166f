/**
 * The Probot app. Each handler only decides whether an event concerns a pull request's evaluation
 * (or the mesh's events, or an access request issue) and which one; `evaluatePullRequest`,
 * `publishPush` and `handleAccessRequest` do the rest.
 */
import type { ApplicationFunction, Context, Probot } from 'probot';
import { handleAccessRequest, type AccessRequestOptions, type IssuePayload } from './access-request.ts';
import { CHECK_NAME } from './check-run.ts';
import { evaluatePullRequest, type EvaluateOptions, type PullPayload } from './evaluate.ts';
import { publishPush, type PushOptions, type PushPayload } from './push.ts';
import { reevaluateLimit, reevaluateOpenPulls } from './reevaluate.ts';

export interface AppOptions {
  /** Passed to every evaluation and push; tests use it to inject caches, fakes and short timeouts. */
  evaluate?: Partial<Omit<EvaluateOptions, 'log' | 'deliveryId' | 'checkRun'>>;
  push?: Partial<Omit<PushOptions, 'log'>>;
  /** Open pull requests re-evaluated per push to the default branch (default: MESHGATE_REEVALUATE_LIMIT, else 20; 0 turns it off). */
  reevaluateLimit?: number;
  accessRequest?: Partial<Omit<AccessRequestOptions, 'log'>>;
}

type RepositoryPayload = { repository: { name: string; owner: { login: string } } };
const repoOf = (context: Context) => {
  const { repository } = context.payload as unknown as RepositoryPayload;
  return { owner: repository.owner.login, repo: repository.name };
};

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (app: Probot) => {
    const evaluate = (context: Context, pull: PullPayload | number, extra: Partial<EvaluateOptions> = {}) =>
      evaluatePullRequest(context.octokit, repoOf(context), pull, { ...options.evaluate, ...extra, log: context.log, deliveryId: context.id });

    app.on(['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.ready_for_review'], async (context) => {
      await evaluate(context, context.payload.pull_request as PullPayload);
    });

    app.on('pull_request.edited', async (context) => {
      // A new title or body changes nothing Meshgate judges; a new base changes everything.
      if (!context.payload.changes.base) return;
      await evaluate(context, context.payload.pull_request as PullPayload);
    });

    app.on(['pull_request_review.submitted', 'pull_request_review.dismissed'], async (context) => {
      await evaluate(context, context.payload.pull_request as unknown as PullPayload);
    });

    app.on('check_run.rerequested', async (context) => {
      const run = context.payload.check_run;
      if (run.name !== CHECK_NAME) return;
      // Fork pull requests are missing from `pull_requests`; the run's external id names its pull request.
      const number = Number(/^pr:(\d+)/.exec(run.external_id ?? '')?.[1] ?? run.pull_requests[0]?.number);
      if (!number) {
        context.log.warn({ checkRun: run.id }, 'Re-run requested for a check run that names no pull request; nothing to evaluate.');
        return;
      }
      await evaluate(context, number, {
        checkRun: { id: run.id, externalId: run.external_id ?? null, annotationsCount: run.output?.annotations_count ?? 0, headSha: run.head_sha },
      });
    });

    app.on('check_suite.rerequested', async (context) => {
      for (const pull of context.payload.check_suite.pull_requests) await evaluate(context, pull.number);
    });

    app.on(['issues.opened', 'issues.edited', 'issues.reopened', 'issues.labeled'], async (context) => {
      const { repository } = context.payload;
      await handleAccessRequest(
        context.octokit,
        { ...repoOf(context), defaultBranch: repository.default_branch },
        context.payload.issue as unknown as IssuePayload,
        { ...options.accessRequest, log: context.log },
      );
    });

    app.on('push', async (context) => {
      const payload = context.payload as unknown as PushPayload;
      // The mesh's events first; then the open pull requests whose base just moved (see reevaluate.ts).
      let published: unknown;
      try {
        // One cache for both, so the re-evaluations reuse the snapshots the push loaded.
        await publishPush(context.octokit, payload, { ...options.push, cache: options.push?.cache ?? options.evaluate?.cache, log: context.log });
      } catch (error) {
        published = error;
      }
      await reevaluateOpenPulls(context.octokit, payload, {
        ...options.evaluate,
        cache: options.evaluate?.cache ?? options.push?.cache,
        log: context.log,
        deliveryId: context.id,
        limit: options.reevaluateLimit ?? reevaluateLimit(process.env.MESHGATE_REEVALUATE_LIMIT),
      });
      if (published) throw published;
    });
  };
}

/** The app as Probot loads it: `probot run`, the server and the Actions entry point all use this. */
const meshgate: ApplicationFunction = createApp();
export default meshgate;
