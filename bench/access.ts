/**
 * The access-provisioning benchmark: a generated mesh whose contracts all live on one PostgreSQL
 * target, its tables created in a scratch database, then `plan` and `apply` timed with the number
 * of statements and catalog queries: on an empty database, again right after (nothing to do), and
 * after a tenth of the grant files are deleted (revocations).
 *
 *   npx tsx bench/access.ts [--grants 10000] [--products 1470] [--quick]
 *
 * Needs a server: MESHGATE_BENCH_POSTGRES_URL, else MESHGATE_TEST_POSTGRES_URL (a superuser; it
 * creates and drops a database and roles). Timings are reported, never asserted.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import pg from 'pg';
import { loadMesh } from '../bot/core/load/mesh.ts';
import { fromRecord } from '../bot/core/load/mesh.ts';
import { physicalTable, desiredState } from '../bot/core/provision/desired.ts';
import { governanceOf, roleNameFor, targetsOf } from '../bot/core/provision/target.ts';
import { planAccess } from '../bot/core/provision/plan.ts';
import { applyPlan, readActual } from '../bot/platform/postgres-access.ts';
import { commandLine } from './args.ts';
import { generateMesh } from './generate.ts';

export interface AccessBenchOptions {
  grants: number;
  products: number;
  seed?: number;
}

interface Step {
  ms: number;
  statements: number;
  catalogQueries: number;
  /** For a plan: of `ms`, reading the catalog (the rest is planning in memory). */
  readMs?: number;
}

export interface AccessBenchResult {
  grants: number;
  activeGrants: number;
  tables: number;
  columns: number;
  roles: number;
  schemas: number;
  setupS: number;
  desiredMs: number;
  firstPlan: Step;
  firstApply: Step;
  secondPlan: Step;
  secondApply: Step;
  revokePlan: Step & { deletedGrants: number };
  revokeApply: Step;
}

const TODAY = new Date().toISOString().slice(0, 10);
const now = () => performance.now();
const ms = (start: number) => Math.round(performance.now() - start);

/** The generated mesh with every contract moved onto one PostgreSQL target and its analysts capped at `internal`. */
function benchMesh(options: AccessBenchOptions, rolePrefix: string): Record<string, string> {
  const files = generateMesh({ products: options.products, seed: options.seed ?? 42, grants: options.grants, today: TODAY });
  const out: Record<string, string> = {};
  for (const [path, text] of files) {
    if (path.endsWith('.contract.yaml')) {
      const doc = yaml.load(text) as { servers?: unknown[]; roles?: { role: string; customProperties?: unknown[] }[]; dataProduct?: string; id: string };
      doc.servers = [{ server: 'production', type: 'postgres', host: 'bench.db.internal', port: 5432, database: 'bench', schema: doc.id.replace(/[^a-z0-9]/g, '_').slice(0, 63) }];
      for (const role of doc.roles ?? []) if (role.role === 'analyst') role.customProperties = [{ property: 'maxClassification', value: 'internal' }];
      out[path] = yaml.dump(doc, { lineWidth: 120, noRefs: true });
    } else if (path === 'policies/governance.yaml') {
      const doc = yaml.load(text) as Record<string, unknown>;
      doc.classification = { levels: ['public', 'internal', 'confidential', 'restricted'], unclassified: 'internal' };
      doc.provisioning = { targets: [{ name: 'bench', type: 'postgres', servers: [{ host: 'bench.db.internal', port: 5432, database: 'bench' }], roleName: `${rolePrefix}{team}` }] };
      out[path] = yaml.dump(doc, { lineWidth: 120, noRefs: true });
    } else {
      out[path] = text;
    }
  }
  return out;
}

