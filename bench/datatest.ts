/**
 * `meshgate test` against its floor: a table of 40 columns (10,000,000 rows in DuckDB, 1,000,000
 * in PostgreSQL; --quick: 200,000 and 50,000), a contract with schema checks on every column and a
 * dozen library rules, and one hand-written aggregate query computing the same metrics on the
 * same engine. Ratio = meshgate test (open, describe, one scan, close) / the floor query alone on
 * an open connection. Best of R runs each, alternated.
 *
 *   tsx bench/datatest.ts [--quick] [--repeat R]   → prints JSON
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { testContract } from '../bot/core/datatest/run.ts';
import type { DataContract, SchemaProperty } from '../bot/core/kinds/data-contract.ts';
import { openEngine } from '../bot/platform/engine.ts';
import { commandLine } from './args.ts';
import { REPOSITORY_ROOT } from './generate.ts';

/** 40 columns: id, 12 text, 12 integer, 5 double, 6 timestamp, 4 boolean — the same in both engines. */
function tableSql(rows: number, dialect: 'duckdb' | 'postgres'): string {
  const i = dialect === 'duckdb' ? 'i' : 'i';
  const source = dialect === 'duckdb' ? `range(${rows}) t(i)` : `generate_series(0, ${rows - 1}) t(i)`;
  const cols = [`${i} AS id`];
  for (let k = 0; k < 12; k++) cols.push(k === 3 ? `CASE WHEN ${i} % 97 = 0 THEN NULL ELSE 'S-' || (${i} % ${50 + k}) END AS s${k}` : k === 4 ? `CASE WHEN ${i} % 89 = 0 THEN '' ELSE 'x' || (${i} % 7) END AS s${k}` : `'C-' || lpad(CAST((${i} * ${k + 7}) % 100000 AS VARCHAR), 5, '0') AS s${k}`);
  for (let k = 0; k < 12; k++) cols.push(`CAST((${i} * ${k + 3}) % ${1000 + k} AS INTEGER) AS n${k}`);
  for (let k = 0; k < 5; k++) cols.push(`CAST(${i} AS DOUBLE PRECISION) / ${k + 2} AS d${k}`);
  for (let k = 0; k < 6; k++) cols.push(`TIMESTAMP '2026-01-01 00:00:00' + ${i} * INTERVAL '1 second' AS t${k}`);
  for (let k = 0; k < 4; k++) cols.push(`(${i} % ${k + 2} = 0) AS b${k}`);
  return `CREATE TABLE events AS SELECT ${cols.join(', ')} FROM ${source}`;
}

function contract(server: Record<string, unknown>): DataContract {
  const properties: SchemaProperty[] = [{ name: 'id', logicalType: 'integer', required: true, unique: true }];
  for (let k = 0; k < 12; k++) properties.push({ name: `s${k}`, logicalType: 'string', ...(k < 3 ? { required: true } : {}) });
  for (let k = 0; k < 12; k++) properties.push({ name: `n${k}`, logicalType: 'integer', ...(k < 3 ? { required: true } : {}) });
  for (let k = 0; k < 5; k++) properties.push({ name: `d${k}`, logicalType: 'number' });
  for (let k = 0; k < 6; k++) properties.push({ name: `t${k}`, logicalType: 'timestamp', ...(k < 2 ? { required: true } : {}) });
  for (let k = 0; k < 4; k++) properties.push({ name: `b${k}`, logicalType: 'boolean' });
  const p = (name: string) => properties.find((x) => x.name === name)!;
  p('s0').logicalTypeOptions = { pattern: '^C-[0-9]{5}$' };
  p('s1').logicalTypeOptions = { maxLength: 7 };
  p('n0').logicalTypeOptions = { minimum: 0 };
  p('n1').logicalTypeOptions = { maximum: 5000 };
  // A dozen library rules.
  p('s3').quality = [{ metric: 'nullValues', mustBeLessThan: 2, unit: 'percent' }];
  p('s4').quality = [{ metric: 'missingValues', arguments: { missingValues: [null, ''] }, mustBeLessThan: 20000000 }];
  p('s5').quality = [{ metric: 'invalidValues', arguments: { validValues: ['C-00000', 'C-00012'] }, mustBeGreaterThan: 0 }];
  p('s6').quality = [{ metric: 'invalidValues', arguments: { pattern: '^C-' }, mustBe: 0 }];
  p('s7').quality = [{ metric: 'duplicateValues', mustBeGreaterOrEqualTo: 0 }];
  p('n5').quality = [{ metric: 'nullValues', mustBe: 0 }];
  p('n6').quality = [{ metric: 'invalidValues', arguments: { validValues: [1, 2, 3] }, mustBeGreaterThan: 0 }];
  p('d0').quality = [{ metric: 'nullValues', mustBe: 0 }];
  p('t3').quality = [{ metric: 'nullValues', mustBe: 0 }];
  p('b0').quality = [{ metric: 'nullValues', mustBe: 0 }];
  return {
    apiVersion: 'v3.1.0', kind: 'DataContract', id: 'bench-events-v1', version: '1.0.0', status: 'active',
    servers: [server as NonNullable<DataContract['servers']>[number]],
    schema: [{ name: 'events', properties, quality: [{ metric: 'rowCount', mustBeGreaterThan: 0 }, { metric: 'duplicateValues', arguments: { properties: ['s0', 'n0'] }, mustBeGreaterOrEqualTo: 0 }] }],
  };
}

