/**
 * The provisioning status file `meshgate access apply --output FILE` writes and the catalog reads:
 * per target, when it was last applied and how that went; per grant, provisioned (since when),
 * failed (why) or revoked (why). A grant the file does not mention is pending: merged, not yet applied.
 */
import type { AccessPlan } from './plan.ts';

export const STATUS_VERSION = 'meshgate/access-status/v1';

export type GrantStatusValue = 'provisioned' | 'failed' | 'revoked';

export interface GrantStatus {
  id: string;
  file: string;
  role: string;
  status: GrantStatusValue;
  /** For provisioned: when it first was, on this target. */
  since?: string;
  reason?: string;
}

export interface TargetStatus {
  target: string;
  appliedAt: string;
  outcome: 'applied' | 'failed';
  reason?: string;
  /** GRANT, REVOKE and CREATE ROLE statements run (0 when rolled back). */
  statements: number;
  grants: GrantStatus[];
}

export interface AccessStatus {
  apiVersion: typeof STATUS_VERSION;
  targets: TargetStatus[];
}

/**
 * The status of one apply, merged into the previous file's: other targets are kept, and a grant
 * provisioned before keeps its `since` (and, when this apply rolled back, stays provisioned: the
 * rollback left its privileges as they were).
 */
export function recordApply(previous: AccessStatus | undefined, plan: AccessPlan, outcome: { at: string; error?: string; executed: number }): AccessStatus {
  const before = previous?.targets.find((t) => t.target === plan.target);
  const earlier = new Map((before?.grants ?? []).filter((g) => g.status === 'provisioned').map((g) => [g.file, g]));
  const problems = new Map<string, string[]>();
  for (const p of plan.problems) problems.set(p.file, [...(problems.get(p.file) ?? []), p.message]);
  const grants = plan.grants.map((g): GrantStatus => {
    const base = { id: g.id, file: g.file, role: g.role };
    if (!g.active) return { ...base, status: 'revoked', reason: g.reason };
    const was = earlier.get(g.file);
    if (outcome.error) return was ? was : { ...base, status: 'failed', reason: outcome.error };
    if (problems.has(g.file)) return { ...base, status: 'failed', reason: problems.get(g.file)!.join('; ') };
    return { ...base, status: 'provisioned', since: was?.since ?? outcome.at };
  });
  const current: TargetStatus = {
    target: plan.target,
    appliedAt: outcome.at,
    outcome: outcome.error ? 'failed' : 'applied',
    ...(outcome.error ? { reason: outcome.error } : {}),
    statements: outcome.error ? 0 : outcome.executed,
    grants,
  };
  const others = (previous?.targets ?? []).filter((t) => t.target !== plan.target);
  return { apiVersion: STATUS_VERSION, targets: [...others, current].sort((a, b) => a.target.localeCompare(b.target)) };
}

/** A status file's content, or why it is not one. */
export function parseStatus(text: string): AccessStatus {
  const value = JSON.parse(text) as AccessStatus;
  if (value?.apiVersion !== STATUS_VERSION || !Array.isArray(value.targets)) {
    throw new Error(`not a Meshgate access status file (expected apiVersion ${STATUS_VERSION}); write it with \`meshgate access apply --output FILE\``);
  }
  return value;
}
