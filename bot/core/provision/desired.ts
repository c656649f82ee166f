/**
 * The desired state of one target: what the merged, unexpired grants entitle each consumer role to.
 * A grant that entitles nothing (expired, its role gone from the contract, an invalid file) is kept
 * with the reason, so a revocation can say which grant used to explain it.
 */
import type { Classification } from '../kinds/governance.ts';
import type { SchemaObject } from '../kinds/data-contract.ts';
import { roleExposure } from '../classification.ts';
import type { Entity, MeshSnapshot, ValidEntity } from '../model.ts';
import { asArray, isRecord } from '../shapes.ts';
import { MAX_IDENTIFIER_LENGTH, roleNameFor, servesServer, type Target } from './target.ts';

export type PrivilegeType = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE' | 'REFERENCES' | 'TRIGGER' | 'MAINTAIN' | 'USAGE' | 'CREATE';

/** One privilege of one role on one object: desired and actual state are sets of these. */
export interface Privilege {
  role: string;
  schema: string;
  /** Absent for a privilege on the schema itself. */
  table?: string;
  /** Present for a column privilege. */
  column?: string;
  privilege: PrivilegeType;
}

export const privilegeKey = (p: Privilege): string => [p.role, p.schema, p.table ?? '', p.column ?? '', p.privilege].join('\u0000');

/** What one grant gives on one table of its contract. */
export interface TableAccess {
  schema: string;
  table: string;
  /** SELECT on the whole table, or only on these columns (a role with maxClassification). */
  columns?: string[];
  /** Columns held back because they are classified above the role's maxClassification. */
  withheld: string[];
  write: boolean;
}

export interface GrantAccess {
  id: string;
  file: string;
  /** The consumer team's database role. */
  role: string;
  contractId?: string;
  /** The ODCS role the grant asks for. */
  contractRole: string;
  /** False when the grant entitles nothing today; `reason` says why. */
  active: boolean;
  reason?: string;
  tables: TableAccess[];
  /** The tables of its contract on the target, whether or not the grant is in force. */
  objects: { schema: string; table: string }[];
}

export interface DesiredState {
  target: Target;
  /** Schemas the target's contracts name: Meshgate manages every table in them, and nothing outside. */
  schemas: string[];
  /** Grants whose contract lives on the target, active or not, in path order. */
  grants: GrantAccess[];
}

const READ: PrivilegeType[] = ['SELECT'];
const WRITE: PrivilegeType[] = ['INSERT', 'UPDATE', 'DELETE'];

/** The grants of `snapshot` on `target` as of `today` (YYYY-MM-DD): a grant is in force through its validUntil day. */
export function desiredState(snapshot: MeshSnapshot, target: Target, classification: Classification | undefined, today: string): DesiredState {
  const schemas = new Set<string>();
  const locations = new Map<string, string[]>();
  // Only valid contracts have locations, so only they (and their grants) are provisioned.
  for (const contract of snapshot.byKind.DataContract.values()) {
    if (!contract.valid) continue;
    const own = (contract.doc.servers ?? []).filter((s) => servesServer(target, s)).map((s) => (typeof s.schema === 'string' && s.schema ? s.schema : 'public'));
    if (own.length === 0) continue;
    for (const schema of own) schemas.add(schema);
    for (const object of contract.doc.schema ?? []) {
      const named = physicalTable(object).schema;
      if (named) schemas.add(named);
    }
    locations.set(contract.id, [...new Set(own)]);
  }
  const grants: GrantAccess[] = [];
  for (const grant of snapshot.byKind.AccessGrant.values()) {
    const contract = contractOf(snapshot, grant);
    if (!contract?.valid || !locations.has(contract.id)) continue;
    grants.push(grantAccess(grant, contract, locations.get(contract.id)!, target, classification, today));
  }
  return { target, schemas: [...schemas].sort(), grants };
}

/**
 * Grant → product → output port → contract, in the same snapshot. Either document may be invalid:
 * the first port (of any shape) whose name is the grant's outputPort decides.
 */