/** The same metrics, written by hand as one aggregate query: what any tool must at least run. */
function floorSql(dialect: 'duckdb' | 'postgres'): string {
  const re = (col: string, pattern: string) => (dialect === 'duckdb' ? `regexp_matches(${col}, '${pattern}')` : `${col} ~ '${pattern}'`);
  return `SELECT count(*),
    count(*) FILTER (WHERE id IS NULL), count(id) - count(DISTINCT id),
    count(*) FILTER (WHERE s0 IS NULL), count(*) FILTER (WHERE s1 IS NULL), count(*) FILTER (WHERE s2 IS NULL),
    count(*) FILTER (WHERE n0 IS NULL), count(*) FILTER (WHERE n1 IS NULL), count(*) FILTER (WHERE n2 IS NULL),
    count(*) FILTER (WHERE t0 IS NULL), count(*) FILTER (WHERE t1 IS NULL),
    count(*) FILTER (WHERE NOT ${re('s0', '^C-[0-9]{5}$')}), count(*) FILTER (WHERE length(s1) > 7),
    count(*) FILTER (WHERE n0 < 0), count(*) FILTER (WHERE n1 > 5000),
    count(*) FILTER (WHERE s3 IS NULL), count(*) FILTER (WHERE s4 IS NULL OR s4 IN ('')),
    count(*) FILTER (WHERE s5 IS NOT NULL AND s5 NOT IN ('C-00000', 'C-00012')),
    count(*) FILTER (WHERE NOT ${re('s6', '^C-')}), count(s7) - count(DISTINCT s7),
    count(*) FILTER (WHERE n5 IS NULL), count(*) FILTER (WHERE n6 IS NOT NULL AND n6 NOT IN (1, 2, 3)),
    count(*) FILTER (WHERE d0 IS NULL), count(*) FILTER (WHERE t3 IS NULL), count(*) FILTER (WHERE b0 IS NULL),
    count(*) - count(DISTINCT (s0, n0))
  FROM ${dialect === 'duckdb' ? 'src.main.events' : 'public.events'}`;
}

