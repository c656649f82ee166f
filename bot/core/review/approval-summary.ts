/**
 * What the title and the summary say about approvals: who can still give them (never someone who
 * wrote the change) and how many are still missing. A requirement's `count` is what it needs in
 * all; the approvals already given on the head count toward it, and one approval from a team
 * settles every requirement that names the same principals (unless they must come from different
 * people), so the number of approvals still missing is not the number of unmet requirements.
 */
import type { ApprovalRequirement } from './types.ts';

const login = (principal: string) => principal.replace(/^@/, '').toLowerCase();

/**
 * The requirements as a reader should see them: `from` without the people who wrote the change
 * (the author, the grants' requesters), who are named in `notCounting` instead.
 */
export function withoutWriters(approvals: readonly ApprovalRequirement[], writers: readonly string[]): ApprovalRequirement[] {
  const wrote = new Set(writers.map(login));
  return approvals.map((a) => {
    const from = a.from.filter((p) => p.includes('/') || !wrote.has(login(p)));
    if (from.length === a.from.length) return a;
    return { ...a, from, notCounting: a.from.filter((p) => !from.includes(p)) };
  });
}

/** Approvals a requirement still needs: at least one when it is not met (a change request or four eyes may hold it). */
export function stillNeeded(a: ApprovalRequirement): number {
  if (a.satisfied || a.informational) return 0;
  return Math.max(1, a.count - a.by.length);
}

/**
 * Approvals still missing across the review. Requirements naming the same principals are met by the
 * same approvals (so the larger need counts), except when they must come from different people.
 */
export function missingApprovals(approvals: readonly ApprovalRequirement[]): number {
  const groups = new Map<string, ApprovalRequirement[]>();
  for (const a of approvals) {
    if (stillNeeded(a) === 0) continue;
    const key = [...a.from].map(login).sort().join(',');
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  let total = 0;
  for (const group of groups.values()) {
    const distinct = group.some((a) => a.distinctFrom !== undefined && group.some((o) => o.id === a.distinctFrom));
    const needs = group.map(stillNeeded);
    total += distinct ? needs.reduce((x, y) => x + y, 0) : Math.max(...needs);
  }
  return total;
}

/** "approval from @a or @b", "2 approvals from @a or @b …": the first requirement still open, for the title. */
export function neededFrom(a: ApprovalRequirement): string {
  const n = stillNeeded(a);
  // Whoever approved already is not asked again; a team still is (another member may approve).
  const approved = new Set(a.by.map(login));
  const open = a.from.filter((p) => p.includes('/') || !approved.has(login(p)));
  const who =
    open.length > 0
      ? open.slice(0, 2).join(' or ') + (open.length > 2 ? ' …' : '')
      : a.notCounting && a.notCounting.length > 0
        ? 'someone other than its author (see details)'
        : 'no one (see details)';
  return `${n > 1 ? `${n} approvals` : 'approval'} from ${who}`;
}
