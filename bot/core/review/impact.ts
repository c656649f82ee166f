/**
 * The impact preview of a pull request that changes policies: the head's policies over the head
 * mesh, against the base's policies over the same mesh, so that what differs is the policies'
 * doing and nothing else. It lists every finding that would newly fail (not one per entity), the
 * entities that would newly pass, and for each policy the pull request adds, changes or removes
 * how it fares across the mesh ("fails on 2 of 18 contracts", "passes on all 18 contracts"), so a
 * new policy that flags nothing is still seen.
 */
import type { Entity, Finding, Kind, MeshSnapshot } from '../model.ts';
import { evaluatePolicies, type PolicyEvaluation, type PolicyReport } from '../policies/engine.ts';
import { lintPolicies } from '../policies/lint.ts';
import { stableJson } from '../shapes.ts';
import type { PolicyChangeImpact, PolicyImpactEntry, PolicyStanding } from './types.ts';

/** A finding's detail without the policy's title, so that retitling a policy does not make its old findings "new". */
function detail(finding: Finding, title: unknown): string {
  const prefix = typeof title === 'string' ? `${title}: ` : '';
  return prefix !== '' && finding.message.startsWith(prefix) ? finding.message.slice(prefix.length) : finding.message;
}

function standing(evaluation: PolicyEvaluation | undefined, total: number): PolicyStanding {
  const results = evaluation?.results ?? [];
  return { total, applies: results.length, failing: results.filter((r) => r.status === 'fail').length };
}

/**
 * What the head's policies would flag across the head mesh, against what the base's flag
 * (`baseOnHead`, evaluated with `findingsPerEntity: Infinity` so that no finding is cut).
 */
export function policyImpact(
  base: MeshSnapshot,
  head: MeshSnapshot,
  baseOnHead: PolicyReport,
  now?: Date,
): { impact: PolicyImpactEntry[]; policies: PolicyChangeImpact[]; findings: Finding[] } {
  const headOnHead = evaluatePolicies(head, head, { now, findingsPerEntity: Infinity });
  const impact: PolicyImpactEntry[] = [];

  const findingsBefore = new Set<string>();
  for (const e of baseOnHead.evaluations) {
    for (const r of e.results) {
      if (r.status !== 'fail') continue;
      for (const f of r.findings) findingsBefore.add(`${e.policy.id}|${f.file}|${f.path}|${detail(f, e.policy.doc.title)}`);
    }
  }
  const failsNow = new Set<string>();
  for (const e of headOnHead.evaluations) {
    for (const r of e.results) {
      if (r.status !== 'fail') continue;
      failsNow.add(`${e.policy.id}|${r.file}`);
      for (const f of r.findings) {
        if (findingsBefore.has(`${e.policy.id}|${f.file}|${f.path}|${detail(f, e.policy.doc.title)}`)) continue;
        impact.push({ policy: e.policy.id, kind: r.kind, id: r.id, file: r.file, line: f.line, column: f.column, effect: 'newly-failing', message: f.message });
      }
    }
  }
  for (const e of baseOnHead.evaluations) {
    for (const r of e.results) {
      if (r.status !== 'fail' || failsNow.has(`${e.policy.id}|${r.file}`)) continue;
      impact.push({ policy: e.policy.id, kind: r.kind, id: r.id, file: r.file, effect: 'newly-passing', message: r.findings[0]?.message });
    }
  }
  impact.sort((x, y) => x.effect.localeCompare(y.effect) || x.policy.localeCompare(y.policy) || x.file.localeCompare(y.file) || (x.line ?? 0) - (y.line ?? 0) || (x.column ?? 0) - (y.column ?? 0));

  const policies = changedPolicies(base, head).map(({ id, change, before, after }): PolicyChangeImpact => {
    const policy = (after ?? before)!;
    const appliesTo = policy.doc.appliesTo as Kind;
    const total = typeof appliesTo === 'string' && appliesTo in head.byKind ? head.byKind[appliesTo].size : 0;
    const now = after ? standing(headOnHead.evaluations.find((e) => e.policy.id === id), total) : undefined;
    const then = before ? standing(baseOnHead.evaluations.find((e) => e.policy.id === id), total) : undefined;
    return { policy: id, title: String(policy.doc.title ?? id), file: policy.file, change, appliesTo, ...(now ? { after: now } : {}), ...(then ? { before: then } : {}) };
  });

  // The head's own broken or self-contradicting policies are findings of this pull request (it is what adds them).
  const findings = [...headOnHead.findings.filter((f) => f.code === 'policy.invalid'), ...lintPolicies(head)];
  return { impact, policies, findings };
}

/** Policies the pull request adds, removes or changes (by id; a moved file with the same content is no change). */
function changedPolicies(base: MeshSnapshot, head: MeshSnapshot): { id: string; change: PolicyChangeImpact['change']; before?: Entity<'Policy'>; after?: Entity<'Policy'> }[] {
  const out: { id: string; change: PolicyChangeImpact['change']; before?: Entity<'Policy'>; after?: Entity<'Policy'> }[] = [];
  for (const [id, after] of head.byKind.Policy) {
    const before = base.byKind.Policy.get(id);
    if (!before) out.push({ id, change: 'added', after });
    else if (stableJson(before.doc) !== stableJson(after.doc)) out.push({ id, change: 'changed', before, after });
  }
  for (const [id, before] of base.byKind.Policy) if (!head.byKind.Policy.has(id)) out.push({ id, change: 'removed', before });
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

const KIND_NOUNS: Record<string, [string, string]> = {
  Domain: ['domain', 'domains'],
  DataProduct: ['data product', 'data products'],
  DataContract: ['contract', 'contracts'],
  AccessGrant: ['access grant', 'access grants'],
};

/** "fails on 2 of 18 contracts", "passes on all 18 contracts", "fails on 1 of the 3 data products its `when` matches (15 in all)". */
export function describeStanding(s: PolicyStanding, kind: Kind): string {
  const [one, many] = KIND_NOUNS[kind] ?? [kind, `${kind}s`];
  const noun = (n: number) => (n === 1 ? one : many);
  if (s.total === 0) return `applies to no ${one}: the mesh has none`;
  if (s.applies === 0) return `applies to none of the ${s.total} ${noun(s.total)} (its \`when\` matches none)`;
  const scope = s.applies === s.total ? `${s.total} ${noun(s.total)}` : `the ${s.applies} ${noun(s.applies)} its \`when\` matches (${s.total} in all)`;
  if (s.failing === 0) return s.applies === 1 ? `passes on the one ${s.applies === s.total ? one : `${one} its \`when\` matches (${s.total} in all)`}` : `passes on all ${scope}`;
  return `fails on ${s.failing} of ${scope}`;
}
