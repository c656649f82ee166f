import { describe, expect, it } from 'vitest';
import { loadMesh } from '../../bot/core/load/mesh.ts';
import { fromRecord } from '../../bot/core/load/mesh.ts';
import type { AccessStatus } from '../../bot/core/provision/status.ts';
import { describeProvisioning, provisioningView } from '../../site/src/lib/provisioning.ts';
import { roleColumnsHtml } from '../../site/src/lib/role-columns.ts';
import { provisioningMesh } from '../fixtures/meshes/provisioning.ts';

const TODAY = '2026-12-05';
const MARKETING = 'catalog/checkout/orders/access/marketing.yaml';
const FINANCE = 'catalog/checkout/orders/access/finance.yaml';

const status = (grants: AccessStatus['targets'][number]['grants']): AccessStatus => ({
  apiVersion: 'meshgate/access-status/v1',
  targets: [{ target: 'warehouse', appliedAt: '2026-12-05T06:00:12.000Z', outcome: 'applied', statements: 4, grants }],
});
const provisioned = (id: string, file: string) => ({ id, file, role: 'mesh_x', status: 'provisioned' as const, since: '2026-12-01T06:00:03.000Z' });

function states(files: Record<string, string>, recorded: AccessStatus | undefined): string[] {
  const view = provisioningView(loadMesh(fromRecord(files)), recorded, TODAY);
  return [...(view?.byGrant ?? [])].map(([id, s]) => `${id}: ${s.map(describeProvisioning).join('; ')}`).sort();
}

describe('grants in the databases, from the status file', () => {
  it('a grant the last apply provisioned says on which target and since when', () => {
    expect(states(provisioningMesh(''), status([provisioned('finance-reads-checkout-orders', FINANCE)]))[0]).toBe(
      'finance-reads-checkout-orders: provisioned on warehouse at 2026-12-01 06:00 UTC',
    );
  });

  it('a merged grant the status file does not know yet is pending', () => {
    expect(states(provisioningMesh(''), status([provisioned('finance-reads-checkout-orders', FINANCE)]))[1]).toBe('marketing-reads-checkout-orders: pending on warehouse');
  });

  it('a failed grant carries the reason', () => {
    const failed = { id: 'marketing-reads-checkout-orders', file: MARKETING, role: 'mesh_marketing', status: 'failed' as const, reason: 'the role mesh_marketing does not exist on warehouse' };
    expect(states(provisioningMesh(''), status([failed]))[1]).toBe(
      'marketing-reads-checkout-orders: failed on warehouse at 2026-12-05 06:00 UTC: the role mesh_marketing does not exist on warehouse',
    );
  });

  it('an expired grant still provisioned at the last apply is a pending revocation', () => {
    const files = provisioningMesh('');
    files[FINANCE] = files[FINANCE].replace('2099-12-31', '2026-12-01');
    expect(states(files, status([provisioned('finance-reads-checkout-orders', FINANCE)]))[0]).toBe(
      'finance-reads-checkout-orders: pending on warehouse (revocation pending: expired on 2026-12-01)',
    );
  });

  it('without a status file the catalog says nothing about databases', () => {
    expect(provisioningView(loadMesh(fromRecord(provisioningMesh(''))), undefined, TODAY)).toBeUndefined();
  });
});

describe('the columns a contract role exposes', () => {
  const contract = () => {
    const snapshot = loadMesh(fromRecord(provisioningMesh('')));
    const governance = [...snapshot.byKind.Governance.values()][0];
    const contract = snapshot.byKind.DataContract.get('checkout-orders-v1')!;
    if (!governance.valid || !contract.valid) throw new Error('the provisioning fixture is not valid');
    return { doc: contract.doc, classification: governance.doc.classification };
  };

  it('a role with maxClassification lists what it exposes and what it holds back, per table', () => {
    const { doc, classification } = contract();
    expect(roleColumnsHtml(doc, doc.roles![0], classification)).toBe(
      'up to <strong>internal</strong>: orders: <code>order_id</code>, <code>placed_at</code>; held back: <code>customer_email</code>, <code>amount_cents</code><br>refunds: <code>refund_id</code>, <code>order_id</code>; held back: <code>amount_cents</code>',
    );
  });

  it('a role without maxClassification exposes all columns', () => {
    const { doc, classification } = contract();
    expect(roleColumnsHtml(doc, doc.roles![1], classification)).toBe('all columns');
  });
});
