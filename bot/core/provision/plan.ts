/**
 * Desired versus actual privileges → the statements that make the database equal to the merged
 * grants, each with the grant files that explain it. Like a Kubernetes controller, it only looks at
 * what it owns: the target's managed roles on the tables of the managed schemas.
 */
import { desiredPrivileges, privilegeKey, type DesiredState, type Privilege, type PrivilegeType } from './desired.ts';
import { quoteIdent } from '../datatest/sql.ts';

/** What the database holds, read from its catalog (see bot/platform/postgres-access.ts). */
export interface ActualState {
  /** Existing roles whose names fit the target's roleName pattern (the provisioning login excluded). */
  roles: string[];
  /** Managed schemas that exist. */
  schemas: string[];
  /** Tables and views of the managed schemas with their columns. */
  relations: { schema: string; table: string; columns: string[] }[];
  /** Every privilege a managed role holds on a managed schema, table or column. */
  privileges: Privilege[];
}

export interface Statement {
  action: 'create-role' | 'grant' | 'revoke';
  sql: string;
  role: string;
  /** `schema "s"`, `table "s"."t"`, or `role "r"`. */
  object: string;
  /** Grant files that explain a create or grant; for a revoke, the inactive grants that used to. */
  grants: string[];
  /** Why: the files, or "no grant explains this" (with what the inactive grants say). */
  reason: string;
}

/** A grant that cannot be provisioned as it stands (its role or a table is missing). */
export interface Problem {
  grant: string;
  file: string;
  message: string;
}

export interface AccessPlan {
  target: string;
  statements: Statement[];
  problems: Problem[];
  /** Per grant of the target: whether it is in force and, if not, why. */
  grants: { id: string; file: string; role: string; active: boolean; reason?: string }[];
  summary: { grants: number; activeGrants: number; create: number; grant: number; revoke: number };
}

export const NO_GRANT = 'no grant explains this';

export { quoteIdent };
const tableRef = (schema: string, table: string) => `${quoteIdent(schema)}.${quoteIdent(table)}`;

/** Order of the privileges inside one statement, and of the statements on one object. */
const PRIVILEGE_ORDER: PrivilegeType[] = ['USAGE', 'CREATE', 'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER', 'MAINTAIN'];

export function planAccess(desired: DesiredState, actual: ActualState): AccessPlan {
  const roles = new Set(actual.roles);
  const schemas = new Set(actual.schemas);
  const columns = new Map(actual.relations.map((r) => [`${r.schema}.${r.table}`, new Set(r.columns)]));
  const problems: Problem[] = [];
  const problem = (grant: { id: string; file: string }, message: string) => {
    if (!problems.some((p) => p.file === grant.file && p.message === message)) problems.push({ grant: grant.id, file: grant.file, message });
  };

  // What the database can hold: a privilege on a missing role, schema, table or column is a problem of its grants, not a statement.
  const creatable = new Set<string>();
  for (const grant of desired.grants) {
    if (!grant.active) continue;
    if (!roles.has(grant.role)) {
      if (desired.target.createRoles) creatable.add(grant.role);
      else problem(grant, `the role ${grant.role} does not exist on ${desired.target.name}: create it (CREATE ROLE ${quoteIdent(grant.role)} NOLOGIN) or set createRoles: true on the target`);
    }
    for (const t of grant.tables) {
      if (!schemas.has(t.schema)) problem(grant, `the schema ${t.schema} does not exist on ${desired.target.name}`);
      else if (!columns.has(`${t.schema}.${t.table}`)) problem(grant, `the table ${t.schema}.${t.table} does not exist on ${desired.target.name}`);
      else for (const c of t.columns ?? []) if (!columns.get(`${t.schema}.${t.table}`)!.has(c)) problem(grant, `the column ${c} of ${t.schema}.${t.table} does not exist on ${desired.target.name}`);
    }
  }
  const possible = (p: Privilege): boolean => {
    if ((!roles.has(p.role) && !creatable.has(p.role)) || !schemas.has(p.schema)) return false;
    if (p.table === undefined) return true;
    const cols = columns.get(`${p.schema}.${p.table}`);
    return cols !== undefined && (p.column === undefined || cols.has(p.column));
  };

  const wanted = new Map([...desiredPrivileges(desired)].filter(([, v]) => possible(v.privilege)));
  const held = new Map(actual.privileges.map((p) => [privilegeKey(p), p]));
  const toGrant = [...wanted].filter(([key]) => !held.has(key)).map(([, v]) => v);
  const toRevoke = [...held].filter(([key]) => !wanted.has(key)).map(([, p]) => ({ privilege: p, grants: [] as string[] }));
  // PostgreSQL's REVOKE of a table privilege drops the same privilege on every column too: grant back the wanted ones.
  const revokedOnTables = new Set(toRevoke.filter((r) => r.privilege.table !== undefined && r.privilege.column === undefined).map((r) => privilegeKey(r.privilege)));
  for (const [key, entry] of wanted) {
    const p = entry.privilege;
    if (p.column !== undefined && held.has(key) && revokedOnTables.has(privilegeKey({ ...p, column: undefined }))) toGrant.push(entry);
  }

  const statements: Statement[] = [];
  for (const role of [...creatable].sort()) {
    const files = desired.grants.filter((g) => g.active && g.role === role).map((g) => g.file);
    statements.push({ action: 'create-role', sql: `CREATE ROLE ${quoteIdent(role)} NOLOGIN`, role, object: `role ${quoteIdent(role)}`, grants: files, reason: files.join(', ') });
  }
  // Revocations first, table before column: revoking a table's SELECT also drops its column SELECTs.
  statements.push(...group(toRevoke, 'revoke', desired));
  statements.push(...group(toGrant, 'grant', desired));

  const active = desired.grants.filter((g) => g.active).length;
  return {
    target: desired.target.name,
    statements,
    problems,
    grants: desired.grants.map((g) => ({ id: g.id, file: g.file, role: g.role, active: g.active, ...(g.reason ? { reason: g.reason } : {}) })),
    summary: {
      grants: desired.grants.length,
      activeGrants: active,
      create: statements.filter((s) => s.action === 'create-role').length,
      grant: statements.filter((s) => s.action === 'grant').length,
      revoke: statements.filter((s) => s.action === 'revoke').length,
    },
  };
}

