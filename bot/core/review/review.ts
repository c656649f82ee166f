/**
 * The review: one function from the mesh at a pull request's base and head, and what is known of
 * the pull request, to everything the app, the CLI and a reader need — findings, changes, breaking
 * contract changes, approvals and a conclusion.
 *
 * Which findings count:
 * - In files the pull request changes (added, modified, moved): every finding, at its severity.
 * - In files it does not change: only findings the change caused (absent when the base is checked
 *   the same way), at their severity — removing a contract breaks the unchanged products that
 *   reference it, and that must block. Problems the base already had are not this pull request's
 *   to fix and are left out.
 * - A base policy that cannot be evaluated is a warning: the review says which rule it could not
 *   apply instead of passing silently.
 * - A contract that claims a data location another domain's contract declared first in the base
 *   is an error until that domain's owners approve the head (location-claims.ts).
 * Policies, governance and owners are always read from the base; approvals.ts says how the head's
 * roles add to them.
 */
import { locate } from '../findings/place.ts';
import type { Finding, MeshSnapshot } from '../model.ts';
import { evaluatePolicies, type PolicyReport } from '../policies/engine.ts';
import { sortFindings } from '../findings/finding.ts';
import { governanceInForce, validateMesh } from '../validate/mesh.ts';
import { checkApprovals, grantRequesters, requiredApprovals, reviewersToRequest } from './approvals.ts';
import { findMeshBreakingChanges } from './breaking-changes.ts';
import { claimFindings, locationClaims } from './location-claims.ts';
import { affectedFiles, categorize, changedPaths, diffMeshes } from './changes.ts';
import type { ApprovalRequirement, ChangeCategory, Conclusion, PolicyImpactEntry, PullContext, Review } from './types.ts';

export interface ReviewOptions {
  /** Today, for grant expiry and `$validDays`; defaults to now. */
  now?: Date;
  /** The pull request's changed paths, when the adapter knows them; computed from the trees otherwise. */
  changedPaths?: string[];
}

const findingKey = (f: Finding) => `${f.file}|${f.code}|${f.path}|${f.message}`;

/** What the head's policies would flag across the head mesh, against what the base's flag. */
export function policyImpact(base: MeshSnapshot, head: MeshSnapshot, baseOnHead: PolicyReport, now?: Date): { impact: PolicyImpactEntry[]; findings: Finding[] } {
  const headOnHead = evaluatePolicies(head, head, { now });
  const status = (report: PolicyReport) => {
    const map = new Map<string, { failed: boolean; message?: string; kind: PolicyImpactEntry['kind']; id: string; file: string; policy: string }>();
    for (const e of report.evaluations) {
      for (const r of e.results) {
        map.set(`${e.policy.id}|${r.kind}|${r.id}`, { failed: r.status === 'fail', message: r.findings[0]?.message, kind: r.kind, id: r.id, file: r.file, policy: e.policy.id });
      }
    }
    return map;
  };
  const before = status(baseOnHead);
  const after = status(headOnHead);
  const impact: PolicyImpactEntry[] = [];
  for (const [key, a] of after) {
    if (a.failed && !before.get(key)?.failed) impact.push({ policy: a.policy, kind: a.kind, id: a.id, file: a.file, effect: 'newly-failing', message: a.message });
  }
  for (const [key, b] of before) {
    if (b.failed && !after.get(key)?.failed) impact.push({ policy: b.policy, kind: b.kind, id: b.id, file: b.file, effect: 'newly-passing', message: b.message });
  }
  impact.sort((x, y) => x.effect.localeCompare(y.effect) || x.policy.localeCompare(y.policy) || x.file.localeCompare(y.file));
  // The head's own broken policies are findings of this pull request (it is what adds them).
  const findings = headOnHead.findings.filter((f) => f.code === 'policy.invalid');
  return { impact, findings };
}

const CATEGORY_LABELS: Record<ChangeCategory, string> = {
  'new-product': 'New data product',
  'product-change': 'Data product change',
  'contract-change': 'Contract change',
  'access-request': 'Access request',
  'access-revocation': 'Access revocation',
  'domain-change': 'Domain change',
  'ownership-change': 'Ownership change',
  'policy-change': 'Policy change',
  'platform-change': 'Platform change',
};

