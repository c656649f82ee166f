import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASES, contractWith, itemsTableSql } from './check-cases.ts';
import { checkOf, runContract } from './run-case.ts';

let dir: string;
let server: Record<string, unknown>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshgate-duckdb-'));
  const instance = await DuckDBInstance.create(join(dir, 'shop.duckdb'));
  const connection = await instance.connect();
  for (const sql of itemsTableSql(new Date())) await connection.run(sql);
  connection.closeSync();
  instance.closeSync();
  server = { server: 'local-db', type: 'duckdb', database: join(dir, 'shop.duckdb') };
});

describe('meshgate test on DuckDB: one case per check kind and operator', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const run = await runContract(contractWith(c.change, server), {});
      expect(checkOf(run, c.check).status, checkOf(run, c.check).message).toBe(c.status);
    });
  }
});

describe('meshgate test on DuckDB: the engine', () => {
  it('computes every metric of an object in one scan', async () => {
    const run = await runContract(contractWith({ property: { id: { required: true, unique: true }, label: { quality: [{ metric: 'nullValues', mustBe: 1 }] } }, quality: [{ metric: 'rowCount', mustBe: 10 }] }, server), {});
    expect(run.queries).toEqual({ describe: 1, scans: 1, sql: 0 });
  });

  it('a quality query runs in a transaction that is rolled back: the table keeps its rows', async () => {
    const contract = contractWith({ quality: [{ id: 'w', type: 'sql', query: 'WITH d AS (DELETE FROM {object} RETURNING 1) SELECT count(*) FROM d', mustBe: 0 }, { id: 'n', metric: 'rowCount', mustBe: 10 }] }, server);
    const run = await runContract(contract, {});
    expect([checkOf(run, 'items.w').status, checkOf(run, 'items.n').status]).toEqual(['error', 'passed']);
  });

  it('reads a local CSV server, {model} being the object, relative to the contract folder', async () => {
    await mkdir(join(dir, 'data'), { recursive: true });
    await writeFile(join(dir, 'data', 'items.csv'), 'id,code\n1,A\n2,B\n');
    const contract = contractWith({ dropProperties: ['amount', 'label', 'status', 'dup', 'day_text', 'created_at'], quality: [{ id: 'n', metric: 'rowCount', mustBe: 2 }] }, { server: 'files', type: 'local', format: 'csv', path: 'data/{model}.csv' });
    const run = await runContract(contract, {}, join(dir, 'items.contract.yaml'));
    expect(run.summary).toMatchObject({ failed: 0, errors: 0, passed: run.checks.length });
  });

  it('a local file that is not there fails the object check, naming it', async () => {
    const contract = contractWith({}, { server: 'files', type: 'local', format: 'csv', path: 'nowhere/{model}.csv' });
    const run = await runContract(contract, {}, join(dir, 'items.contract.yaml'));
    expect(checkOf(run, 'items.exists')).toMatchObject({ status: 'failed', message: 'items does not exist on server files (name it with physicalName if the table is called otherwise)' });
  });

  it('a DuckDB file that is not there is one error saying which file, and every other check is skipped', async () => {
    const run = await runContract(contractWith({}, { server: 'gone', type: 'duckdb', database: join(dir, 'gone.duckdb') }), {});
    expect(run.checks.filter((c) => c.status !== 'skipped').map((c) => [c.status, c.message])).toEqual([
      ['error', `DuckDB file ${join(dir, 'gone.duckdb')} does not exist (create it, or correct \`database:\` of server gone (relative paths start at the contract's folder))`],
    ]);
  });

  it('a server type with no engine skips every check, naming the type', async () => {
    const run = await runContract(contractWith({}, { server: 'bq', type: 'bigquery', project: 'p', dataset: 'd' }), {});
    expect(new Set(run.checks.map((c) => `${c.status}: ${c.message}`))).toEqual(new Set(['skipped: server type bigquery is not supported by meshgate test (supported: duckdb, local, postgres, postgresql)']));
  });
});
