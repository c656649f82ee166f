import { describe, expect, it } from 'vitest';
import type { AnyEntity } from '../../bot/core/model.ts';
import { buildCatalog } from '../../site/src/lib/catalog.ts';
import { FIELD_LIMIT, productBodyHtml } from '../../site/src/lib/product-page.ts';
import { createUrls } from '../../site/src/lib/urls.ts';
import { demoEntities, entity, snapshotOf } from './snapshot.ts';

const urls = createUrls('/mesh/');
const catalogOf = (entities: AnyEntity[] = demoEntities()) => buildCatalog({ snapshot: snapshotOf(entities), findings: [], evaluations: [], today: '2026-11-24' });
const body = (id: string, entities?: AnyEntity[], readme?: string) => {
  const catalog = catalogOf(entities);
  return productBodyHtml(catalog, catalog.productById.get(id)!, urls, readme);
};

/** The demo entities with one document changed. */
const changed = (kind: string, id: string, change: Record<string, unknown>): AnyEntity[] =>
  demoEntities().map((e) => (e.kind === kind && e.id === id ? entity(e.kind, e.file, { ...e.doc, ...change } as never, e.domain) : e)) as AnyEntity[];

describe('productBodyHtml (a product page’s body)', () => {
  it('names the product, its domain and id', () => {
    const html = body('customer-360');
    expect(html).toContain('<h1>Customer 360</h1>');
    expect(html).toContain('<li>id <strong><code>customer-360</code></strong></li>');
    expect(html).toMatch(/Data product in <a href="\/mesh\/domains\/customer\/">/);
  });

  it('shows each output port with its contract, id and field table, the field names searchable', () => {
    const html = body('customer-360');
    expect(html).toContain('<dt>Contract</dt><dd><a href="/mesh/contracts/customer-360-v1/">');
    expect(html).toContain('<code>customer-360-v1</code>');
    expect(html).toContain('<tr><td><code>customer_id</code></td><td data-pagefind-ignore>string</td>');
  });

  it('lists the other names of the contract’s schema objects in the port section, where search finds them', () => {
    const html = body('customer-360', changed('DataContract', 'customer-360-v1', { apiVersion: 'v3.2.0', schema: [{ name: 'customers', synonyms: [{ synonym: 'clients' }, { synonym: 'buyers' }], properties: [] }] }));
    expect(html).toContain('</dl><p class="muted"><code>customers</code> is also called clients, buyers</p>');
  });

  it('folds the names of fields beyond the table’s limit into a list', () => {
    const properties = Array.from({ length: FIELD_LIMIT + 2 }, (_, i) => ({ name: `f${i}`, logicalType: 'string' }));
    const html = body('customer-360', changed('DataContract', 'customer-360-v1', { schema: [{ name: 'customers', properties }] }));
    expect(html).toContain('<summary>2 more fields</summary><p><code>f40</code>, <code>f41</code></p>');
    expect(html).not.toContain('<tr><td><code>f40</code>');
  });

  it('lists upstream input ports and downstream consumers in the lineage section', () => {
    const html = body('customer-360');
    expect(html).toContain('<li><strong>orders</strong>: <a href="/mesh/contracts/orders-v1/">');
    expect(html).toMatch(/<li>Product <a href="\/mesh\/products\/audience\/">Audience<\/a> \(marketing\) reads <code>customer-360-v1<\/code><\/li>/);
    expect(html).toContain('<li>Team <strong>@acme/marketing</strong> for <a href="/mesh/products/audience/">Audience</a>: customers as analyst, until <time datetime="2027-01-31">2027-01-31</time>');
  });

  it('keeps owners, SLA, compliance and source out of the search index', () => {
    const html = body('customer-360');
    expect(html).toContain('<dl class="facts" data-pagefind-ignore><dt>Owners</dt>');
    for (const id of ['lineage', 'sla', 'compliance', 'source']) expect(html).toContain(`<section aria-labelledby="${id}" data-pagefind-ignore>`);
  });

  it('places the rendered README as it is, and escapes text from the YAML', () => {
    const html = body('customer-360', changed('DataProduct', 'customer-360', { description: { purpose: '<script>x</script>' } }), '<p>Read <em>me</em></p>');
    expect(html).toContain('<h2 id="readme">Documentation</h2><p>Read <em>me</em></p></section>');
    expect(html).toContain('<p class="lead">&lt;script&gt;x&lt;/script&gt;</p>');
    expect(html).not.toContain('<script>');
  });

  it('says so when the product has no output ports', () => {
    expect(body('audience')).toContain('<p class="muted">This product has no output ports yet.</p>');
  });
});
