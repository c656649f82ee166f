import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../site/src/lib/catalog.ts';
import { contractFilters, domainFilters, filterElements, productFilters } from '../../site/src/lib/search.ts';
import { demoEntities, snapshotOf } from './snapshot.ts';

const catalog = buildCatalog({ snapshot: snapshotOf(demoEntities()), findings: [], evaluations: [], today: '2026-11-24' });

describe('search filters', () => {
  it('files a product under its kind, domain, domain type, tags and its contracts’ classifications', () => {
    expect(productFilters(catalog, catalog.productById.get('orders')!)).toEqual({
      kind: ['Data product'],
      domain: ['checkout'],
      'domain type': ['source-aligned'],
      tags: ['sales'],
      classification: ['pii'],
      status: ['active'],
    });
  });

  it('files a contract under its own classifications', () => {
    expect(contractFilters(catalog, catalog.contractById.get('orders-v1')!)).toMatchObject({ kind: ['Data contract'], classification: ['pii'] });
  });

  it('files a domain under its type', () => {
    expect(domainFilters(catalog.domainById.get('marketing')!)).toMatchObject({ kind: ['Domain'], 'domain type': ['consumer-aligned'] });
  });

  it('renders one element per value and skips empty ones', () => {
    expect(filterElements({ tag: ['a', '', 'b'], kind: ['Domain'] })).toEqual([
      { name: 'tag', value: 'a' },
      { name: 'tag', value: 'b' },
      { name: 'kind', value: 'Domain' },
    ]);
  });
});
