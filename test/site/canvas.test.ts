import { describe, expect, it } from 'vitest';
import type { AnyEntity } from '../../bot/core/model.ts';
import { buildCatalog } from '../../site/src/lib/catalog.ts';
import { canvasBodyHtml, canvasHref, classificationCounts, glossary, GLOSSARY_LIMIT } from '../../site/src/lib/canvas.ts';
import { productBodyHtml } from '../../site/src/lib/product-page.ts';
import { createUrls } from '../../site/src/lib/urls.ts';
import { demoEntities, entity } from './snapshot.ts';
import { snapshotOf } from './snapshot.ts';

const urls = createUrls('/mesh/');
const catalogOf = (entities: AnyEntity[] = demoEntities()) => buildCatalog({ snapshot: snapshotOf(entities), findings: [], evaluations: [], today: '2026-11-24' });

/** The demo entities with the orders contract's schema replaced. */
const withOrdersSchema = (schema: unknown[]): AnyEntity[] =>
  demoEntities().map((e) => (e.kind === 'DataContract' && e.id === 'orders-v1' ? entity('DataContract', e.file, { ...e.doc, schema } as never, 'checkout') : e)) as AnyEntity[];

describe('the Data Product Canvas', () => {
  it('has a box for each part of the canvas', () => {
    const html = canvasBodyHtml(catalogOf(), catalogOf().productById.get('orders')!, urls);
    const titles = [...html.matchAll(/<section class="canvas-[a-z]+" aria-labelledby="canvas-[a-z]+"><h2 id="canvas-[a-z]+">([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(titles).toEqual(['Domain', 'Consumers and use cases', 'Input ports', 'Data product', 'Output ports and contracts', 'Classification', 'Service levels and quality', 'Ownership', 'Ubiquitous language']);
  });

  it('names the teams that use the product with the purpose of their grant', () => {
    const catalog = catalogOf();
    expect(canvasBodyHtml(catalog, catalog.productById.get('customer-360')!, urls)).toContain('<li>Team <strong>@acme/marketing</strong>: Build campaign audiences.</li>');
  });

  it('lists the upstream product of each input port', () => {
    const catalog = catalogOf();
    expect(canvasBodyHtml(catalog, catalog.productById.get('customer-360')!, urls)).toContain('<li><strong>orders</strong>: <a href="/mesh/contracts/orders-v1/">orders-v1</a> from <a href="/mesh/products/orders/">Orders</a></li>');
  });

  it('is linked from the product page', () => {
    const catalog = catalogOf();
    expect(productBodyHtml(catalog, catalog.productById.get('orders')!, urls)).toContain(`<a class="button secondary" href="${canvasHref(urls, 'orders')}">Data Product Canvas</a>`);
    expect(canvasHref(urls, 'orders')).toBe('/mesh/products/orders/canvas/');
  });
});

describe('glossary (the ubiquitous language)', () => {
  it('takes the terms the contracts describe, by business name, with the column they name', () => {
    const catalog = catalogOf(withOrdersSchema([{ name: 'orders', description: 'One row per order.', properties: [{ name: 'basket_value_minor', businessName: 'Basket value', description: 'Total in cents.', synonyms: [{ synonym: 'order total' }] }, { name: 'undocumented' }] }]));
    expect(glossary(catalog.productById.get('orders')!)).toEqual([
      { term: 'Basket value', name: 'basket_value_minor', definition: 'Total in cents.', synonyms: ['order total'], contract: 'orders-v1' },
      { term: 'orders', name: 'orders', definition: 'One row per order.', synonyms: [], contract: 'orders-v1' },
    ]);
  });

  it('shows at most GLOSSARY_LIMIT terms and counts the rest', () => {
    const properties = Array.from({ length: GLOSSARY_LIMIT + 5 }, (_, i) => ({ name: `p${String(i).padStart(2, '0')}`, description: 'd' }));
    const catalog = catalogOf(withOrdersSchema([{ name: 'orders', properties }]));
    const html = canvasBodyHtml(catalog, catalog.productById.get('orders')!, urls);
    expect(html).toContain('<p class="muted">and 5 more terms on the contract pages</p>');
  });
});

describe('classificationCounts', () => {
  it('counts columns per classification, sensitive ones first, unclassified under the governance default', () => {
    const catalog = catalogOf(withOrdersSchema([{ name: 'orders', properties: [{ name: 'a' }, { name: 'b' }, { name: 'c', classification: 'pii' }, { name: 'd', classification: 'public' }] }]));
    expect(classificationCounts(catalog.productById.get('orders')!, 'internal')).toEqual([
      { classification: 'pii', columns: 1 },
      { classification: 'internal', columns: 2 },
      { classification: 'public', columns: 1 },
    ]);
  });
});
