import { describe, expect, it } from 'vitest';
import type { AnyEntity } from '../../bot/core/model.ts';
import { buildCatalog, counts, domainsByType, productFindings, recentlyChanged } from '../../site/src/lib/catalog.ts';
import { demoEntities, entity, snapshotOf } from './snapshot.ts';

const build = (entities: AnyEntity[] = demoEntities(), extra: Partial<Parameters<typeof buildCatalog>[0]> = {}) =>
  buildCatalog({ snapshot: snapshotOf(entities), findings: [], evaluations: [], today: '2026-11-24', ...extra });

describe('buildCatalog', () => {
  it('draws a lineage edge from the product serving a contract to the product consuming it', () => {
    const catalog = build();
    expect(catalog.edges).toEqual([
      { from: 'orders', to: 'customer-360', contractId: 'orders-v1' },
      { from: 'customer-360', to: 'audience', contractId: 'customer-360-v1' },
    ]);
  });

  it('lists consumers on the upstream product and upstream products on the input port', () => {
    const catalog = build();
    expect(catalog.productById.get('orders')!.consumers.map((c) => c.product.id)).toEqual(['customer-360']);
    expect(catalog.productById.get('customer-360')!.inputPorts[0].upstream?.id).toBe('orders');
  });

  it('finds the serving product of a contract through the output port naming it', () => {
    const contract = build().contractById.get('customer-360-v1')!;
    expect(contract.product?.id).toBe('customer-360');
    expect(contract.port).toBe('customers');
  });

  it('falls back to the contract’s dataProduct when no output port names it', () => {
    const entities = demoEntities().map((e) =>
      e.kind === 'DataProduct' && e.id === 'orders' ? entity('DataProduct', e.file, { ...e.doc, outputPorts: [] }, 'checkout') : e,
    ) as AnyEntity[];
    const contract = build(entities).contractById.get('orders-v1')!;
    expect(contract.product?.id).toBe('orders');
    expect(contract.port).toBeUndefined();
  });

  it('attaches a grant to its product, port, contract and consuming product', () => {
    const catalog = build();
    const grant = catalog.grants[0];
    expect(grant.product?.id).toBe('customer-360');
    expect(grant.contract?.id).toBe('customer-360-v1');
    expect(grant.consumerProduct?.id).toBe('audience');
    expect(catalog.productById.get('customer-360')!.outputPorts[0].grants.map((g) => g.id)).toEqual(['marketing-c360']);
  });

  it('marks a grant expiring within the governance window as expiring', () => {
    expect(build(undefined, { today: '2027-01-10' }).grants[0].state).toBe('expiring');
    expect(build(undefined, { today: '2027-02-01' }).grants[0].state).toBe('expired');
    expect(build().grants[0].state).toBe('active');
  });

  it('derives upstream and downstream domains from product lineage', () => {
    const customer = build().domainById.get('customer')!;
    expect(customer.upstream).toEqual(['checkout']);
    expect(customer.downstream).toEqual(['marketing']);
  });

  it('collects classifications of a contract for filters', () => {
    expect(build().contractById.get('orders-v1')!.classifications).toEqual(['pii']);
  });

  it('picks up the README next to product.yaml', () => {
    const catalog = buildCatalog({
      snapshot: snapshotOf(demoEntities(), { 'catalog/checkout/orders/README.md': '# Orders' }),
      findings: [],
      evaluations: [],
      today: '2026-11-24',
    });
    expect(catalog.productById.get('orders')!.readme).toEqual({ path: 'catalog/checkout/orders/README.md', text: '# Orders' });
  });

  it('gives a product in a folder without domain.yaml an "unknown" domain entry instead of dropping it', () => {
    const entities = demoEntities().filter((e) => !(e.kind === 'Domain' && e.id === 'marketing'));
    expect(build(entities).domainById.get('marketing')).toMatchObject({ type: 'unknown', products: [{ id: 'audience' }] });
  });

  it('collects the findings of a product’s own, contract and grant files', () => {
    const finding = { severity: 'error' as const, code: 'schema', message: 'bad', file: 'catalog/customer/c360/access/marketing.yaml', line: 1, column: 1, path: '' };
    const catalog = build(undefined, { findings: [finding] });
    expect(productFindings(catalog, catalog.productById.get('customer-360')!)).toEqual([finding]);
    expect(productFindings(catalog, catalog.productById.get('orders')!)).toEqual([]);
  });

  it('dates a product by the newest change to its product or contract file', () => {
    const changedAt = new Map([
      ['catalog/checkout/orders/product.yaml', '2026-01-01T00:00:00Z'],
      ['catalog/checkout/orders/orders-v1.contract.yaml', '2026-03-01T00:00:00Z'],
      ['catalog/customer/c360/product.yaml', '2026-02-01T00:00:00Z'],
    ]);
    const catalog = build(undefined, { changedAt });
    expect(catalog.productById.get('orders')!.changedAt).toBe('2026-03-01T00:00:00Z');
    expect(recentlyChanged(catalog.products, 5).map((p) => p.id)).toEqual(['orders', 'customer-360']);
  });

  it('gives an entity that fails its schema no page and lists it as invalid', () => {
    const entities = demoEntities().map((e) => (e.id === 'audience' ? { ...e, valid: false } : e)) as AnyEntity[];
    const catalog = build(entities);
    expect(catalog.productById.has('audience')).toBe(false);
    expect(catalog.invalid.map((e) => e.id)).toEqual(['audience']);
  });

  it('reads the title from governance.yaml site settings', () => {
    const governance = entity('Governance', 'policies/governance.yaml', {
      apiVersion: 'meshgate/v1', kind: 'Governance', id: 'governance', members: { platform: ['@dave'] }, quorum: 1, platformApprovers: ['@dave'],
      site: { title: 'Acme mesh' },
    });
    expect(build([...demoEntities(), governance as AnyEntity]).title).toBe('Acme mesh');
  });
});

describe('domainsByType', () => {
  it('orders groups the way data flows: source-aligned, aggregate, consumer-aligned', () => {
    expect(domainsByType(build().domains).map((g) => g.type)).toEqual(['source-aligned', 'aggregate', 'consumer-aligned']);
  });
});

describe('counts', () => {
  it('counts every kind the home page shows', () => {
    expect(counts(build())).toEqual({ domains: 3, products: 3, contracts: 2, grants: 1, policies: 1 });
  });
});
