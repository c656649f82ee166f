import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import pg from 'pg';
import { loadMesh } from '../../bot/core/load/mesh.ts';
import { fromRecord } from '../../bot/core/load/mesh.ts';
import { desiredState, type DesiredState } from '../../bot/core/provision/desired.ts';
import { governanceOf, targetsOf } from '../../bot/core/provision/target.ts';
import { apply, applyPlan, ApplyError, planOnDatabase } from '../../bot/platform/postgres-access.ts';
import { PROVISIONING_TABLES_SQL, provisioningMesh } from '../fixtures/meshes/provisioning.ts';
import { describeWithPostgres, scratchDatabase } from '../support/postgres.ts';

const TODAY = '2026-12-05';

describeWithPostgres('access provisioning on PostgreSQL', (url) => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let db: pg.Client;
  const roles: string[] = [];
  let run = 0;
  let prefix = '';

  beforeAll(async () => {
    scratch = await scratchDatabase(url, 'access');
    db = new pg.Client({ connectionString: scratch.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await scratch?.drop();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    for (const role of roles) await admin.query(`DROP ROLE IF EXISTS "${role}"`);
    await admin.end();
  });

  /** Fresh tables and fresh consumer roles for each test (roles are cluster-wide: a new prefix each time). */
  beforeEach(async () => {
    prefix = `${scratch.prefix}${run++}_`;
    await db.query(`RESET ROLE; DROP SCHEMA IF EXISTS sales CASCADE; DROP SCHEMA IF EXISTS scratchpad CASCADE; ${PROVISIONING_TABLES_SQL}`);
    for (const team of ['marketing', 'finance']) await createRole(role(team));
  });

  const role = (team: string) => `${prefix}mesh_${team}`;
  async function createRole(name: string): Promise<void> {
    await db.query(`CREATE ROLE "${name}" NOLOGIN`);
    roles.push(name);
  }

  function desired(edit: (files: Record<string, string>) => void = () => {}): DesiredState {
    const files = provisioningMesh(prefix);
    edit(files);
    const snapshot = loadMesh(fromRecord(files));
    const governance = governanceOf(snapshot);
    return desiredState(snapshot, targetsOf(governance)[0], governance?.classification, TODAY);
  }

  /** Runs `sql` as `roleName`; resolves to the rows or rejects with the server's error. */
  async function as(roleName: string, sql: string): Promise<unknown[]> {
    await db.query(`SET ROLE "${roleName}"`);
    try {
      return (await db.query(sql)).rows;
    } finally {
      await db.query('RESET ROLE');
    }
  }

  it('a pseudonymous role reads the columns at or below its maxClassification', async () => {
    await apply(db, desired());
    expect(await as(role('marketing'), 'SELECT order_id, placed_at FROM sales.orders')).toHaveLength(1);
  });

  it('a pseudonymous role is denied a column above its maxClassification', async () => {
    await apply(db, desired());
    await expect(as(role('marketing'), 'SELECT customer_email FROM sales.orders')).rejects.toThrow(/permission denied/);
  });

  it('a role without maxClassification reads every column', async () => {
    await apply(db, desired());
    expect(await as(role('finance'), 'SELECT * FROM sales.orders JOIN sales.refunds USING (order_id)')).toHaveLength(1);
  });

  it('a read role cannot write', async () => {
    await apply(db, desired());
    await expect(as(role('finance'), "INSERT INTO sales.refunds VALUES ('R-2', 'O-1', 1)")).rejects.toThrow(/permission denied/);
  });

  it('a write role inserts, updates and deletes', async () => {
    await apply(db, desired((f) => {
      f['catalog/checkout/orders/access/finance.yaml'] = f['catalog/checkout/orders/access/finance.yaml'].replace('role: orders_reader', 'role: orders_writer');
    }));
    await as(role('finance'), "INSERT INTO sales.refunds VALUES ('R-2', 'O-1', 1); UPDATE sales.refunds SET amount_cents = 2 WHERE refund_id = 'R-2'; DELETE FROM sales.refunds WHERE refund_id = 'R-2'");
    expect(await as(role('finance'), "SELECT * FROM sales.refunds WHERE refund_id = 'R-2'")).toEqual([]);
  });

  it('the second apply runs no statement', async () => {
    await apply(db, desired());
    const second = await apply(db, desired());
    expect({ executed: second.executed, statements: second.plan.statements }).toEqual({ executed: 0, statements: [] });
  });

  it('deleting the grant file revokes its access', async () => {
    await apply(db, desired());
    await apply(db, desired((f) => delete f['catalog/checkout/orders/access/marketing.yaml']));
    await expect(as(role('marketing'), 'SELECT order_id FROM sales.orders')).rejects.toThrow(/permission denied/);
  });

  it('an expired grant is revoked, and the plan says which grant expired', async () => {
    await apply(db, desired());
    const expired = desired((f) => {
      f['catalog/checkout/orders/access/finance.yaml'] = f['catalog/checkout/orders/access/finance.yaml'].replace('2099-12-31', '2026-12-04');
    });
    const plan = await planOnDatabase(db, expired);
    expect(plan.statements.map((s) => `${s.sql} -- ${s.reason}`)).toContain(
      `REVOKE SELECT ON TABLE "sales"."orders" FROM "${role('finance')}" -- no grant explains this (catalog/checkout/orders/access/finance.yaml: expired on 2026-12-04)`,
    );
    await apply(db, expired);
    await expect(as(role('finance'), 'SELECT order_id FROM sales.orders')).rejects.toThrow(/permission denied/);
  });

  it('a grant is in force through its validUntil day', async () => {
    await apply(db, desired((f) => {
      f['catalog/checkout/orders/access/finance.yaml'] = f['catalog/checkout/orders/access/finance.yaml'].replace('2099-12-31', TODAY);
    }));
    expect(await as(role('finance'), 'SELECT order_id FROM sales.orders')).toHaveLength(1);
  });

  it('a privilege granted by hand to a managed role on a managed table is revoked', async () => {
    await apply(db, desired());
    await db.query(`GRANT SELECT, TRUNCATE ON sales.refunds TO "${role('marketing')}"`);
    const plan = await planOnDatabase(db, desired());
    expect(plan.statements.map((s) => `${s.sql} -- ${s.reason}`)).toEqual([
      `REVOKE SELECT, TRUNCATE ON TABLE "sales"."refunds" FROM "${role('marketing')}" -- no grant explains this`,
      `GRANT SELECT ("order_id", "refund_id") ON TABLE "sales"."refunds" TO "${role('marketing')}" -- catalog/checkout/orders/access/marketing.yaml`,
    ]);
    await apply(db, desired());
    await expect(as(role('marketing'), 'SELECT amount_cents FROM sales.refunds')).rejects.toThrow(/permission denied/);
  });

  it('a grant whose contract renamed its role is revoked', async () => {
    await apply(db, desired());
    const renamed = desired((f) => {
      const path = 'catalog/checkout/orders/orders-v1.contract.yaml';
      f[path] = f[path].replace('role: orders_pseudonymous', 'role: orders_pseudonymised');
    });
    expect(renamed.grants.find((g) => g.id === 'marketing-reads-checkout-orders')?.reason).toBe('checkout-orders-v1 no longer offers the role orders_pseudonymous');
    await apply(db, renamed);
    await expect(as(role('marketing'), 'SELECT order_id FROM sales.orders')).rejects.toThrow(/permission denied/);
  });

  it('a role outside the roleName pattern keeps its rights', async () => {
    const reporting = `${prefix}reporting`;
    await createRole(reporting);
    await db.query(`GRANT USAGE ON SCHEMA sales TO "${reporting}"; GRANT SELECT ON sales.orders TO "${reporting}"`);
    await apply(db, desired());
    expect(await as(reporting, 'SELECT customer_email FROM sales.orders')).toHaveLength(1);
  });

  it('a managed role keeps its rights in a schema no contract of the target names', async () => {
    await db.query(`CREATE SCHEMA scratchpad; CREATE TABLE scratchpad.notes (note text); GRANT USAGE ON SCHEMA scratchpad TO "${role('marketing')}"; GRANT SELECT ON scratchpad.notes TO "${role('marketing')}"`);
    await apply(db, desired());
    expect(await as(role('marketing'), 'SELECT * FROM scratchpad.notes')).toEqual([]);
  });

  it('a missing role is a problem of its grant, and the other grants are still provisioned', async () => {
    const plan = await planOnDatabase(db, desired((f) => {
      const path = 'catalog/checkout/orders/access/finance.yaml';
      f[path] = f[path].replace('@acme/finance', '@acme/controlling');
    }));
    expect(plan.problems.map((p) => p.message)).toEqual([
      `the role ${prefix}mesh_controlling does not exist on warehouse: create it (CREATE ROLE "${prefix}mesh_controlling" NOLOGIN) or set createRoles: true on the target`,
    ]);
    expect(plan.statements.every((s) => s.role === role('marketing'))).toBe(true);
  });

  it('createRoles creates a missing consumer role NOLOGIN', async () => {
    roles.push(`${prefix}mesh_controlling`);
    await apply(db, desired((f) => {
      f['policies/governance.yaml'] = f['policies/governance.yaml'].replace('roleName:', 'createRoles: true\n      roleName:');
      const path = 'catalog/checkout/orders/access/finance.yaml';
      f[path] = f[path].replace('@acme/finance', '@acme/controlling');
    }));
    expect(await as(`${prefix}mesh_controlling`, 'SELECT order_id FROM sales.orders')).toHaveLength(1);
  });

  it('a failure halfway rolls back every statement before it', async () => {
    const plan = await planOnDatabase(db, desired());
    // The plan grants on sales.orders before sales.refunds; the table vanishes before its GRANT runs.
    await db.query('DROP TABLE sales.refunds');
    await expect(applyPlan(db, desired(), plan)).rejects.toThrow(ApplyError);
    await expect(as(role('marketing'), 'SELECT order_id FROM sales.orders')).rejects.toThrow(/permission denied/);
  });

  it('reading the privileges costs the same six catalog queries for one grant or many', async () => {
    const one = { queries: 0 };
    await planOnDatabase(db, desired((f) => delete f['catalog/checkout/orders/access/finance.yaml']), one);
    const many = { queries: 0 };
    await planOnDatabase(db, desired((f) => {
      for (let i = 0; i < 50; i++) {
        f[`catalog/checkout/orders/access/team-${i}.yaml`] = f['catalog/checkout/orders/access/finance.yaml'].replace('@acme/finance', `@acme/team-${i}`).replace('finance-reads', `team-${i}-reads`);
      }
    }), many);
    expect([one.queries, many.queries]).toEqual([6, 6]);
  });
});