export function categoryLabel(category: ChangeCategory): string {
  return CATEGORY_LABELS[category];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function title(conclusion: Conclusion, categories: ChangeCategory[], findings: Finding[], approvals: ApprovalRequirement[], breaking: number): string {
  const what = categories.length === 0 ? 'No mesh changes' : categories.slice(0, 3).map(categoryLabel).join(', ') + (categories.length > 3 ? ` +${categories.length - 3}` : '');
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  if (conclusion === 'failure') {
    return `${what}: ${plural(errors, 'error')}${breaking > 0 ? `, ${plural(breaking, 'breaking change')}` : ''}`;
  }
  if (conclusion === 'action_required') {
    const missing = approvals.filter((a) => !a.satisfied && !a.informational);
    const first = missing[0];
    const who = first.from.length > 0 ? first.from.slice(0, 2).join(' or ') + (first.from.length > 2 ? ' …' : '') : 'no one (see details)';
    const need = first.count > 1 ? `${first.count} approvals from ${who}` : `approval from ${who}`;
    return `${what}: needs ${need}${missing.length > 1 ? ` and ${plural(missing.length - 1, 'more approval')}` : ''}`;
  }
  return `${what}: all checks passed${warnings > 0 ? ` (${plural(warnings, 'warning')})` : ''}`;
}

/** Reviews a pull request: see the module comment for which findings count. */
export async function review(base: MeshSnapshot, head: MeshSnapshot, pr: PullContext, options: ReviewOptions = {}): Promise<Review> {
  const { now } = options;
  const changes = diffMeshes(base, head);
  const paths = options.changedPaths ?? changedPaths(base, head);
  const categories = categorize(changes, base, head, paths);
  const touched = new Set<string>([...changes.filter((c) => c.type !== 'removed').map((c) => c.file), ...paths.filter((p) => head.digests.has(p))]);

  // Base policies run only where a view can differ from the base's (see affectedFiles): elsewhere
  // their results are the base's own, which this pull request neither causes nor fixes.
  const affected = affectedFiles(base, head, changes);
  for (const file of touched) affected.add(file);
  const onHead = evaluatePolicies(base, head, { now, files: affected });
  // Every governance rule the built-in checks apply (classification levels, grantMaxDays) is the base's.
  const governance = governanceInForce(base)?.doc;
  const headFindings = [...validateMesh(head, { now, governance }), ...onHead.findings.filter((x) => x.code !== 'policy.invalid')];
  const untouched = headFindings.filter((f) => !touched.has(f.file));
  let before = new Set<string>();
  if (untouched.length > 0) {
    const unchangedAffected = new Set([...affected].filter((f) => !touched.has(f)));
    const onBase = evaluatePolicies(base, base, { now, files: unchangedAffected });
    before = new Set([...validateMesh(base, { now, governance }), ...onBase.findings].map(findingKey));
  }
  const findings: Finding[] = headFindings.filter((f) => touched.has(f.file) || !before.has(findingKey(f)));
  // A base policy that cannot be evaluated means this pull request cannot be fully judged: that
  // blocks, except for the pull request that changes or removes that policy file (the fix).
  for (const f of onHead.findings.filter((x) => x.code === 'policy.invalid')) {
    const fixing = touched.has(f.file) || !head.digests.has(f.file);
    findings.push({
      ...f,
      severity: fixing ? 'warning' : 'error',
      message: `${f.message} — ${fixing ? 'this pull request changes it' : 'so this pull request cannot be fully judged'}`,
      hint: `${f.hint ?? ''}; fix the policy in a pull request of its own, which this does not block`.replace(/^; /, ''),
    });
  }
  let policyImpactEntries: PolicyImpactEntry[] | undefined;
  if (categories.includes('policy-change')) {
    const preview = policyImpact(base, head, evaluatePolicies(base, head, { now }), now);
    policyImpactEntries = preview.impact;
    // A head policy that cannot be evaluated blocks only when this pull request adds or changes it.
    findings.push(...preview.findings.filter((f) => touched.has(f.file)));
  }
  const { breakingChanges, findings: versionFindings } = findMeshBreakingChanges(base, head, { now, locate: (file, path) => locate(head, file, path) });
  findings.push(...versionFindings);
  sortFindings(findings);

  const consumers = new Map<string, string[]>();
  for (const bc of breakingChanges) {
    const teams = consumers.get(bc.contractId) ?? [];
    for (const g of bc.affectedGrants) if (typeof g.team === 'string' && !teams.includes(g.team)) teams.push(g.team);
    consumers.set(bc.contractId, teams);
  }
  // Whoever wrote any of the change (a grant's requester, a commit's author or committer) is an author too.
  const requesters = [...grantRequesters(head, changes), ...((await pr.committers?.()) ?? [])];
  const claims = locationClaims(base, head, changes);
  const approvals = await checkApprovals(requiredApprovals(base, head, changes, { now, paths, consumers, claims, affected }), pr, requesters);
  // A contract over another domain's data is an error until that domain's owners approve it.
  if (claims.length > 0) {
    findings.push(...claimFindings(head, claims, approvals));
    sortFindings(findings);
  }
  const conclusion: Conclusion = findings.some((f) => f.severity === 'error')
    ? 'failure'
    : approvals.some((a) => !a.satisfied && !a.informational)
      ? 'action_required'
      : 'success';
  return {
    conclusion,
    title: title(conclusion, categories, findings, approvals, breakingChanges.filter((b) => b.severity === 'error').length),
    findings,
    changes,
    categories,
    breakingChanges,
    approvals,
    reviewersToRequest: reviewersToRequest(approvals, pr.author, requesters),
    ...(policyImpactEntries ? { policyImpact: policyImpactEntries } : {}),
  };
}