export async function measureAccess(serverUrl: string, options: AccessBenchOptions, log: (line: string) => void = () => {}): Promise<AccessBenchResult> {
  const suffix = randomBytes(4).toString('hex');
  const dbName = `mg_bench_access_${suffix}`;
  const rolePrefix = `b${suffix}_`;
  const setupStart = now();
  const files = benchMesh(options, rolePrefix);
  const snapshot = loadMesh(fromRecord(files));
  const governance = governanceOf(snapshot);
  const target = targetsOf(governance)[0];

  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  const roles = new Set<string>();
  try {
    // The tables the contracts name, in their servers' schemas; one column per top-level property.
    const ddl: string[] = [];
    const schemas = new Set<string>();
    let tables = 0;
    let columns = 0;
    for (const contract of snapshot.byKind.DataContract.values()) {
      if (!contract.valid) throw new Error(`${contract.file} is not a valid DataContract: the bench needs a valid mesh (npm run bench:generate)`);
      const schema = String(contract.doc.servers?.[0]?.schema);
      if (!schemas.has(schema)) ddl.push(`CREATE SCHEMA "${schema}";`);
      schemas.add(schema);
      for (const object of contract.doc.schema ?? []) {
        const names = [...new Set((object.properties ?? []).map((p) => p.physicalName || p.name))];
        ddl.push(`CREATE TABLE "${schema}"."${physicalTable(object).table}" (${names.map((n) => `"${n}" text`).join(', ')});`);
        tables++;
        columns += names.length;
      }
    }
    for (const grant of snapshot.byKind.AccessGrant.values()) {
      if (!grant.valid) throw new Error(`${grant.file} is not a valid AccessGrant: the bench needs a valid mesh (npm run bench:generate)`);
      roles.add(roleNameFor(target, grant.doc.consumer.team));
    }
    for (const role of roles) ddl.push(`CREATE ROLE "${role}" NOLOGIN;`);
    for (let i = 0; i < ddl.length; i += 500) await db.query(ddl.slice(i, i + 500).join('\n'));
    const setupS = Math.round((performance.now() - setupStart) / 100) / 10;
    log(`access: ${snapshot.byKind.AccessGrant.size} grants, ${tables} tables (${columns} columns) in ${schemas.size} schemas, ${roles.size} roles; set up in ${setupS} s`);

    let start = now();
    const desired = desiredState(snapshot, target, governance?.classification, TODAY);
    const desiredMs = ms(start);

    const plan = async (): Promise<Step & { plan: ReturnType<typeof planAccess> }> => {
      const counter = { queries: 0 };
      const t = now();
      const actual = await readActual(db, currentDesired.target, currentDesired.schemas, counter);
      const readMs = ms(t);
      const p = planAccess(currentDesired, actual);
      return { ms: ms(t), readMs, statements: p.statements.length, catalogQueries: counter.queries, plan: p };
    };
    const apply = async (): Promise<Step> => {
      const t = now();
      const result = await applyPlan(db, currentDesired);
      return { ms: ms(t), statements: result.executed, catalogQueries: result.catalogQueries };
    };
    let currentDesired = desired;
    const { plan: _p1, ...firstPlan } = await plan();
    log(`access: first plan ${firstPlan.statements} statements in ${firstPlan.ms} ms`);
    const firstApply = await apply();
    log(`access: first apply ran ${firstApply.statements} statements in ${firstApply.ms} ms`);
    const { plan: _p2, ...secondPlan } = await plan();
    const secondApply = await apply();
    log(`access: second plan ${secondPlan.statements} statements, second apply ran ${secondApply.statements}`);

    // A tenth of the grant files deleted: the next apply revokes what only they explained.
    const grantFiles = Object.keys(files).filter((f) => f.includes('/access/'));
    const deleted = grantFiles.filter((_, i) => i % 10 === 0);
    const fewer = { ...files };
    for (const f of deleted) delete fewer[f];
    const fewerSnapshot = loadMesh(fromRecord(fewer));
    currentDesired = desiredState(fewerSnapshot, target, governance?.classification, TODAY);
    const { plan: _p3, ...revokePlan } = await plan();
    const revokeApply = await apply();
    log(`access: after deleting ${deleted.length} grants, ${revokePlan.statements} statements in ${revokeApply.ms} ms`);

    return {
      grants: snapshot.byKind.AccessGrant.size,
      activeGrants: desired.grants.filter((g) => g.active).length,
      tables,
      columns,
      roles: roles.size,
      schemas: schemas.size,
      setupS,
      desiredMs,
      firstPlan,
      firstApply,
      secondPlan,
      secondApply,
      revokePlan: { ...revokePlan, deletedGrants: deleted.length },
      revokeApply,
    };
  } finally {
    await db.end();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    for (const role of roles) await admin.query(`DROP ROLE IF EXISTS "${role}"`);
    await admin.end();
  }
}

export function renderAccess(r: AccessBenchResult): string {
  const row = (name: string, s: Step) =>
    `| ${name} | ${s.ms.toLocaleString('en')}${s.readMs !== undefined ? ` (catalog ${s.readMs.toLocaleString('en')})` : ''} | ${s.statements.toLocaleString('en')} | ${s.catalogQueries} |`;
  return [
    `Access provisioning: ${r.grants.toLocaleString('en')} grants (${r.activeGrants.toLocaleString('en')} in force), ${r.tables.toLocaleString('en')} tables (${r.columns.toLocaleString('en')} columns) in ${r.schemas.toLocaleString('en')} schemas, ${r.roles} consumer roles; desired state in ${r.desiredMs} ms`,
    '',
    '| step | ms | statements | catalog queries |',
    '| --- | ---: | ---: | ---: |',
    row('plan, empty database', r.firstPlan),
    row('apply, empty database', r.firstApply),
    row('plan right after', r.secondPlan),
    row('apply right after', r.secondApply),
    row(`plan after deleting ${r.revokePlan.deletedGrants.toLocaleString('en')} grant files`, r.revokePlan),
    row('apply of those revocations', r.revokeApply),
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = commandLine('npx tsx bench/access.ts [--grants 10000] [--products 1470] [--quick]', {
    options: { grants: { type: 'string' }, products: { type: 'string' }, quick: { type: 'boolean' } },
  });
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  const quick = values.quick ?? false;
  const options: AccessBenchOptions = { grants: number(values.grants) ?? (quick ? 500 : 10_000), products: number(values.products) ?? (quick ? 75 : 1470) };
  const url = process.env.MESHGATE_BENCH_POSTGRES_URL || process.env.MESHGATE_TEST_POSTGRES_URL;
  if (!url) {
    process.stdout.write('access: not measured: set MESHGATE_BENCH_POSTGRES_URL or MESHGATE_TEST_POSTGRES_URL to a PostgreSQL superuser URL\n');
    return;
  }
  const result = await measureAccess(url, options, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${renderAccess(result)}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
