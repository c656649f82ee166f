/**
 * The PostgreSQL side of `meshgate access`: read the privileges the target's managed roles hold on
 * its managed schemas (a fixed number of catalog queries, however many grants), and apply a plan in
 * one transaction that either makes the database equal to the grants or changes nothing.
 */
import pg from 'pg';
import { planAccess, type AccessPlan, type ActualState } from '../core/provision/plan.ts';
import type { DesiredState, Privilege, PrivilegeType } from '../core/provision/desired.ts';
import { connectionVariable, managedRolePattern, type Target } from '../core/provision/target.ts';

/** What the driver needs of a connection: `pg.Client` and `pg.PoolClient` both fit. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** Relations whose privileges Meshgate reconciles: tables, views, materialized views, partitioned and foreign tables. */
const RELKINDS = ['r', 'v', 'm', 'p', 'f'];

/**
 * The connection settings of a target: `MESHGATE_<NAME>_URL` when set, else the target's first
 * server with libpq's environment (PGUSER, PGPASSWORD, PGSSLMODE, …) for everything else. Never
 * from YAML: governance names where the data lives, the environment how to log in.
 */
export function connectionConfig(target: Target, env: Record<string, string | undefined>): pg.ClientConfig {
  const url = env[connectionVariable(target)];
  if (url) return { connectionString: url };
  const server = target.servers[0];
  return { host: server.host, port: server.port ?? 5432, database: server.database };
}

/**
 * The actual state, in six catalog queries: managed roles, schemas, relations with their columns,
 * and the schema, table and column ACLs of those roles (`aclexplode` over `pg_namespace.nspacl`,
 * `pg_class.relacl`, `pg_attribute.attacl`). `counter.queries` grows by six whatever the mesh's size.
 */
export async function readActual(db: Queryable, target: Target, schemas: string[], counter?: { queries: number }): Promise<ActualState> {
  const pattern = managedRolePattern(target);
  const q = async <R extends pg.QueryResultRow>(text: string, values: unknown[]) => {
    if (counter) counter.queries++;
    return (await db.query<R>(text, values)).rows;
  };
  // The provisioning login is never managed, even if its name fits the pattern.
  const roles = await q<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname ~ $1 AND rolname <> current_user ORDER BY rolname', [pattern]);
  const namespaces = await q<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname = ANY($1::text[]) ORDER BY nspname', [schemas]);
  const columns = await q<{ nspname: string; relname: string; attname: string | null }>(
    `SELECT n.nspname, c.relname, a.attname
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = ANY($1::text[]) AND c.relkind = ANY($2::"char"[])
      ORDER BY n.nspname, c.relname, a.attnum`,
    [schemas, RELKINDS],
  );
  const schemaAcl = await q<{ rolname: string; nspname: string; privilege_type: PrivilegeType }>(
    `SELECT r.rolname, n.nspname, x.privilege_type
       FROM pg_namespace n, aclexplode(n.nspacl) x
       JOIN pg_roles r ON r.oid = x.grantee
      WHERE n.nspname = ANY($1::text[]) AND r.rolname ~ $2 AND r.rolname <> current_user`,
    [schemas, pattern],
  );
  const tableAcl = await q<{ rolname: string; nspname: string; relname: string; privilege_type: PrivilegeType }>(
    `SELECT r.rolname, n.nspname, c.relname, x.privilege_type
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) x
       JOIN pg_roles r ON r.oid = x.grantee
      WHERE n.nspname = ANY($1::text[]) AND c.relkind = ANY($3::"char"[]) AND r.rolname ~ $2 AND r.rolname <> current_user`,
    [schemas, pattern, RELKINDS],
  );
  const columnAcl = await q<{ rolname: string; nspname: string; relname: string; attname: string; privilege_type: PrivilegeType }>(
    `SELECT r.rolname, n.nspname, c.relname, a.attname, x.privilege_type
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(a.attacl) x
       JOIN pg_roles r ON r.oid = x.grantee
      WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped
        AND n.nspname = ANY($1::text[]) AND c.relkind = ANY($3::"char"[]) AND r.rolname ~ $2 AND r.rolname <> current_user`,
    [schemas, pattern, RELKINDS],
  );
  const relations = new Map<string, { schema: string; table: string; columns: string[] }>();
  for (const row of columns) {
    const key = `${row.nspname}\u0000${row.relname}`;
    if (!relations.has(key)) relations.set(key, { schema: row.nspname, table: row.relname, columns: [] });
    if (row.attname !== null) relations.get(key)!.columns.push(row.attname);
  }
  const privileges: Privilege[] = [
    ...schemaAcl.map((r) => ({ role: r.rolname, schema: r.nspname, privilege: r.privilege_type })),
    ...tableAcl.map((r) => ({ role: r.rolname, schema: r.nspname, table: r.relname, privilege: r.privilege_type })),
    ...columnAcl.map((r) => ({ role: r.rolname, schema: r.nspname, table: r.relname, column: r.attname, privilege: r.privilege_type })),
  ];
  return { roles: roles.map((r) => r.rolname), schemas: namespaces.map((r) => r.nspname), relations: [...relations.values()], privileges };
}

