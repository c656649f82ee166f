/**
 * The same app, run once per workflow event in GitHub Actions, for organisations that host nothing.
 *
 * It does what `@probot/adapter-github-actions` does (a token-authenticated Probot receiving the
 * workflow's event) with the Probot already installed, and differs where Meshgate needs it to:
 * `pull_request_target` is handled as `pull_request` (so fork pull requests get a writable token;
 * Meshgate only reads the pull request's diff, or its head as a tarball, and parses YAML; it never
 * runs the fork's code),
 * a token with more rights can be given in MESHGATE_TOKEN, and a failure fails the job instead of
 * being logged and swallowed.
 *
 * Reviews: GitHub runs `pull_request_review` workflows from the pull request's own code, so that
 * event only records the pull request's number (.github/workflows/meshgate-review.yml, no token).
 * Its completion starts a `workflow_run` of meshgate.yml from the default branch, which hands the
 * recorded number here (MESHGATE_PULL_NUMBER_FILE); it is untrusted, so it must be a plain number,
 * and the pull request itself is read from the API.
 */
import { readFileSync } from 'node:fs';
import { Probot } from 'probot';
import meshgate from './app.ts';
import { evaluatePullRequest } from './evaluate.ts';
import { MeshgateOctokit } from './octokit.ts';

/** Workflow events and the webhook event the app handles them as. */
const EVENT_ALIASES: Record<string, string> = { pull_request_target: 'pull_request' };

export interface ActionEnvironment {
  MESHGATE_TOKEN?: string;
  GITHUB_TOKEN?: string;
  GITHUB_EVENT_NAME?: string;
  GITHUB_EVENT_PATH?: string;
  GITHUB_RUN_ID?: string;
  GITHUB_RUN_ATTEMPT?: string;
  GITHUB_API_URL?: string;
  LOG_LEVEL?: string;
  /** For `workflow_run`: the file holding the number of the pull request a review was recorded on. */
  MESHGATE_PULL_NUMBER_FILE?: string;
}

/** The recorded pull request number, or why it cannot be used. */
export function recordedPullNumber(text: string): number | { error: string } {
  const trimmed = text.trim();
  if (!/^[1-9][0-9]{0,9}$/.test(trimmed)) return { error: `the recorded review names no pull request number (found ${JSON.stringify(trimmed.slice(0, 40))})` };
  return Number(trimmed);
}

export async function runAction(env: ActionEnvironment = process.env as ActionEnvironment): Promise<number> {
  const token = env.MESHGATE_TOKEN || env.GITHUB_TOKEN;
  const missing = (['GITHUB_EVENT_NAME', 'GITHUB_EVENT_PATH'] as const).filter((name) => !env[name]);
  if (!token || missing.length) {
    console.error(
      `meshgate: ${!token ? 'no token (set env GITHUB_TOKEN: ${{ github.token }}, or MESHGATE_TOKEN for team reviews)' : ''}` +
        `${missing.length ? ` missing ${missing.join(', ')}: run this inside a GitHub Actions workflow` : ''}.`,
    );
    return 1;
  }
  const probot = new Probot({
    githubToken: token,
    Octokit: MeshgateOctokit,
    // GitHub Enterprise Server runners name their API here; github.com's is the default.
    ...(env.GITHUB_API_URL && env.GITHUB_API_URL !== 'https://api.github.com' ? { baseUrl: env.GITHUB_API_URL } : {}),
    logLevel: (env.LOG_LEVEL as 'info' | undefined) ?? 'info',
  });
  await probot.load(meshgate);
  const name = EVENT_ALIASES[env.GITHUB_EVENT_NAME!] ?? env.GITHUB_EVENT_NAME!;
  const payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH!, 'utf8'));
  if (name === 'workflow_run') return evaluateRecordedReview(probot, env, payload);
  try {
    await probot.receive({ id: `${env.GITHUB_RUN_ID ?? 'local'}-${env.GITHUB_RUN_ATTEMPT ?? '1'}`, name, payload } as Parameters<Probot['receive']>[0]);
    return 0;
  } catch (error) {
    probot.log.error({ err: error }, 'Meshgate failed on this event.');
    return 1;
  }
}

/** A review recorded by meshgate-review.yml: evaluate the pull request it names, from this (the default branch's) code. */
async function evaluateRecordedReview(probot: Probot, env: ActionEnvironment, payload: { repository?: { name?: string; owner?: { login?: string } } }): Promise<number> {
  const owner = payload.repository?.owner?.login;
  const repo = payload.repository?.name;
  if (!env.MESHGATE_PULL_NUMBER_FILE || !owner || !repo) {
    probot.log.error('meshgate: a workflow_run needs MESHGATE_PULL_NUMBER_FILE (the recorded review, see .github/workflows/meshgate.yml) and the repository in its event.');
    return 1;
  }
  let text: string;
  try {
    text = readFileSync(env.MESHGATE_PULL_NUMBER_FILE, 'utf8');
  } catch (error) {
    probot.log.error({ err: error }, `meshgate: cannot read the recorded review ${env.MESHGATE_PULL_NUMBER_FILE}; check the download-artifact step.`);
    return 1;
  }
  const number = recordedPullNumber(text);
  if (typeof number !== 'number') {
    probot.log.error(`meshgate: ${number.error}; nothing evaluated.`);
    return 1;
  }
  try {
    const octokit = await probot.auth();
    await evaluatePullRequest(octokit as never, { owner, repo }, number, { log: probot.log, deliveryId: `${env.GITHUB_RUN_ID ?? 'local'}-${env.GITHUB_RUN_ATTEMPT ?? '1'}` });
    return 0;
  } catch (error) {
    probot.log.error({ err: error }, `Meshgate failed to evaluate ${owner}/${repo}#${number}.`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runAction();
}
