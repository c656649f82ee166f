import { describe, expect, it } from 'vitest';
import { fromRecord } from '../../bot/core/load/mesh.ts';
import { loadMesh } from '../../bot/core/load/mesh.ts';
import type { Entity, MeshSnapshot } from '../../bot/core/model.ts';
import { dataLocation } from '../../bot/core/relations.ts';
import { smallMesh, withEdit, withFiles } from '../fixtures/meshes/small.ts';

const load = (files: Record<string, string>): MeshSnapshot => loadMesh(fromRecord(files));
const GRANT = 'catalog/checkout/orders/access/marketing.yaml';
const ORDERS_CONTRACT = 'catalog/checkout/orders/orders-v1.contract.yaml';
const grant = (snapshot: MeshSnapshot): Entity<'AccessGrant'> => snapshot.byKind.AccessGrant.get('marketing-checkout-orders')!;

describe('relations of a snapshot', () => {
  it('are built once and kept on the snapshot', () => {
    const snapshot = load(smallMesh);
    expect(snapshot.relations).toBe(snapshot.relations);
  });

  it('resolve a grant to its product, output port, contract and role', () => {
    const snapshot = load(smallMesh);
    const target = snapshot.relations.grantTarget(grant(snapshot));
    expect({ product: target.product?.id, port: target.port?.name, portIndex: target.portIndex, contract: target.contract?.id, role: target.role?.role })
      .toEqual({ product: 'checkout-orders', port: 'orders', portIndex: 0, contract: 'checkout-orders-v1', role: 'analyst' });
  });

  it('stop a grant at the port when the port names no existing contract', () => {
    const snapshot = load(withEdit('catalog/checkout/orders/product.yaml', (t) => t.replace('contractId: checkout-orders-v1', 'contractId: nowhere-v1')));
    const target = snapshot.relations.grantTarget(grant(snapshot));
    expect({ port: target.port?.name, contract: target.contract, role: target.role }).toEqual({ port: 'orders', contract: undefined, role: undefined });
  });

  it('list the grants reaching a contract', () => {
    const snapshot = load(smallMesh);
    expect(snapshot.relations.grantsOf('checkout-orders-v1').map((g) => g.id)).toEqual(['marketing-checkout-orders']);
    expect(snapshot.relations.grantsOf('marketing-audiences-v1')).toEqual([]);
  });

  it('name the first product in path order as the one serving a contract', () => {
    const rival = smallMesh['catalog/checkout/orders/product.yaml'].replace('id: checkout-orders', 'id: checkout-orders-copy');
    const snapshot = load(withFiles({ 'catalog/checkout/zz-copy/product.yaml': rival }));
    expect(snapshot.relations.productsServing('checkout-orders-v1').map((p) => p.id)).toEqual(['checkout-orders', 'checkout-orders-copy']);
    expect(snapshot.relations.servedBy('checkout-orders-v1')?.id).toBe('checkout-orders');
  });

  it('give a product the contracts it serves and consumes', () => {
    const snapshot = load(smallMesh);
    const audiences = snapshot.byKind.DataProduct.get('marketing-audiences')!;
    expect(snapshot.relations.contractsServed(audiences).map((c) => c.contract.id)).toEqual(['marketing-audiences-v1']);
    expect(snapshot.relations.contractsConsumed(audiences).map((c) => c.contract.id)).toEqual(['checkout-orders-v1']);
  });

  it('draw a lineage edge from the product serving a consumed contract', () => {
    const snapshot = load(smallMesh);
    expect(snapshot.relations.lineage().map((e) => [e.upstream.id, e.product.id, e.contractId, e.inputPortIndex]))
      .toEqual([['checkout-orders', 'marketing-audiences', 'checkout-orders-v1', 0]]);
  });

  it('find the contracts that describe a data location', () => {
    const servers = 'servers:\n  - server: prod\n    type: postgres\n    host: db.acme\n    database: shop\n    schema: public\n';
    const snapshot = load(withEdit(ORDERS_CONTRACT, (t) => t.replace('schema:\n', `${servers}schema:\n`).replace('physicalType: table', 'physicalType: table\n    physicalName: orders_v1')));
    const contract = snapshot.byKind.DataContract.get('checkout-orders-v1')!;
    const location = dataLocation({ type: 'postgres', host: 'db.acme', database: 'shop', schema: 'public' }, { name: 'orders', physicalName: 'orders_v1' })!;
    expect(snapshot.relations.locationsOf(contract)).toEqual([location]);
    expect(snapshot.relations.contractsAt(location).map((c) => c.id)).toEqual(['checkout-orders-v1']);
  });

  it('key a data location by project and dataset when the server has no host or database', () => {
    const bigquery = { type: 'bigquery', project: 'acme', dataset: 'checkout' };
    expect(dataLocation(bigquery, { name: 'orders' })).toBe(dataLocation({ type: 'bigquery', host: 'acme', database: 'checkout' }, { name: 'orders' }));
    expect(dataLocation(bigquery, { name: 'orders' })).not.toBe(dataLocation({ ...bigquery, dataset: 'billing' }, { name: 'orders' }));
  });

  it('name no data location for a server without a type', () => {
    expect(dataLocation({ host: 'db.acme' }, { name: 'orders' })).toBeUndefined();
  });
});