/** Reads the actual state and plans against it; changes nothing. */
export async function planOnDatabase(db: Queryable, desired: DesiredState, counter?: { queries: number }): Promise<AccessPlan> {
  return planAccess(desired, await readActual(db, desired.target, desired.schemas, counter));
}

export class ApplyError extends Error {
  constructor(
    message: string,
    readonly plan: AccessPlan | undefined,
    /** The statement that failed, if one did. */
    readonly statement?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApplyError';
  }
}

export interface ApplyResult {
  plan: AccessPlan;
  /** Statements run (GRANT, REVOKE, CREATE ROLE); 0 when nothing had to change. */
  executed: number;
  catalogQueries: number;
}

/**
 * Runs `plan` (by default: the plan against the database as it is once the lock is held) in one
 * transaction, then reads the catalog again and checks that nothing is left to
 * do; anything left (a privilege granted by someone the login cannot act for, so the REVOKE did
 * nothing) rolls the whole transaction back. Throws ApplyError with the reason; the database is
 * then as it was.
 */
export async function applyPlan(db: Queryable, desired: DesiredState, given?: AccessPlan): Promise<ApplyResult> {
  const counter = { queries: 0 };
  let plan = given;
  await db.query('BEGIN');
  try {
    // Two applies never interleave, whatever runs them.
    await db.query("SELECT pg_advisory_xact_lock(hashtext('meshgate.access'))");
    plan ??= await planOnDatabase(db, desired, counter);
    let executed = 0;
    for (const statement of plan.statements) {
      try {
        await db.query(statement.sql);
      } catch (error) {
        throw new ApplyError(`${statement.sql} failed: ${(error as Error).message}`, plan, statement.sql, { cause: error });
      }
      executed++;
    }
    if (executed === 0) {
      await db.query('COMMIT');
      return { plan, executed, catalogQueries: counter.queries };
    }
    const left = await planOnDatabase(db, desired, counter);
    if (left.statements.length > 0) {
      throw new ApplyError(
        `after the plan, the database still differs: ${left.statements.map((s) => s.sql).join('; ')}. The provisioning login can revoke only what it, or a role it is a member of, granted; see the README's "Provisioning access" section.`,
        plan,
      );
    }
    await db.query('COMMIT');
    return { plan, executed, catalogQueries: counter.queries };
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    if (error instanceof ApplyError) throw error;
    throw new ApplyError((error as Error).message, plan, undefined, { cause: error });
  }
}

/** Plan and apply against the database as it is now, inside one transaction. */
export function apply(db: Queryable, desired: DesiredState): Promise<ApplyResult> {
  return applyPlan(db, desired);
}