interface EngineResult {
  rows: number;
  columns: number;
  checks: number;
  failedOrErrors: number;
  queriesPerObject: number;
  testMs: number;
  floorMs: number;
  ratio: number;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

async function measure(run: () => Promise<{ checks: number; failed: number; queries: number }>, floor: () => Promise<void>, repeat: number): Promise<Omit<EngineResult, 'rows' | 'columns'>> {
  let testMs = Infinity;
  let floorMs = Infinity;
  let last = { checks: 0, failed: 0, queries: 0 };
  for (let r = 0; r < repeat; r++) {
    let t = performance.now();
    await floor();
    floorMs = Math.min(floorMs, performance.now() - t);
    t = performance.now();
    last = await run();
    testMs = Math.min(testMs, performance.now() - t);
  }
  return { checks: last.checks, failedOrErrors: last.failed, queriesPerObject: last.queries, testMs: round(testMs, 0), floorMs: round(floorMs, 0), ratio: round(testMs / floorMs) };
}

async function runMeshgate(c: DataContract): Promise<{ checks: number; failed: number; queries: number }> {
  const server = c.servers![0];
  const result = await testContract({ contract: c, file: 'bench', server: { name: server.server, type: server.type, index: 0 } }, await openEngine(server, { baseDir: REPOSITORY_ROOT, env: process.env }, { named: true }), () => new Date());
  const q = result.queries;
  const failed = result.checks.filter((x) => x.status === 'failed' || x.status === 'error');
  if (failed.length) process.stderr.write(`bench datatest: ${failed.map((x) => `${x.id}: ${x.message}`).join('; ')}\n`);
  return { checks: result.summary.checks, failed: failed.length, queries: q.describe + q.scans + q.sql };
}

export async function benchDuckDb(rows: number, repeat: number): Promise<EngineResult> {
  const dir = join(REPOSITORY_ROOT, 'bench', 'scratch');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `datatest-${rows}.duckdb`);
  if (!existsSync(file)) {
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    await connection.run(tableSql(rows, 'duckdb'));
    connection.closeSync();
    instance.closeSync();
  }
  const c = contract({ server: 'bench', type: 'duckdb', database: file });
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`ATTACH '${file}' AS src (READ_ONLY)`);
  try {
    const m = await measure(() => runMeshgate(c), async () => void (await connection.runAndReadAll(floorSql('duckdb'))), repeat);
    return { rows, columns: 40, ...m };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export async function benchPostgres(url: string, rows: number, repeat: number): Promise<EngineResult> {
  const name = `mg_bench_datatest_${rows}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
  if (!exists) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: dbUrl.toString() });
  await client.connect();
  try {
    const has = (await client.query("SELECT 1 FROM pg_class WHERE relname = 'events'")).rowCount;
    if (!has) {
      await client.query(tableSql(rows, 'postgres').replace(/VARCHAR/g, 'TEXT'));
      await client.query('ANALYZE events');
    }
    const env = { PGUSER: decodeURIComponent(dbUrl.username) || 'postgres', ...(dbUrl.password ? { PGPASSWORD: decodeURIComponent(dbUrl.password) } : {}) };
    const c = contract({ server: 'bench', type: 'postgres', host: dbUrl.hostname, port: Number(dbUrl.port || 5432), database: name, schema: 'public' });
    const saved = { PGUSER: process.env.PGUSER, PGPASSWORD: process.env.PGPASSWORD };
    Object.assign(process.env, env);
    try {
      const m = await measure(() => runMeshgate(c), async () => void (await client.query(floorSql('postgres'))), repeat);
      return { rows, columns: 40, ...m };
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
  } finally {
    await client.end();
  }
}

export interface DatatestResult {
  duckdb: EngineResult | { skipped: string };
  postgres: EngineResult | { skipped: string };
}

export async function measureDatatest(quick: boolean, repeat = quick ? 2 : 3): Promise<DatatestResult> {
  const duckdb = await benchDuckDb(quick ? 200_000 : 10_000_000, repeat).catch((e: Error) => ({ skipped: `failed: ${e.message}` }));
  const url = process.env.MESHGATE_TEST_POSTGRES_URL;
  const postgres = url ? await benchPostgres(url, quick ? 50_000 : 1_000_000, repeat).catch((e: Error) => ({ skipped: `failed: ${e.message}` })) : { skipped: 'no MESHGATE_TEST_POSTGRES_URL' };
  return { duckdb, postgres };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = commandLine('tsx bench/datatest.ts [--quick] [--repeat R]', { options: { quick: { type: 'boolean' }, repeat: { type: 'string' } } });
  const result = await measureDatatest(values.quick ?? false, values.repeat === undefined ? undefined : Number(values.repeat));
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

/** The benchmark's table: one row per engine. */
export function renderDatatest(result: DatatestResult, table: (head: string[], rows: (string | number | null | undefined)[][]) => string): string {
  const row = (engine: string, r: EngineResult | { skipped: string }) =>
    'skipped' in r
      ? [engine, 'not measured', r.skipped, null, null, null, null]
      : [engine, `${r.rows.toLocaleString('en')} × ${r.columns}`, `${r.checks} checks (${r.failedOrErrors} failed)`, `${r.queriesPerObject} (describe + scan)`, `${round(r.testMs / 1000, 2)} s`, `${round(r.floorMs / 1000, 2)} s`, `${r.ratio}×`];
  return `meshgate test against one hand-written aggregate query (target ≤ 1.3×):\n\n${table(['engine', 'rows × columns', 'checks', 'queries per object', 'meshgate test', 'floor', 'ratio'], [row('DuckDB', result.duckdb), row('PostgreSQL', result.postgres)])}`;
}
