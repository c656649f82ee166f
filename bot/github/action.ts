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
 */
import { readFileSync } from 'node:fs';
import { Probot } from 'probot';
import meshgate from './app.ts';
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
  try {
    await probot.receive({ id: `${env.GITHUB_RUN_ID ?? 'local'}-${env.GITHUB_RUN_ATTEMPT ?? '1'}`, name, payload } as Parameters<Probot['receive']>[0]);
    return 0;
  } catch (error) {
    probot.log.error({ err: error }, 'Meshgate failed on this event.');
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runAction();
}
