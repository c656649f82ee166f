/**
 * Provisioning targets as governance declares them, with their defaults applied: which contract
 * servers a target serves, what a consumer team's role is called there, and which roles are the
 * target's to manage.
 */
import type { Governance, ProvisioningTarget } from '../kinds/governance.ts';
import type { Server } from '../kinds/data-contract.ts';
import type { MeshSnapshot } from '../model.ts';

export const DEFAULT_ROLE_NAME = 'mesh_{team}';
export const DEFAULT_PORT = 5432;
/** PostgreSQL truncates longer identifiers, which would make two teams share a role. */
export const MAX_IDENTIFIER_LENGTH = 63;

/** A target with its defaults filled in. */
export interface Target extends ProvisioningTarget {
  roleName: string;
  createRoles: boolean;
}

/** The governance in force: the snapshot's one valid Governance entity (read it from the merged branch). */
export function governanceOf(snapshot: MeshSnapshot): Governance | undefined {
  for (const entity of snapshot.byKind.Governance.values()) if (entity.valid) return entity.doc;
  return undefined;
}

export function targetsOf(governance: Governance | undefined): Target[] {
  return (governance?.provisioning?.targets ?? []).map((t) => ({ ...t, roleName: t.roleName ?? DEFAULT_ROLE_NAME, createRoles: t.createRoles ?? false }));
}

/** `@acme/Marketing-Analytics` → `marketing_analytics`; a user `@alice` → `alice`. */
export function teamSlug(principal: string): string {
  const name = principal.replace(/^@/, '');
  const slash = name.indexOf('/');
  return (slash >= 0 ? name.slice(slash + 1) : name).toLowerCase().replace(/[^a-z0-9]/g, '_');
}

/** The database role of a consumer team on this target. */
export function roleNameFor(target: Target, team: string): string {
  return target.roleName.replace('{team}', teamSlug(team));
}

/**
 * The roles the target manages: every role whose name fits `roleName` with any slug in place of
 * `{team}`. The schema insists on a fixed prefix or suffix, so `app_user` or `reporting` never fit
 * `mesh_{team}`. Returned as a POSIX-compatible source so the database can filter with it too.
 */
export function managedRolePattern(target: Target): string {
  const [prefix, suffix] = target.roleName.split('{team}');
  const escape = (s: string) => s.replace(/[^a-z0-9_]/g, (c) => `\\${c}`);
  return `^${escape(prefix)}[a-z0-9_]+${escape(suffix ?? '')}$`;
}

/** A contract server of type postgres/postgresql with the target's host, port and database. */
export function servesServer(target: Target, server: Server): boolean {
  if (server.type !== 'postgres' && server.type !== 'postgresql') return false;
  const port = typeof server.port === 'number' ? server.port : DEFAULT_PORT;
  return target.servers.some((s) => s.host.toLowerCase() === String(server.host ?? '').toLowerCase() && (s.port ?? DEFAULT_PORT) === port && s.database === server.database);
}

/**
 * The environment variable that overrides a target's connection: `warehouse` →
 * `MESHGATE_WAREHOUSE_URL`, `eu-dwh` → `MESHGATE_EU_DWH_URL`.
 */
export function connectionVariable(target: { name: string }): string {
  return `MESHGATE_${target.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;
}
