/**
 * The latest end date a new grant may ask for: within governance's `grantMaxDays` and accepted by
 * every policy of the mesh that bounds `validUntil` (an annual recertification date, a shorter
 * limit for restricted data…). The policies are run, not read: whatever a policy says about the
 * date, the answer is a date it accepts.
 */
import type { AccessGrant } from '../kinds/access-grant.ts';
import type { MeshSnapshot, ValidEntity } from '../model.ts';
import { isRecord } from '../shapes.ts';
import { compilePolicy, evaluateEntity, type CompiledPolicy } from '../policies/engine.ts';
import { buildView } from '../policies/view.ts';

/** Used when governance sets no grantMaxDays: a year, as the demo's governance does. */
export const DEFAULT_GRANT_DAYS = 365;

const compiled = new WeakMap<MeshSnapshot, CompiledPolicy[]>();

/** The mesh's policies that apply to access grants, compiled once per snapshot. */
function grantPolicies(mesh: MeshSnapshot): CompiledPolicy[] {
  let policies = compiled.get(mesh);
  if (!policies) {
    policies = [...mesh.byKind.Policy.values()]
      .map((policy) => compilePolicy(mesh, policy).compiled)
      .filter((c): c is CompiledPolicy => c !== undefined && c.appliesTo === 'AccessGrant');
    compiled.set(mesh, policies);
  }
  return policies;
}

/** YYYY-MM-DD of `date` plus `days`, in UTC. */
export function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

export function grantMaxDays(mesh: MeshSnapshot): number {
  // The first Governance file, valid or not; an invalid one's value is taken unchecked, as it always was.
  const defaults: unknown = mesh.byKind.Governance.values().next().value?.doc.defaults;
  return (isRecord(defaults) ? (defaults.grantMaxDays as number | undefined) : undefined) ?? DEFAULT_GRANT_DAYS;
}

/** The ids of the mesh's error-severity grant policies that the grant fails. */
export function failingGrantPolicies(mesh: MeshSnapshot, grant: AccessGrant, file: string, today: string): Set<string> {
  const entity: ValidEntity<'AccessGrant'> = { kind: 'AccessGrant', id: grant.id, apiVersion: grant.apiVersion, file, doc: grant, valid: true };
  entity.domain = mesh.byKind.DataProduct.get(grant.dataProduct)?.domain;
  const view = buildView(mesh, entity, { now: new Date(`${today}T00:00:00Z`) });
  const failing = new Set<string>();
  for (const policy of grantPolicies(mesh)) {
    if (policy.policy.doc.severity === 'warning') continue;
    if (evaluateEntity(mesh, policy, entity, view)?.status === 'fail') failing.add(policy.policy.id);
  }
  return failing;
}

/**
 * The latest validUntil, from tomorrow to today + grantMaxDays, that no policy rejects for this
 * grant. A policy rejects a date when it fails there but not for a grant ending tomorrow (so
 * policies that fail for other reasons, and `$validDays` rules as much as `validUntil` ones,
 * count rightly). Dates are searched by halving: a date policy must accept every date before one
 * it accepts (an upper bound, which is what they are). Undefined when not even tomorrow passes.
 */
export function latestEndDate(mesh: MeshSnapshot, grant: Omit<AccessGrant, 'validUntil'>, file: string, today: string): string | undefined {
  const failing = (days: number) => failingGrantPolicies(mesh, { ...grant, validUntil: addDays(today, days) } as AccessGrant, file, today);
  const baseline = failing(1);
  const rejects = (days: number) => [...failing(days)].some((id) => !baseline.has(id));
  let high = grantMaxDays(mesh);
  if (high < 1) return undefined;
  if (!rejects(high)) return addDays(today, high);
  let low = 1;
  // low is accepted, high rejected.
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (rejects(mid)) high = mid;
    else low = mid;
  }
  return addDays(today, low);
}
