import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadMeshFromDirectory } from '../sources/directory.ts';
import { desiredState } from '../core/provision/desired.ts';
import { accessEvents } from '../core/provision/events.ts';
import type { AccessPlan } from '../core/provision/plan.ts';
import { renderPlan } from '../core/provision/render.ts';
import { parseStatus, recordApply, type AccessStatus } from '../core/provision/status.ts';
import { connectionVariable, governanceOf, targetsOf, type Target } from '../core/provision/target.ts';
import { applyPlan, ApplyError, connectionConfig, planOnDatabase } from '../platform/postgres-access.ts';
import { EXIT, formatOption, UsageError, type CliIO } from './io.ts';

const HELP = `Usage: meshgate access plan [ROOT] [--target NAME] [--format text|json] [--detailed-exitcode]
       meshgate access apply [ROOT] [--target NAME] [--format text|json] [--output FILE] [--events]

Reconciles a database to the merged access grants (run it on the default branch). The desired
state is every grant of ROOT (default .) that has not expired today, on the tables of its
contract's servers that belong to the target in policies/governance.yaml; the actual state is what
the target's managed roles hold in its managed schemas. \`plan\` prints the SQL that would make
them equal, each statement with the grant file that explains it; \`apply\` runs it in one
transaction.

  --target NAME          a target of governance's provisioning.targets (optional when there is one)
  --format text|json     json for machines
  --detailed-exitcode    plan: exit 3 when there are changes
  --output FILE          apply: record what was provisioned when (the catalog shows it)
  --events               apply: send meshgate.access.* events to governance's event targets
                         (GITHUB_TOKEN for repository_dispatch targets)
  --date YYYY-MM-DD      the day grants are checked against (default today, UTC)

The connection comes from the environment: MESHGATE_<TARGET>_URL, else the target's first
server with libpq's PGUSER, PGPASSWORD, PGSSLMODE, ...
Exit 0 nothing to do or applied, 1 failed (rolled back) or a grant could not be provisioned,
2 usage, 3 (plan --detailed-exitcode) changes pending.
`;

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      target: { type: 'string' },
      format: { type: 'string' },
      'detailed-exitcode': { type: 'boolean' },
      output: { type: 'string' },
      events: { type: 'boolean' },
      date: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const [action, root = '.', ...extra] = positionals;
  if (action !== 'plan' && action !== 'apply') throw new UsageError(`expected "plan" or "apply", not ${action === undefined ? 'nothing' : `"${action}"`}\n\n${HELP}`);
  if (extra.length > 0) throw new UsageError('one ROOT at most');
  if (action === 'plan' && (values.output || values.events)) throw new UsageError('--output and --events are for apply');
  if (action === 'apply' && values['detailed-exitcode']) throw new UsageError('--detailed-exitcode is for plan');
  const format = formatOption(values.format, ['text', 'json']);
  const today = values.date ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new UsageError(`--date must be YYYY-MM-DD, not "${today}"`);

  const snapshot = await loadMeshFromDirectory(resolve(io.cwd, root));
  const governance = governanceOf(snapshot);
  const broken = [...snapshot.byKind.Governance.values()].find((g) => !g.valid);
  if (!governance && broken) {
    // Provisioning from a governance file that failed its schema could revoke everything; refuse.
    io.stderr.write(`meshgate access: ${broken.file} is not a valid Governance document, so no target can be trusted; run \`meshgate validate\` and fix it first.\n`);
    return EXIT.findings;
  }
  const target = pickTarget(targetsOf(governance), values.target);
  const desired = desiredState(snapshot, target, governance?.classification, today);

  const client = new pg.Client(connectionConfig(target, process.env));
  try {
    await client.connect();
  } catch (error) {
    io.stderr.write(
      `meshgate access: cannot connect to target ${target.name}: ${(error as Error).message}. Set ${connectionVariable(target)} (or PGHOST, PGUSER, PGPASSWORD, …) where this runs.\n`,
    );
    return EXIT.findings;
  }
  try {
    if (action === 'plan') {
      const plan = await planOnDatabase(client, desired);
      io.stdout.write(format === 'json' ? `${JSON.stringify(plan, null, 2)}\n` : renderPlan(plan, 'plan'));
      if (plan.problems.length > 0) return EXIT.findings;
      return values['detailed-exitcode'] && plan.statements.length > 0 ? EXIT.actionRequired : EXIT.ok;
    }
    const at = new Date().toISOString();
    let plan: AccessPlan;
    let executed = 0;
    let failure: string | undefined;
    try {
      const result = await applyPlan(client, desired);
      plan = result.plan;
      executed = result.executed;
    } catch (error) {
      if (!(error instanceof ApplyError) || !error.plan) throw error;
      plan = error.plan;
      failure = error.message;
    }
    const status = recordApply(readStatus(values.output, io.cwd), plan, { at, executed, ...(failure ? { error: failure } : {}) });
    if (values.output) writeFileSync(resolve(io.cwd, values.output), `${JSON.stringify(status, null, 2)}\n`);
    if (format === 'json') io.stdout.write(`${JSON.stringify({ ...plan, executed, ...(failure ? { error: failure } : {}) }, null, 2)}\n`);
    else if (failure) io.stderr.write(`meshgate access apply: failed, rolled back, nothing changed: ${failure}\n`);
    else io.stdout.write(renderPlan(plan, 'applied'));
    if (values.events) await sendEvents(plan, status, !failure, governance?.site?.repository ?? `meshgate:${target.name}`, governance, io);
    return failure || plan.problems.length > 0 ? EXIT.findings : EXIT.ok;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function pickTarget(targets: Target[], name: string | undefined): Target {
  if (name === undefined) {
    if (targets.length === 1) return targets[0];
    throw new UsageError(
      targets.length === 0
        ? 'policies/governance.yaml defines no provisioning.targets; add one (see the README, "Provisioning access")'
        : `--target is required: one of ${targets.map((t) => t.name).join(', ')}`,
    );
  }
  const target = targets.find((t) => t.name === name);
  if (!target) throw new UsageError(`no provisioning target "${name}" in policies/governance.yaml${targets.length ? `; known: ${targets.map((t) => t.name).join(', ')}` : ''}`);
  return target;
}

function readStatus(output: string | undefined, cwd: string): AccessStatus | undefined {
  if (!output || !existsSync(resolve(cwd, output))) return undefined;
  try {
    return parseStatus(readFileSync(resolve(cwd, output), 'utf8'));
  } catch (error) {
    throw new UsageError(`--output ${output}: ${(error as Error).message}`);
  }
}

async function sendEvents(plan: AccessPlan, status: AccessStatus, executed: boolean, source: string, governance: ReturnType<typeof governanceOf>, io: CliIO): Promise<void> {
  const events = accessEvents(plan, status, executed, source);
  const targets = governance?.events?.targets ?? [];
  if (events.length === 0 || targets.length === 0) return;
  const { deliverEvents } = await import('../github/event-delivery.ts');
  const { Octokit } = await import('@octokit/rest');
  const token = process.env.GITHUB_TOKEN;
  const usable = targets.filter((t) => t.type === 'webhook' || token);
  for (const t of targets) if (!usable.includes(t)) io.stderr.write(`meshgate access apply: skipping repository_dispatch ${t.repository}: set GITHUB_TOKEN to send events there\n`);
  const log = {
    info: () => undefined,
    warn: () => undefined,
    error: (fields: { eventId?: string; target?: string }, message: string) => io.stderr.write(`meshgate access apply: ${message} (${fields.eventId} → ${fields.target})\n`),
  };
  const failures = await deliverEvents(new Octokit({ auth: token }), events, usable, { log: log as never });
  io.stderr.write(`meshgate access apply: sent ${events.length} events to ${usable.length} targets; ${failures.length} deliveries failed\n`);
}
