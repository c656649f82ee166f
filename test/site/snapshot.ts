/**
 * Hand-built snapshots for the site's shaping modules: a small valid mesh (three domains, three
 * products in a chain, their contracts, one grant, two policies) that each test changes in one place.
 */
import type { AnyEntity, AnyValidEntity, Kind, KindDocuments, MeshSnapshot, ValidEntity } from '../../bot/core/model.ts';
import { emptySnapshot } from '../../bot/core/model.ts';

export function entity<K extends Kind>(kind: K, file: string, doc: KindDocuments[K], domain?: string): ValidEntity<K> {
  const id = (doc as { id: string }).id;
  return { kind, id, apiVersion: (doc as { apiVersion: string }).apiVersion, file, doc, valid: true, domain };
}

export function snapshotOf(entities: AnyEntity[], docs: Record<string, string> = {}): MeshSnapshot {
  const snapshot = emptySnapshot();
  for (const e of entities) (snapshot.byKind[e.kind] as Map<string, AnyEntity>).set(e.id, e);
  snapshot.entities.push(...entities);
  snapshot.paths.push(...entities.map((e) => e.file));
  for (const e of entities) snapshot.texts.set(e.file, `id: ${e.id}\n`);
  for (const [path, text] of Object.entries(docs)) snapshot.docs.set(path, text);
  return snapshot;
}

export function demoEntities(): AnyValidEntity[] {
  return [
    entity('Domain', 'catalog/checkout/domain.yaml', { apiVersion: 'meshgate/v1', kind: 'Domain', id: 'checkout', name: 'Checkout', type: 'source-aligned', owners: ['@acme/checkout'] }, 'checkout'),
    entity('Domain', 'catalog/customer/domain.yaml', { apiVersion: 'meshgate/v1', kind: 'Domain', id: 'customer', name: 'Customer', type: 'aggregate', owners: ['@acme/customer'] }, 'customer'),
    entity('Domain', 'catalog/marketing/domain.yaml', { apiVersion: 'meshgate/v1', kind: 'Domain', id: 'marketing', name: 'Marketing', type: 'consumer-aligned', owners: ['@acme/marketing'] }, 'marketing'),
    entity('DataProduct', 'catalog/checkout/orders/product.yaml', {
      apiVersion: 'v1.0.0', kind: 'DataProduct', id: 'orders', name: 'Orders', status: 'active', domain: 'checkout', tags: ['sales'],
      outputPorts: [{ name: 'orders-table', version: '1.0.0', contractId: 'orders-v1' }],
    }, 'checkout'),
    entity('DataContract', 'catalog/checkout/orders/orders-v1.contract.yaml', {
      apiVersion: 'v3.0.2', kind: 'DataContract', id: 'orders-v1', version: '1.0.0', status: 'active', domain: 'checkout', dataProduct: 'orders',
      schema: [{ name: 'orders', properties: [
        { name: 'order_id', logicalType: 'string', primaryKey: true },
        { name: 'customer_email', logicalType: 'string', classification: 'pii' },
      ] }],
      roles: [{ role: 'analyst', access: 'read' }, { role: 'privacy-reader', access: 'read' }],
    }, 'checkout'),
    entity('DataProduct', 'catalog/customer/c360/product.yaml', {
      apiVersion: 'v1.0.0', kind: 'DataProduct', id: 'customer-360', name: 'Customer 360', status: 'active', domain: 'customer',
      inputPorts: [{ name: 'orders', version: '1.0.0', contractId: 'orders-v1' }],
      outputPorts: [{ name: 'customers', version: '1.0.0', contractId: 'customer-360-v1' }],
    }, 'customer'),
    entity('DataContract', 'catalog/customer/c360/customer-360-v1.contract.yaml', {
      apiVersion: 'v3.0.2', kind: 'DataContract', id: 'customer-360-v1', version: '1.0.0', status: 'active', domain: 'customer',
      schema: [{ name: 'customers', properties: [{ name: 'customer_id', logicalType: 'string' }] }],
      roles: [{ role: 'analyst' }],
    }, 'customer'),
    entity('DataProduct', 'catalog/marketing/audience/product.yaml', {
      apiVersion: 'v1.0.0', kind: 'DataProduct', id: 'audience', name: 'Audience', status: 'draft', domain: 'marketing',
      inputPorts: [{ name: 'customers', version: '1.0.0', contractId: 'customer-360-v1' }],
    }, 'marketing'),
    entity('AccessGrant', 'catalog/customer/c360/access/marketing.yaml', {
      apiVersion: 'meshgate/v1', kind: 'AccessGrant', id: 'marketing-c360', consumer: { team: '@acme/marketing', dataProduct: 'audience' },
      dataProduct: 'customer-360', outputPort: 'customers', role: 'analyst', purpose: 'Build campaign audiences.', requestedBy: '@bob', validUntil: '2027-01-31',
    }, 'customer'),
    entity('Policy', 'policies/tags.yaml', {
      apiVersion: 'meshgate/v1', kind: 'Policy', id: 'products-have-tags', title: 'Products have tags', principle: 'documentation-and-discovery',
      rationale: 'Tags help people find products.', severity: 'warning', appliesTo: 'DataProduct',
    }),
  ] as AnyValidEntity[];
}