type Level = 'schema' | 'table' | 'column';
const levelOf = (p: Privilege): Level => (p.table === undefined ? 'schema' : p.column === undefined ? 'table' : 'column');
const LEVEL_ORDER: Record<'grant' | 'revoke', Level[]> = { revoke: ['table', 'column', 'schema'], grant: ['schema', 'table', 'column'] };

/**
 * One statement per role, object and level: `GRANT SELECT, INSERT ON TABLE …`, or for columns
 * `GRANT SELECT (a, b) ON TABLE …`. Deterministic order: level, schema, table, role.
 */
function group(items: { privilege: Privilege; grants: string[] }[], action: 'grant' | 'revoke', desired: DesiredState): Statement[] {
  const groups = new Map<string, { level: Level; role: string; schema: string; table?: string; privileges: Set<PrivilegeType>; columns: Map<PrivilegeType, Set<string>>; grants: Set<string> }>();
  for (const { privilege: p, grants } of items) {
    const level = levelOf(p);
    const key = [level, p.schema, p.table ?? '', p.role, level === 'column' ? p.privilege : ''].join('\u0000');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { level, role: p.role, schema: p.schema, table: p.table, privileges: new Set(), columns: new Map(), grants: new Set() }));
    g.privileges.add(p.privilege);
    if (p.column !== undefined) {
      if (!g.columns.has(p.privilege)) g.columns.set(p.privilege, new Set());
      g.columns.get(p.privilege)!.add(p.column);
    }
    for (const file of grants) g.grants.add(file);
  }
  const ordered = [...groups.values()].sort(
    (a, b) =>
      LEVEL_ORDER[action].indexOf(a.level) - LEVEL_ORDER[action].indexOf(b.level) ||
      a.schema.localeCompare(b.schema) ||
      (a.table ?? '').localeCompare(b.table ?? '') ||
      a.role.localeCompare(b.role),
  );
  return ordered.map((g) => {
    const privileges = [...g.privileges].sort((x, y) => PRIVILEGE_ORDER.indexOf(x) - PRIVILEGE_ORDER.indexOf(y));
    const object = g.table === undefined ? `schema ${quoteIdent(g.schema)}` : `table ${tableRef(g.schema, g.table)}`;
    const on = g.table === undefined ? `SCHEMA ${quoteIdent(g.schema)}` : `TABLE ${tableRef(g.schema, g.table)}`;
    const what =
      g.level === 'column'
        ? privileges.map((p) => `${p} (${[...g.columns.get(p)!].sort().map(quoteIdent).join(', ')})`).join(', ')
        : privileges.join(', ');
    const sql = action === 'grant' ? `GRANT ${what} ON ${on} TO ${quoteIdent(g.role)}` : `REVOKE ${what} ON ${on} FROM ${quoteIdent(g.role)}`;
    let grants = [...g.grants].sort();
    let reason = grants.join(', ');
    if (action === 'revoke') {
      // Name the grants that used to explain it: the same role on the same table (or schema), now out of force.
      const former = desired.grants.filter(
        (x) => !x.active && x.role === g.role && x.objects.some((o) => o.schema === g.schema && (g.table === undefined || o.table === g.table)),
      );
      grants = former.map((x) => x.file).sort();
      reason = former.length > 0 ? `${NO_GRANT} (${former.map((x) => `${x.file}: ${x.reason}`).join('; ')})` : NO_GRANT;
    }
    return { action, sql, role: g.role, object, grants, reason };
  });
}
