/**
 * `npm run bot`: the app as a Probot web server. Reads APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH),
 * WEBHOOK_SECRET, and for GitHub Enterprise Server GHE_HOST and GHE_PROTOCOL, from the environment
 * or `.env`. Without APP_ID it starts Probot's setup page, which registers a new app from app.yml.
 */
import { run } from 'probot';
import meshgate from './app.ts';
import { MeshgateOctokit } from './octokit.ts';

// Probot reads `.env` itself, but only inside run(); the secret check below needs it first.
try {
  process.loadEnvFile('.env');
} catch {
  // No .env: the environment is all there is.
}

const registered = Boolean(process.env.APP_ID);
if (registered && (!process.env.WEBHOOK_SECRET || process.env.WEBHOOK_SECRET === 'development') && process.env.NODE_ENV !== 'development') {
  // Probot would fall back to the secret "development", accepting forged webhooks.
  console.error('WEBHOOK_SECRET is not set. Set it to the webhook secret of the GitHub App (Settings → Webhook), or NODE_ENV=development for local tries.');
  process.exit(1);
}

await run(meshgate, { Octokit: MeshgateOctokit });
