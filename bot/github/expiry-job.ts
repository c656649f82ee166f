/**
 * The scheduled expiry run as a command (`npm run expiry`), for the workflow in
 * .github/workflows/access-expiry.yml or a terminal:
 *
 *   expiry [--repo OWNER/NAME] [--today YYYY-MM-DD] [--dry-run]   against GitHub, with GITHUB_TOKEN
 *   expiry --root DIR [--today YYYY-MM-DD]                        a local dry run over a checkout
 *
 * The token (MESHGATE_TOKEN, else GITHUB_TOKEN) needs issues, pull requests and contents write.
 */
import { parseArgs } from 'node:util';
import { loadMeshFromDirectory } from '../core/load/sources.ts';
import { planExpiry, renderRemovalBody, type ExpiryPlan } from '../core/requests/expiry.ts';
import { runExpiry } from './expiry.ts';
import { MeshgateOctokit } from './octokit.ts';

const HELP = `Usage: expiry [--repo OWNER/NAME] [--today YYYY-MM-DD] [--dry-run] | --root DIR [--today YYYY-MM-DD]\n`;

export function formatPlan(plan: ExpiryPlan): string {
  const lines = [`Expiry run for ${plan.today} (grants ending within ${plan.expiringSoonDays} days):`];
  for (const c of plan.create) lines.push(`  remind   ${c.grant}: open "${c.title}"`);
  for (const u of plan.update) lines.push(`  remind   ${u.grant}: update #${u.number} "${u.title}"`);
  for (const c of plan.close) lines.push(`  close    #${c.number} (${c.grant}): ${c.comment}`);
  if (plan.expired.length) {
    lines.push(`  remove   ${plan.expired.length} expired grant${plan.expired.length === 1 ? '' : 's'} in one pull request:`);
    for (const g of plan.expired) lines.push(`           ${g.file} (${g.team}, ended ${g.validUntil})`);
  }
  if (lines.length === 1) lines.push('  nothing to do');
  return `${lines.join('\n')}\n`;
}

export async function main(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values } = parseArgs({ args, options: { repo: { type: 'string' }, today: { type: 'string' }, 'dry-run': { type: 'boolean' }, root: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.today && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) {
    process.stderr.write(`expiry: --today must be YYYY-MM-DD, not "${values.today}"\n`);
    return 2;
  }
  const now = values.today ? new Date(`${values.today}T00:00:00Z`) : new Date();
  if (values.root) {
    const mesh = await loadMeshFromDirectory(values.root);
    const plan = planExpiry(mesh, { today: now.toISOString().slice(0, 10), reminders: [] });
    process.stdout.write(formatPlan(plan));
    if (plan.expired.length) process.stdout.write(`\nRemoval pull request body:\n\n${renderRemovalBody(plan.expired)}\n`);
    return 0;
  }
  const token = env.MESHGATE_TOKEN || env.GITHUB_TOKEN;
  const [owner, repo] = (values.repo ?? env.GITHUB_REPOSITORY ?? '').split('/');
  if (!token || !owner || !repo) {
    process.stderr.write(`expiry: ${!token ? 'set GITHUB_TOKEN (or MESHGATE_TOKEN)' : 'name the repository with --repo OWNER/NAME or GITHUB_REPOSITORY'}\n${HELP}`);
    return 2;
  }
  const octokit = new MeshgateOctokit({ auth: token, ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}) });
  const log = { debug: () => {}, info: () => {}, warn: (o: unknown, m?: string) => console.warn(m ?? o), error: (o: unknown, m?: string) => console.error(m ?? o) };
  const result = await runExpiry(octokit, { owner, repo }, { log, now, dryRun: values['dry-run'] });
  process.stdout.write(formatPlan(result.plan));
  const r = result.reminders;
  process.stdout.write(
    `Reminders: ${r.created.length} opened, ${r.updated.length} updated, ${r.closed.length} closed${r.deferred ? `, ${r.deferred} left for the next run` : ''}; ` +
      `removal pull request: ${result.removal ? `#${result.removal.number} ${result.removal.action}` : 'none needed'}.\n`,
  );
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2)).catch((error) => {
    console.error(error);
    return 1;
  });
}
