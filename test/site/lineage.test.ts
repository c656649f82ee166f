import { describe, expect, it } from 'vitest';
import type { AnyEntity } from '../../bot/core/model.ts';
import { buildCatalog } from '../../site/src/lib/catalog.ts';
import { NEIGHBOUR_LIMIT, domainMap, domainOverviewMap, needsSplitMaps, overviewDrawable, productLineage, wholeMeshMap } from '../../site/src/lib/lineage.ts';
import { createUrls } from '../../site/src/lib/urls.ts';
import { demoEntities, entity, snapshotOf } from './snapshot.ts';

const urls = createUrls('/mesh/');
const build = (entities: AnyEntity[] = demoEntities()) => buildCatalog({ snapshot: snapshotOf(entities), findings: [], evaluations: [], today: '2026-11-24' });

/** `n` products in domain `fan` that all read the orders contract. */
const fanOut = (n: number): AnyEntity[] =>
  Array.from({ length: n }, (_, i) =>
    entity('DataProduct', `catalog/fan/p${i}/product.yaml`, {
      apiVersion: 'v1.0.0', kind: 'DataProduct', id: `fan-${i}`, status: 'active', domain: 'fan',
      inputPorts: [{ name: 'orders', version: '1', contractId: 'orders-v1' }],
    }, 'fan') as AnyEntity,
  );

describe('productLineage', () => {
  it('draws the product between its upstream products and its consumers', () => {
    const graph = productLineage(build().productById.get('customer-360')!, urls);
    expect(graph.nodes.map((n) => [n.id, n.variant])).toEqual([['customer-360', 'focus'], ['orders', undefined], ['audience', undefined]]);
    expect(graph.edges).toEqual([{ from: 'orders', to: 'customer-360' }, { from: 'customer-360', to: 'audience' }]);
  });

  it('counts a grant’s consuming product as downstream', () => {
    const entities = demoEntities().map((e) =>
      e.kind === 'DataProduct' && e.id === 'audience' ? entity('DataProduct', e.file, { ...e.doc, inputPorts: [] }, 'marketing') : e,
    ) as AnyEntity[];
    expect(productLineage(build(entities).productById.get('customer-360')!, urls).edges).toContainEqual({ from: 'customer-360', to: 'audience' });
  });

  it('draws at most NEIGHBOUR_LIMIT consumers and counts the rest', () => {
    const graph = productLineage(build([...demoEntities(), ...fanOut(NEIGHBOUR_LIMIT + 3)]).productById.get('orders')!, urls);
    expect(graph.edges).toHaveLength(NEIGHBOUR_LIMIT);
    expect(graph.omitted).toBe(4); // customer-360 and 3 fan products
  });

  it('links nodes under the site’s base path', () => {
    expect(productLineage(build().productById.get('orders')!, urls).nodes[0].href).toBe('/mesh/products/orders/');
  });
});

describe('mesh maps', () => {
  it('draws one map while the mesh is small', () => {
    const catalog = build();
    expect(needsSplitMaps(catalog)).toBe(false);
    expect(wholeMeshMap(catalog, urls).nodes).toHaveLength(3);
  });

  it('labels each edge of the map with the contract it flows under, linked to the contract’s page', () => {
    expect(wholeMeshMap(build(), urls).edges).toContainEqual({ from: 'orders', to: 'customer-360', labels: [{ text: 'orders-v1', href: '/mesh/contracts/orders-v1/' }] });
  });

  it('splits into per-domain maps above the limit', () => {
    expect(needsSplitMaps(build([...demoEntities(), ...fanOut(10)]), 10)).toBe(true);
  });

  it('connects domains where their products exchange data', () => {
    expect(domainOverviewMap(build(), urls).edges).toEqual([{ from: 'checkout', to: 'customer' }, { from: 'customer', to: 'marketing' }]);
  });

  it('shows neighbours from other domains on a domain map as external nodes', () => {
    const map = domainMap(build(), 'customer', urls);
    expect(map.graph!.nodes.map((n) => [n.id, n.variant])).toEqual([['customer-360', undefined], ['orders', 'external'], ['audience', 'external']]);
  });

  it('labels a domain map’s edges with the contracts they flow under', () => {
    expect(domainMap(build(), 'customer', urls).graph!.edges).toEqual([
      { from: 'orders', to: 'customer-360', labels: [{ text: 'orders-v1', href: urls.contract('orders-v1') }] },
      { from: 'customer-360', to: 'audience', labels: [{ text: 'customer-360-v1', href: urls.contract('customer-360-v1') }] },
    ]);
  });

  it('folds many neighbours from other domains into one node per domain, linking to its map', () => {
    const map = domainMap(build(), 'customer', urls, undefined, 1);
    expect(map.externalDomains).toBe(true);
    expect(map.graph!.nodes.map((n) => [n.id, n.variant, n.href, n.column])).toEqual([
      ['customer-360', undefined, urls.product('customer-360'), undefined],
      ['domain:checkout', 'external', urls.domainMap('checkout'), 'before'],
      ['domain:marketing', 'external', urls.domainMap('marketing'), 'after'],
    ]);
    expect(map.graph!.edges).toEqual([{ from: 'domain:checkout', to: 'customer-360' }, { from: 'customer-360', to: 'domain:marketing' }]);
  });

  it('keeps neighbours as products while they are few', () => {
    expect(domainMap(build(), 'customer', urls, undefined, 2).externalDomains).toBeUndefined();
  });

  it('draws a domain map as a plain graph, the domain told by solid nodes rather than a cluster box', () => {
    const graph = domainMap(build(), 'customer', urls).graph!;
    expect(graph.clusters ?? []).toEqual([]);
    expect(graph.nodes.every((n) => n.group === undefined)).toBe(true);
  });

  it('lists a domain too large to draw instead of drawing it', () => {
    const map = domainMap(build([...demoEntities(), ...fanOut(5)]), 'fan', urls, 4);
    expect(map.graph).toBeUndefined();
    expect(map.products).toHaveLength(5);
  });
});

describe('overviewDrawable', () => {
  it('draws the domain overview while it is small', () => {
    expect(overviewDrawable(domainOverviewMap(build(), urls))).toBe(true);
  });

  it('lists instead of drawing when domains exchange data along too many edges', () => {
    const nodes = Array.from({ length: 30 }, (_, i) => ({ id: `d${i}`, label: `d${i}` }));
    const edges = nodes.flatMap((a) => nodes.filter((b) => b !== a).map((b) => ({ from: a.id, to: b.id })));
    expect(overviewDrawable({ title: 'dense', nodes, edges })).toBe(false);
  });
});
