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
import { fieldsRead } from '../policies/fields-read.ts';
import { buildView, type EntityView } from '../policies/view.ts';

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

/** A grant not in the mesh as the entity policies are run on. */
function grantEntity(mesh: MeshSnapshot, grant: AccessGrant, file: string): ValidEntity<'AccessGrant'> {
  const entity: ValidEntity<'AccessGrant'> = { kind: 'AccessGrant', id: grant.id, apiVersion: grant.apiVersion, file, doc: grant, valid: true };
  entity.domain = mesh.byKind.DataProduct.get(grant.dataProduct)?.domain;
  return entity;
}

/** The fields of a grant's view that carry its end date. */
const DATE_FIELDS = new Set(['validUntil', '$validDays']);

interface DatePolicies {
  /** Error-severity policies whose verdict the end date alone decides: one verdict per date for every grant. */
  dateOnly: CompiledPolicy[];
  /** Those that read the end date and other fields too (or may read any field). */
  mixed: CompiledPolicy[];
  /** Verdicts of the date-only policies, by policy and date. */
  verdicts: Map<string, boolean>;
}

const datePolicies = new WeakMap<MeshSnapshot, DatePolicies>();

/**
 * The grant policies an end date can change the verdict of (policies/fields-read.ts): a policy
 * that reads neither `validUntil` nor `$validDays` gives every date the same verdict.
 */
function endDatePolicies(mesh: MeshSnapshot): DatePolicies {
  let found = datePolicies.get(mesh);
  if (!found) {
    found = { dateOnly: [], mixed: [], verdicts: new Map() };
    for (const policy of grantPolicies(mesh)) {
      if (policy.policy.doc.severity === 'warning') continue;
      const doc = policy.policy.doc as unknown as Record<string, unknown>;
      const reads = [doc.when, doc.require].map((schema) => (schema === undefined ? new Set<string>() : fieldsRead(schema)));
      const fields = reads.every((r) => r !== undefined) ? new Set(reads.flatMap((r) => [...r!])) : undefined;
      if (fields && ![...fields].some((f) => DATE_FIELDS.has(f))) continue;
      if (fields && [...fields].every((f) => DATE_FIELDS.has(f))) found.dateOnly.push(policy);
      else found.mixed.push(policy);
    }
    datePolicies.set(mesh, found);
  }
  return found;
}

/**
 * The latest validUntil, from tomorrow to today + grantMaxDays, that no policy rejects for this
 * grant. A policy rejects a date when it fails there but not for a grant ending tomorrow (so
 * policies that fail for other reasons, and `$validDays` rules as much as `validUntil` ones,
 * count rightly). Dates are searched by halving: a date policy must accept every date before one
 * it accepts (an upper bound, which is what they are). Undefined when not even tomorrow passes.
 * Only the policies the end date can change are run, and those that read nothing else once per
 * date for the whole mesh: a site build asks for every port's date.
 */
export function latestEndDate(mesh: MeshSnapshot, grant: Omit<AccessGrant, 'validUntil'>, file: string, today: string): string | undefined {
  const { dateOnly, mixed, verdicts } = endDatePolicies(mesh);
  const failing = (days: number): Set<string> => {
    const draft = { ...grant, validUntil: addDays(today, days) } as AccessGrant;
    const entity = grantEntity(mesh, draft, file);
    const failed = new Set<string>();
    let view: EntityView | undefined;
    for (const policy of dateOnly) {
      const key = `${policy.policy.id}\u0000${today}\u0000${draft.validUntil}`;
      let fails = verdicts.get(key);
      if (fails === undefined) {
        view ??= buildView(mesh, entity, { now: new Date(`${today}T00:00:00Z`) });
        fails = evaluateEntity(mesh, policy, entity, view)?.status === 'fail';
        verdicts.set(key, fails);
      }
      if (fails) failed.add(policy.policy.id);
    }
    for (const policy of mixed) {
      view ??= buildView(mesh, entity, { now: new Date(`${today}T00:00:00Z`) });
      if (evaluateEntity(mesh, policy, entity, view)?.status === 'fail') failed.add(policy.policy.id);
    }
    return failed;
  };
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
