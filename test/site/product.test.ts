import { describe, expect, it } from 'vitest';
import type { AnyEntity } from '../../bot/core/model.ts';
import { buildCatalog } from '../../site/src/lib/catalog.ts';
import { downstream, outputPortDetails, qualityRules, serviceLevels } from '../../site/src/lib/product.ts';
import { demoEntities, entity, snapshotOf } from './snapshot.ts';

const repository = { url: 'https://github.com/acme/mesh', branch: 'main' };
const build = (entities: AnyEntity[] = demoEntities(), withRepository = true) =>
  buildCatalog({ snapshot: snapshotOf(entities), findings: [], evaluations: [], today: '2026-11-24', repository: withRepository ? repository : undefined });

const withContract = (change: Record<string, unknown>): AnyEntity[] =>
  demoEntities().map((e) => (e.kind === 'DataContract' && e.id === 'orders-v1' ? entity('DataContract', e.file, { ...e.doc, ...change } as never, 'checkout') : e)) as AnyEntity[];

describe('outputPortDetails', () => {
  it('offers an access request for each port, leaving the role to the requester', () => {
    const catalog = build();
    const [port] = outputPortDetails(catalog, catalog.productById.get('orders')!);
    expect(port.roles).toEqual(['analyst', 'privacy-reader']);
    expect(port.request?.grant).toMatchObject({ dataProduct: 'orders', outputPort: 'orders-table', role: 'your-role' });
  });

  it('offers no request when no repository is configured', () => {
    const catalog = build(undefined, false);
    expect(outputPortDetails(catalog, catalog.productById.get('orders')!)[0].request).toBeUndefined();
  });

  it('lists the contract’s fields with their schema object', () => {
    const catalog = build();
    expect(outputPortDetails(catalog, catalog.productById.get('orders')!)[0].fields.map((f) => `${f.object}.${f.path}`)).toEqual([
      'orders.order_id',
      'orders.customer_email',
    ]);
  });
});

describe('qualityRules', () => {
  it('collects rules of schema objects and of properties, saying where each applies', () => {
    const catalog = build(
      withContract({
        schema: [{ name: 'orders', quality: [{ metric: 'rowCount', mustBeGreaterThan: 0 }], properties: [{ name: 'order_id', quality: [{ metric: 'nullValues', mustBe: 0 }] }] }],
      }),
    );
    expect(qualityRules(catalog.contractById.get('orders-v1')!).map((q) => q.where)).toEqual(['orders', 'orders.order_id']);
  });
});

describe('serviceLevels', () => {
  it('describes the SLA properties of every contract of the product', () => {
    const catalog = build(withContract({ slaProperties: [{ property: 'latency', value: 5, unit: 'm' }] }));
    expect(serviceLevels(catalog.productById.get('orders')!).map((s) => s.text)).toEqual(['latency: 5 m']);
  });
});

describe('downstream', () => {
  it('lists up to the limit and counts the rest', () => {
    const catalog = build();
    const product = catalog.productById.get('customer-360')!;
    expect(downstream(product, 0)).toEqual({ consumers: [], grants: [], more: 2 });
    expect(downstream(product).more).toBe(0);
  });
});
