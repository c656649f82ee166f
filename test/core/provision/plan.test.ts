import { describe, expect, it } from 'vitest';
import { loadMesh } from '../../../bot/core/load/mesh.ts';
import { fromRecord } from '../../../bot/core/load/mesh.ts';
import { desiredState, type DesiredState } from '../../../bot/core/provision/desired.ts';
import { planAccess, type ActualState } from '../../../bot/core/provision/plan.ts';
import { renderPlan } from '../../../bot/core/provision/render.ts';
import { governanceOf, managedRolePattern, roleNameFor, targetsOf, teamSlug } from '../../../bot/core/provision/target.ts';
import { provisioningMesh } from '../../fixtures/meshes/provisioning.ts';

const TODAY = '2026-12-05';

function desired(edit: (files: Record<string, string>) => void = () => {}): DesiredState {
  const files = provisioningMesh('');
  edit(files);
  const snapshot = loadMesh(fromRecord(files));
  const governance = governanceOf(snapshot);
  return desiredState(snapshot, targetsOf(governance)[0], governance?.classification, TODAY);
}

/** The fixture's database: both tables, both consumer roles, no privileges yet. */
const empty = (): ActualState => ({
  roles: ['mesh_finance', 'mesh_marketing'],
  schemas: ['sales'],
  relations: [
    { schema: 'sales', table: 'orders', columns: ['order_id', 'customer_email', 'amount_cents', 'placed_at'] },
    { schema: 'sales', table: 'refunds', columns: ['refund_id', 'order_id', 'amount_cents'] },
  ],
  privileges: [],
});

describe('role names', () => {
  it('a team is its slug after the organisation, lower-cased, non-alphanumerics as underscores', () => {
    expect(teamSlug('@acme-shop/Customer-360')).toBe('customer_360');
  });

  it('a user principal is its login', () => {
    expect(roleNameFor(targetsOf(governanceOf(loadMesh(fromRecord(provisioningMesh('')))))[0], '@alice')).toBe('mesh_alice');
  });

  it('the managed pattern fits every team role and no role without the fixed part', () => {
    const pattern = new RegExp(managedRolePattern(targetsOf(governanceOf(loadMesh(fromRecord(provisioningMesh('')))))[0]));
    expect(['mesh_marketing', 'reporting', 'app_user', 'mesh_'].map((r) => pattern.test(r))).toEqual([true, false, false, false]);
  });
});

describe('planning access', () => {
  it('an empty database gets schema usage, table SELECT for the full reader and column SELECT for the pseudonymous role', () => {
    expect(renderPlan(planAccess(desired(), empty()), 'plan')).toMatchInlineSnapshot(`
      "Target warehouse: 2 of 2 grants in force; would run 6 GRANTs, 0 REVOKEs.

      + GRANT USAGE ON SCHEMA "sales" TO "mesh_finance";
          -- catalog/checkout/orders/access/finance.yaml
      + GRANT USAGE ON SCHEMA "sales" TO "mesh_marketing";
          -- catalog/checkout/orders/access/marketing.yaml
      + GRANT SELECT ON TABLE "sales"."orders" TO "mesh_finance";
          -- catalog/checkout/orders/access/finance.yaml
      + GRANT SELECT ON TABLE "sales"."refunds" TO "mesh_finance";
          -- catalog/checkout/orders/access/finance.yaml
      + GRANT SELECT ("order_id", "placed_at") ON TABLE "sales"."orders" TO "mesh_marketing";
          -- catalog/checkout/orders/access/marketing.yaml
      + GRANT SELECT ("order_id", "refund_id") ON TABLE "sales"."refunds" TO "mesh_marketing";
          -- catalog/checkout/orders/access/marketing.yaml
      "
    `);
  });

  it('the pseudonymous grant lists the columns its maxClassification holds back', () => {
    const marketing = desired().grants.find((g) => g.id === 'marketing-reads-checkout-orders')!;
    expect(marketing.tables.map((t) => `${t.table}: ${t.withheld.join(', ')}`)).toEqual(['orders: customer_email, amount_cents', 'refunds: amount_cents']);
  });

  it('a database that matches the grants needs no statement', () => {
    expect(planAccess(desired(), { ...empty(), privileges: desiredPrivilegesOf() }).statements).toEqual([]);
  });

  it('revocations come first, table before column before schema', () => {
    const plan = planAccess(desired((f) => delete f['catalog/checkout/orders/access/marketing.yaml']), { ...empty(), privileges: desiredPrivilegesOf() });
    expect(plan.statements.map((s) => s.sql)).toEqual([
      'REVOKE SELECT ("order_id", "placed_at") ON TABLE "sales"."orders" FROM "mesh_marketing"',
      'REVOKE SELECT ("order_id", "refund_id") ON TABLE "sales"."refunds" FROM "mesh_marketing"',
      'REVOKE USAGE ON SCHEMA "sales" FROM "mesh_marketing"',
    ]);
  });

  it('a column the contract names but the table lacks is a problem of the grant, not a statement', () => {
    const actual = empty();
    actual.relations[0].columns = actual.relations[0].columns.filter((c) => c !== 'placed_at');
    expect(planAccess(desired(), actual).problems.map((p) => `${p.file}: ${p.message}`)).toEqual([
      'catalog/checkout/orders/access/marketing.yaml: the column placed_at of sales.orders does not exist on warehouse',
    ]);
  });
});

/** The privileges the fixture's grants imply, as the database would report them. */
function desiredPrivilegesOf() {
  return [
    ...['mesh_finance', 'mesh_marketing'].map((role) => ({ role, schema: 'sales', privilege: 'USAGE' as const })),
    { role: 'mesh_finance', schema: 'sales', table: 'orders', privilege: 'SELECT' as const },
    { role: 'mesh_finance', schema: 'sales', table: 'refunds', privilege: 'SELECT' as const },
    ...['order_id', 'placed_at'].map((column) => ({ role: 'mesh_marketing', schema: 'sales', table: 'orders', column, privilege: 'SELECT' as const })),
    ...['order_id', 'refund_id'].map((column) => ({ role: 'mesh_marketing', schema: 'sales', table: 'refunds', column, privilege: 'SELECT' as const })),
  ];
}
