/**
 * Policy compliance as the catalog shows it: per entity, per policy (pass rate) and per domain
 * (the governance dashboard). Built in one pass over the policy engine's results.
 */
import type { Policy } from '../../../bot/core/kinds/policy.ts';
import type { Entity, Finding, Kind } from '../../../bot/core/model.ts';
import type { PolicyEvaluation } from '../../../bot/core/policies/engine.ts';

export type { PolicyEvaluation, PolicyResult } from '../../../bot/core/policies/engine.ts';

export interface Tally {
  pass: number;
  fail: number;
}

/** A policy's verdict on one entity, kept with the policy's name so pages need no second lookup. */
export interface EntityVerdict {
  policy: string;
  title: string;
  severity: 'error' | 'warning';
  status: 'pass' | 'fail';
  findings: Finding[];
}

export interface PolicySummary {
  id: string;
  policy: Entity<'Policy'>;
  tally: Tally;
  /** Whole percent of evaluated entities that pass; undefined when the policy applied to nothing. */
  passRate: number | undefined;
  failing: { kind: Kind; id: string; domain?: string }[];
}

export interface Compliance {
  policies: PolicySummary[];
  /** `Kind:id` → verdicts of every policy that applied to the entity. */
  byEntity: Map<string, EntityVerdict[]>;
  /** domain → policy id → tally. */
  byDomain: Map<string, Map<string, Tally>>;
}

export const entityKey = (kind: Kind, id: string): string => `${kind}:${id}`;

export function passRate(tally: Tally): number | undefined {
  const total = tally.pass + tally.fail;
  return total === 0 ? undefined : Math.floor((tally.pass / total) * 100);
}

/**
 * A policy's title and severity as the pages show them. A policy that fails its schema but whose
 * `appliesTo`, `when` and `require` compile is evaluated too; its title and severity are then
 * taken unchecked, as they always were.
 */
export const policyHeading = (policy: Entity<'Policy'>): Pick<Policy, 'title' | 'severity'> => policy.doc as Policy;

export function summarizeCompliance(evaluations: readonly PolicyEvaluation[]): Compliance {
  const byEntity = new Map<string, EntityVerdict[]>();
  const byDomain = new Map<string, Map<string, Tally>>();
  const policies: PolicySummary[] = [];
  for (const { policy, results } of evaluations) {
    const tally: Tally = { pass: 0, fail: 0 };
    const failing: PolicySummary['failing'] = [];
    for (const result of results) {
      tally[result.status] += 1;
      if (result.status === 'fail') failing.push({ kind: result.kind, id: result.id, domain: result.domain });
      const key = entityKey(result.kind, result.id);
      let verdicts = byEntity.get(key);
      if (!verdicts) byEntity.set(key, (verdicts = []));
      verdicts.push({
        policy: policy.id,
        title: policyHeading(policy).title,
        severity: policyHeading(policy).severity,
        status: result.status,
        findings: result.findings,
      });
      if (result.domain) {
        let perPolicy = byDomain.get(result.domain);
        if (!perPolicy) byDomain.set(result.domain, (perPolicy = new Map()));
        let cell = perPolicy.get(policy.id);
        if (!cell) perPolicy.set(policy.id, (cell = { pass: 0, fail: 0 }));
        cell[result.status] += 1;
      }
    }
    policies.push({ id: policy.id, policy, tally, passRate: passRate(tally), failing });
  }
  policies.sort((a, b) => a.id.localeCompare(b.id));
  return { policies, byEntity, byDomain };
}

/** Verdicts for several entities (a product with its contracts and grants), failures first. */
export function verdictsFor(compliance: Compliance, keys: readonly { kind: Kind; id: string }[]): (EntityVerdict & { kind: Kind; id: string })[] {
  const out: (EntityVerdict & { kind: Kind; id: string })[] = [];
  for (const { kind, id } of keys) {
    for (const verdict of compliance.byEntity.get(entityKey(kind, id)) ?? []) out.push({ ...verdict, kind, id });
  }
  return out.sort((a, b) => (a.status === b.status ? a.policy.localeCompare(b.policy) : a.status === 'fail' ? -1 : 1));
}

/** Domains per page of the compliance matrix: at 16 policies a page stays one screen of rows. */
export const DOMAINS_PER_PAGE = 25;

/** One domain's row of the compliance matrix: a tally per policy (in the policies' order) and overall. */
export interface DomainRow {
  id: string;
  name: string;
  cells: (Tally | undefined)[];
  tally: Tally;
  passRate: number | undefined;
}

/** The matrix rows of the domains that have results, in the order given. */
export function domainRows(compliance: Compliance, domains: readonly { id: string; name: string }[]): DomainRow[] {
  const rows: DomainRow[] = [];
  for (const { id, name } of domains) {
    const perPolicy = compliance.byDomain.get(id);
    if (!perPolicy) continue;
    const cells = compliance.policies.map((p) => perPolicy.get(p.id));
    const tally = cells.reduce<Tally>((sum, cell) => ({ pass: sum.pass + (cell?.pass ?? 0), fail: sum.fail + (cell?.fail ?? 0) }), { pass: 0, fail: 0 });
    rows.push({ id, name, cells, tally, passRate: passRate(tally) });
  }
  return rows;
}

/** How many pages `count` rows take, at least one. */
export const pageCount = (count: number, perPage = DOMAINS_PER_PAGE): number => Math.max(1, Math.ceil(count / perPage));

/** The rows of page `page` (1-based). */
export const pageOf = <T>(rows: readonly T[], page: number, perPage = DOMAINS_PER_PAGE): T[] => rows.slice((page - 1) * perPage, page * perPage);
