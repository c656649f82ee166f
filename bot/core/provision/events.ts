/**
 * What an apply tells the mesh's event targets, as CloudEvents 1.0: each grant newly provisioned,
 * each privilege revoked, each grant that could not be provisioned. Ids derive from the target and
 * the apply's time, so a retried delivery carries the same id.
 */
import type { AccessPlan } from './plan.ts';
import type { AccessStatus } from './status.ts';

export const ACCESS_EVENT_TYPES = ['meshgate.access.provisioned', 'meshgate.access.revoked', 'meshgate.access.failed'] as const;
export type AccessEventType = (typeof ACCESS_EVENT_TYPES)[number];

export interface AccessEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: AccessEventType;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: { target: string; role: string; grant?: string; file?: string; sql?: string[]; reason?: string };
}

/** `source` is the mesh repository's URL (or any URI naming the mesh). */
export function accessEvents(plan: AccessPlan, status: AccessStatus, executed: boolean, source: string): AccessEvent[] {
  const target = status.targets.find((t) => t.target === plan.target);
  if (!target) return [];
  const at = target.appliedAt;
  const event = (type: AccessEventType, key: string, subject: string, data: AccessEvent['data']): AccessEvent => ({
    specversion: '1.0',
    id: `${plan.target}:${at}:${type}:${key}`,
    source,
    type,
    subject,
    time: at,
    datacontenttype: 'application/json',
    data,
  });
  const events: AccessEvent[] = [];
  if (executed) {
    const granted = new Map<string, string[]>();
    for (const s of plan.statements) if (s.action !== 'revoke') for (const file of s.grants) granted.set(file, [...(granted.get(file) ?? []), s.sql]);
    for (const g of target.grants) {
      if (g.status === 'provisioned' && granted.has(g.file)) {
        events.push(event('meshgate.access.provisioned', g.id, `AccessGrant/${g.id}`, { target: plan.target, role: g.role, grant: g.id, file: g.file, sql: granted.get(g.file) }));
      }
    }
    plan.statements.forEach((s, i) => {
      if (s.action === 'revoke') events.push(event('meshgate.access.revoked', String(i), `role/${s.role}`, { target: plan.target, role: s.role, sql: [s.sql], reason: s.reason }));
    });
  }
  for (const g of target.grants) {
    if (g.status === 'failed') events.push(event('meshgate.access.failed', g.id, `AccessGrant/${g.id}`, { target: plan.target, role: g.role, grant: g.id, file: g.file, reason: g.reason }));
  }
  return events;
}
