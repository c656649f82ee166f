import { beforeAll, describe, expect, it } from 'vitest';
import { loadMesh } from '../../../bot/core/load/mesh.ts';
import { fromRecord } from '../../../bot/core/load/sources.ts';
import type { MeshSnapshot } from '../../../bot/core/model.ts';
import { planExpiry, reminderGrant, type ReminderIssue } from '../../../bot/core/requests/expiry.ts';
import { requestMeshFiles } from '../../fixtures/meshes/requests.ts';

const GRANT = 'catalog/checkout/orders/access/marketing.yaml';
/** The small mesh's grant (valid until 2027-06-30) with another end date. */
const meshUntil = (until: string | null) =>
  loadMesh(fromRecord(until === null ? Object.fromEntries(Object.entries(requestMeshFiles).filter(([p]) => p !== GRANT)) : { ...requestMeshFiles, [GRANT]: requestMeshFiles[GRANT].replace('2027-06-30', until) }));

let expiring: MeshSnapshot;
beforeAll(() => {
  expiring = meshUntil('2026-12-20');
});
const today = '2026-12-05';
const asIssues = (plan: ReturnType<typeof planExpiry>, first = 100): ReminderIssue[] => plan.create.map((c, i) => ({ number: first + i, title: c.title, body: c.body }));

describe('planExpiry', () => {
  it('a grant ending within expiringSoonDays: one reminder naming the consumer team and the approvers', () => {
    const plan = planExpiry(expiring, { today, reminders: [] });
    expect(plan.create).toHaveLength(1);
    expect(plan.create[0].title).toBe('Access grant marketing-checkout-orders expires on 2026-12-20');
    expect(plan.create[0].body).toContain('@acme/marketing: your access');
    expect(plan.create[0].body).toContain('Approvers: @acme/checkout-data');
  });

  it('a grant ending later: no reminder', () => {
    expect(planExpiry(meshUntil('2027-06-30'), { today, reminders: [] }).create).toEqual([]);
  });

  it('planned again with its reminder open: nothing to do', () => {
    const first = planExpiry(expiring, { today, reminders: [] });
    const again = planExpiry(expiring, { today, reminders: asIssues(first) });
    expect([again.create, again.update, again.close]).toEqual([[], [], []]);
  });

  it('renewed: its reminder is closed saying until when', () => {
    const reminders = asIssues(planExpiry(expiring, { today, reminders: [] }));
    expect(planExpiry(meshUntil('2027-06-30'), { today, reminders }).close).toEqual([{ number: 100, grant: 'marketing-checkout-orders', comment: 'Renewed: `marketing-checkout-orders` now runs until 2027-06-30.' }]);
  });

  it('removed: its reminder is closed as revoked', () => {
    const reminders = asIssues(planExpiry(expiring, { today, reminders: [] }));
    expect(planExpiry(meshUntil(null), { today, reminders }).close[0].comment).toMatch(/^Removed: /);
  });

  it('expired: listed for removal, and its reminder updated once to name the removal pull request', () => {
    const reminders = asIssues(planExpiry(expiring, { today, reminders: [] }));
    const plan = planExpiry(expiring, { today: '2026-12-21', reminders, removal: { number: 31 } });
    expect(plan.expired).toEqual([{ id: 'marketing-checkout-orders', file: GRANT, validUntil: '2026-12-20', team: '@acme/marketing' }]);
    expect(plan.update).toHaveLength(1);
    expect(plan.update[0].body).toContain('#31 removes the file');
    const again = planExpiry(expiring, { today: '2026-12-22', reminders: [{ ...reminders[0], ...plan.update[0] }], removal: { number: 31 } });
    expect(again.update).toEqual([]);
  });

  it('two open reminders for one grant: the later is closed as a duplicate', () => {
    const [issue] = asIssues(planExpiry(expiring, { today, reminders: [] }));
    const plan = planExpiry(expiring, { today, reminders: [issue, { ...issue, number: 101 }] });
    expect(plan.close).toEqual([{ number: 101, grant: 'marketing-checkout-orders', comment: 'A duplicate of #100.' }]);
  });

  it('a reminder knows its grant by its marker', () => {
    expect(reminderGrant(asIssues(planExpiry(expiring, { today, reminders: [] }))[0])).toBe('marketing-checkout-orders');
  });
});
