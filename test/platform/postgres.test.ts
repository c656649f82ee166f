import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithPostgres, scratchDatabase } from '../support/postgres.ts';
import { CASES, contractWith, itemsTableSql } from './check-cases.ts';
import { checkOf, runContract } from './run-case.ts';

describeWithPostgres('meshgate test on PostgreSQL', (url) => {
  let db: Awaited<ReturnType<typeof scratchDatabase>>;
  let server: Record<string, unknown>;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await scratchDatabase(url, 'datatest');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    for (const sql of itemsTableSql(new Date())) await client.query(sql);
    await client.end();
    const u = new URL(db.url);
    server = { server: 'warehouse', type: 'postgres', host: u.hostname, port: Number(u.port), database: db.name, schema: 'public' };
    env = { PGUSER: decodeURIComponent(u.username) || 'postgres', ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}) };
  });
  afterAll(async () => db?.drop());

  describe('one case per check kind and operator', () => {
    for (const c of CASES) {
      it(c.name, async () => {
        const run = await runContract(contractWith(c.change, server), env);
        expect(checkOf(run, c.check).status, checkOf(run, c.check).message).toBe(c.status);
      });
    }
  });

  it('computes every metric of an object in one scan', async () => {
    const run = await runContract(contractWith({ property: { id: { required: true, unique: true }, label: { quality: [{ metric: 'nullValues', mustBe: 1 }] } }, quality: [{ metric: 'rowCount', mustBe: 10 }] }, server), env);
    expect(run.queries).toEqual({ describe: 1, scans: 1, sql: 0 });
  });

  it('a quality query runs read-only: a data-modifying query is an error and the table keeps its rows', async () => {
    const contract = contractWith({ quality: [{ id: 'w', type: 'sql', query: 'WITH d AS (DELETE FROM {object} RETURNING 1) SELECT count(*) FROM d', mustBe: 0 }, { id: 'n', metric: 'rowCount', mustBe: 10 }] }, server);
    const run = await runContract(contract, env);
    expect([checkOf(run, 'items.w').status, checkOf(run, 'items.w').message, checkOf(run, 'items.n').status]).toEqual([
      'error',
      expect.stringMatching(/^the query failed: cannot execute (DELETE|SELECT) in a read-only transaction$/),
      'passed',
    ]);
  });

  it('MESHGATE_<SERVER>_USERNAME overrides PGUSER', async () => {
    const run = await runContract(contractWith({}, server), { ...env, MESHGATE_WAREHOUSE_USERNAME: `${db.prefix}nobody` });
    expect(checkOf(run, 'server.warehouse').message).toContain(`role "${db.prefix}nobody" does not exist`);
  });

  it('an unreachable server is one error that says what to check; every other check is skipped', async () => {
    const run = await runContract(contractWith({}, { ...server, port: 1 }), env);
    expect(run.checks.filter((c) => c.status !== 'skipped').map((c) => [c.status, c.message.replace(/\(.*?:1\/\S+\)/, '(HOST)')])).toEqual([
      ['error', expect.stringMatching(/^cannot connect to server warehouse .*ECONNREFUSED.*\(is the server running\? check `host:` and `port:` of the server\)$/)],
    ]);
  });

  it('a schema without the table fails the object check', async () => {
    const run = await runContract(contractWith({}, { ...server, schema: 'elsewhere' }), env);
    expect(checkOf(run, 'items.exists').status).toBe('failed');
  });
});