function contractOf(snapshot: MeshSnapshot, grant: Entity<'AccessGrant'>): Entity<'DataContract'> | undefined {
  const { dataProduct, outputPort } = grant.doc;
  const product = typeof dataProduct === 'string' ? snapshot.byKind.DataProduct.get(dataProduct) : undefined;
  const port = asArray<unknown>(product?.doc.outputPorts).find((p) => (isRecord(p) ? p.name : undefined) === outputPort);
  const contractId = isRecord(port) ? port.contractId : undefined;
  return typeof contractId === 'string' ? snapshot.byKind.DataContract.get(contractId) : undefined;
}

function grantAccess(grant: Entity<'AccessGrant'>, contract: ValidEntity<'DataContract'>, schemas: string[], target: Target, classification: Classification | undefined, today: string): GrantAccess {
  const consumer: unknown = grant.doc.consumer;
  const role = isRecord(consumer) && typeof consumer.team === 'string' ? roleNameFor(target, consumer.team) : '';
  const objects = (contract.doc.schema ?? []).flatMap((object) => {
    const { schema, table } = physicalTable(object);
    return (schema ? [schema] : schemas).map((s) => ({ schema: s, table }));
  });
  const base = { id: grant.id, file: grant.file, role, contractId: contract.id, contractRole: String(grant.doc.role), tables: [], objects };
  const inactive = (reason: string): GrantAccess => ({ ...base, active: false, reason });
  if (!grant.valid) return inactive('the grant file is not a valid AccessGrant');
  const doc = grant.doc;
  if (role.length > MAX_IDENTIFIER_LENGTH) return inactive(`the role name ${role} is longer than PostgreSQL's ${MAX_IDENTIFIER_LENGTH} characters`);
  if (doc.validUntil < today) return inactive(`expired on ${doc.validUntil}`);
  const contractRole = (contract.doc.roles ?? []).find((r) => r.role === doc.role);
  if (!contractRole) return inactive(`${contract.id} no longer offers the role ${doc.role}`);
  const access = contractRole.access ?? 'read';
  if (access !== 'read' && access !== 'write') return inactive(`the role ${doc.role} has access "${access}"; provisioning knows read and write`);
  const exposure = roleExposure(contract.doc, contractRole, classification);
  if (!exposure.ok) return inactive(exposure.reason);
  const tables: TableAccess[] = [];
  for (const { object, columns, withheld } of exposure.objects) {
    const { schema: own, table } = physicalTable(object);
    for (const schema of own ? [own] : schemas) {
      tables.push({ schema, table, ...(exposure.ceiling !== undefined ? { columns } : {}), withheld, write: access === 'write' });
    }
  }
  return { ...base, active: true, tables };
}

/** The table a schema object names: `physicalName` (which may carry a schema, `sales.orders`), else `name`. */
export function physicalTable(object: SchemaObject): { schema?: string; table: string } {
  const name = object.physicalName || object.name;
  const dot = name.indexOf('.');
  return dot > 0 ? { schema: name.slice(0, dot), table: name.slice(dot + 1) } : { table: name };
}

/** Every privilege the active grants imply, with the grant files that explain each. */
export function desiredPrivileges(desired: DesiredState): Map<string, { privilege: Privilege; grants: string[] }> {
  const out = new Map<string, { privilege: Privilege; grants: string[] }>();
  const add = (privilege: Privilege, file: string) => {
    const key = privilegeKey(privilege);
    const entry = out.get(key);
    if (!entry) out.set(key, { privilege, grants: [file] });
    else if (!entry.grants.includes(file)) entry.grants.push(file);
  };
  for (const grant of desired.grants) {
    if (!grant.active) continue;
    for (const t of grant.tables) {
      add({ role: grant.role, schema: t.schema, privilege: 'USAGE' }, grant.file);
      if (t.columns) for (const column of t.columns) add({ role: grant.role, schema: t.schema, table: t.table, column, privilege: 'SELECT' }, grant.file);
      else for (const p of READ) add({ role: grant.role, schema: t.schema, table: t.table, privilege: p }, grant.file);
      if (t.write) for (const p of WRITE) add({ role: grant.role, schema: t.schema, table: t.table, privilege: p }, grant.file);
    }
  }
  return out;
}
