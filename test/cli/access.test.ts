import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import nock from 'nock';
import pg from 'pg';
import { PROVISIONING_TABLES_SQL, provisioningMesh } from '../fixtures/meshes/provisioning.ts';
import { describeWithPostgres, scratchDatabase } from '../support/postgres.ts';
import { meshgate, writeTree } from './cli-helpers.ts';

describeWithPostgres('meshgate access', (url) => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let db: pg.Client;
  const roles: string[] = [];
  let run = 0;
  let prefix = '';

  beforeAll(async () => {
    scratch = await scratchDatabase(url, 'access_cli');
    db = new pg.Client({ connectionString: scratch.url });
    await db.connect();
    process.env.MESHGATE_WAREHOUSE_URL = scratch.url;
  });

  afterAll(async () => {
    delete process.env.MESHGATE_WAREHOUSE_URL;
    await db?.end();
    await scratch?.drop();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    for (const role of roles) await admin.query(`DROP ROLE IF EXISTS "${role}"`);
    await admin.end();
  });

  beforeEach(async () => {
    prefix = `${scratch.prefix}${run++}_`;
    await db.query(`DROP SCHEMA IF EXISTS sales CASCADE; ${PROVISIONING_TABLES_SQL}`);
    for (const team of ['marketing', 'finance']) {
      await db.query(`CREATE ROLE "${prefix}mesh_${team}" NOLOGIN`);
      roles.push(`${prefix}mesh_${team}`);
    }
  });

  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const tree = (edit: (f: Record<string, string>) => void = () => {}) => {
    const files = provisioningMesh(prefix);
    edit(files);
    return writeTree(files);
  };
  const DATE = ['--date', '2026-12-05'];

  it('plan --detailed-exitcode exits 3 and prints each statement with the grant that explains it', async () => {
    const root = await tree();
    const result = await meshgate(root, 'access', 'plan', '--target', 'warehouse', '--detailed-exitcode', ...DATE);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain(`+ GRANT SELECT ("order_id", "placed_at") ON TABLE "sales"."orders" TO "${prefix}mesh_marketing";\n    -- catalog/checkout/orders/access/marketing.yaml`);
  });

  it('plan changes nothing', async () => {
    const root = await tree();
    await meshgate(root, 'access', 'plan', ...DATE);
    const { rows } = await db.query("SELECT has_table_privilege($1, 'sales.refunds', 'SELECT') AS granted", [`${prefix}mesh_finance`]);
    expect(rows[0].granted).toBe(false);
  });

  it('apply, then apply again: the second says no changes', async () => {
    const root = await tree();
    expect((await meshgate(root, 'access', 'apply', ...DATE)).code).toBe(0);
    const second = await meshgate(root, 'access', 'apply', ...DATE);
    expect(second).toEqual({ code: 0, stdout: 'Target warehouse: 2 of 2 grants in force. No changes: the database already matches the grants.\n', stderr: '' });
  });

  it('apply --output records each grant as provisioned on the target', async () => {
    const root = await tree();
    await meshgate(root, 'access', 'apply', '--output', 'status.json', ...DATE);
    const status = JSON.parse(await readFile(join(root, 'status.json'), 'utf8'));
    expect(status.targets[0].grants.map((g: { id: string; status: string }) => `${g.id}: ${g.status}`)).toEqual([
      'finance-reads-checkout-orders: provisioned',
      'marketing-reads-checkout-orders: provisioned',
    ]);
  });

  it('a grant whose role is missing is failed in the status file, with the reason, and apply exits 1', async () => {
    const root = await tree((f) => {
      f['catalog/checkout/orders/access/finance.yaml'] = f['catalog/checkout/orders/access/finance.yaml'].replace('@acme/finance', '@acme/controlling');
    });
    const result = await meshgate(root, 'access', 'apply', '--output', 'status.json', ...DATE);
    const status = JSON.parse(await readFile(join(root, 'status.json'), 'utf8'));
    expect([result.code, status.targets[0].grants[0].status, status.targets[0].grants[0].reason]).toEqual([
      1,
      'failed',
      `the role ${prefix}mesh_controlling does not exist on warehouse: create it (CREATE ROLE "${prefix}mesh_controlling" NOLOGIN) or set createRoles: true on the target`,
    ]);
  });

  it('apply --events sends meshgate.access.provisioned to governance\'s webhook', async () => {
    const root = await tree((f) => {
      f['policies/governance.yaml'] += 'events:\n  targets:\n    - type: webhook\n      url: https://events.test/meshgate\n';
    });
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    const types: string[] = [];
    nock('https://events.test')
      .post('/meshgate', (body) => (types.push(`${body.type} ${body.data.grant}`), true))
      .times(2)
      .reply(204);
    await meshgate(root, 'access', 'apply', '--events', ...DATE);
    expect(types.sort()).toEqual(['meshgate.access.provisioned finance-reads-checkout-orders', 'meshgate.access.provisioned marketing-reads-checkout-orders']);
  });

  it('an invalid governance file stops plan and apply before anything is read or changed', async () => {
    const root = await tree((f) => {
      f['policies/governance.yaml'] = f['policies/governance.yaml'].replace('quorum: 1', 'quorum: one');
    });
    const result = await meshgate(root, 'access', 'apply', ...DATE);
    expect([result.code, result.stderr]).toEqual([1, 'meshgate access: policies/governance.yaml is not a valid Governance document, so no target can be trusted; run `meshgate validate` and fix it first.\n']);
  });

  it('a mesh without a provisioning target is a usage error that says what to add', async () => {
    const root = await tree((f) => {
      f['policies/governance.yaml'] = f['policies/governance.yaml'].slice(0, f['policies/governance.yaml'].indexOf('provisioning:'));
    });
    const result = await meshgate(root, 'access', 'plan');
    expect([result.code, result.stderr]).toEqual([2, 'meshgate access: policies/governance.yaml defines no provisioning.targets; add one (see the README, "Provisioning access")\n']);
  });
});
