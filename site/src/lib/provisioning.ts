/**
 * Where each grant stands in the databases, from the status file `meshgate access apply --output`
 * writes (the site reads it when MESHGATE_ACCESS_STATUS names it): provisioned on a target since
 * when, failed and why, revoked, or pending — merged but not applied yet.
 */
import type { MeshSnapshot } from '../../../bot/core/model.ts';
import { desiredState } from '../../../bot/core/provision/desired.ts';
import type { AccessStatus } from '../../../bot/core/provision/status.ts';
import { governanceOf, targetsOf } from '../../../bot/core/provision/target.ts';

export type ProvisioningState = 'provisioned' | 'pending' | 'failed' | 'revoked';

export interface GrantProvisioning {
  target: string;
  state: ProvisioningState;
  /** When it was provisioned (provisioned), or when the target was last applied (failed, revoked). */
  at?: string;
  reason?: string;
}

export interface TargetSummary {
  name: string;
  /** Absent when the status file has never recorded this target. */
  appliedAt?: string;
  outcome?: 'applied' | 'failed';
  reason?: string;
  counts: Record<ProvisioningState, number>;
}

export interface ProvisioningView {
  targets: TargetSummary[];
  /** By grant id: its state on each target its contract lives on. */
  byGrant: Map<string, GrantProvisioning[]>;
}

/** Undefined when governance names no provisioning target or no status file was given. */
export function provisioningView(snapshot: MeshSnapshot, status: AccessStatus | undefined, today: string): ProvisioningView | undefined {
  const governance = governanceOf(snapshot);
  const targets = targetsOf(governance);
  if (!status || targets.length === 0) return undefined;
  const byGrant = new Map<string, GrantProvisioning[]>();
  const summaries: TargetSummary[] = [];
  for (const target of targets) {
    const recorded = status.targets.find((t) => t.target === target.name);
    const byFile = new Map((recorded?.grants ?? []).map((g) => [g.file, g]));
    const counts: Record<ProvisioningState, number> = { provisioned: 0, pending: 0, failed: 0, revoked: 0 };
    for (const grant of desiredState(snapshot, target, governance?.classification, today).grants) {
      const entry = byFile.get(grant.file);
      let state: GrantProvisioning;
      if (grant.active) {
        if (entry?.status === 'provisioned') state = { target: target.name, state: 'provisioned', at: entry.since };
        else if (entry?.status === 'failed') state = { target: target.name, state: 'failed', at: recorded?.appliedAt, reason: entry.reason };
        else state = { target: target.name, state: 'pending' };
      } else if (entry?.status === 'provisioned') {
        state = { target: target.name, state: 'pending', reason: `revocation pending: ${grant.reason}` };
      } else {
        // Out of force and not provisioned at the last apply; before any apply there is nothing to say.
        if (!recorded) continue;
        state = { target: target.name, state: 'revoked', at: recorded.appliedAt, reason: grant.reason };
      }
      counts[state.state]++;
      byGrant.set(grant.id, [...(byGrant.get(grant.id) ?? []), state]);
    }
    summaries.push({ name: target.name, appliedAt: recorded?.appliedAt, outcome: recorded?.outcome, reason: recorded?.reason, counts });
  }
  return { targets: summaries, byGrant };
}

/** "provisioned on warehouse at 2026-12-05 06:00 UTC" and the like, for a grant's row. */
export function describeProvisioning(p: GrantProvisioning): string {
  const at = p.at ? ` at ${p.at.slice(0, 16).replace('T', ' ')} UTC` : '';
  switch (p.state) {
    case 'provisioned':
      return `provisioned on ${p.target}${at}`;
    case 'failed':
      return `failed on ${p.target}${at}: ${p.reason ?? 'no reason recorded'}`;
    case 'revoked':
      return `revoked on ${p.target}${at}${p.reason ? ` (${p.reason})` : ''}`;
    default:
      return `pending on ${p.target}${p.reason ? ` (${p.reason})` : ''}`;
  }
}
