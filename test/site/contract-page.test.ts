import { describe, expect, it } from 'vitest';
import type { AnyEntity, Finding } from '../../bot/core/model.ts';
import { buildCatalog } from '../../site/src/lib/catalog.ts';
import { contractBodyHtml, type ContractPageData } from '../../site/src/lib/contract-page.ts';
import { findingsHtml, verdictsHtml } from '../../site/src/lib/html.ts';
import { createUrls } from '../../site/src/lib/urls.ts';
import { demoEntities, entity, snapshotOf } from './snapshot.ts';

const urls = createUrls('/mesh/');
type Verdict = ContractPageData['verdicts'][number];
const catalogOf = (entities: AnyEntity[] = demoEntities()) => buildCatalog({ snapshot: snapshotOf(entities), findings: [], evaluations: [], today: '2026-11-24' });
const body = (entities?: AnyEntity[], id = 'orders-v1') => contractBodyHtml(catalogOf(entities).contractById.get(id)!, { verdicts: [], findings: [], urls });

/** The demo entities with the orders contract's document changed. */
const withOrders = (change: Record<string, unknown>): AnyEntity[] =>
  demoEntities().map((e) => (e.kind === 'DataContract' && e.id === 'orders-v1' ? entity('DataContract', e.file, { ...e.doc, ...change } as never, 'checkout') : e)) as AnyEntity[];

describe('contractBodyHtml (a contract page’s body)', () => {
  it('names the contract, its id and version, and the product and port that serve it', () => {
    const html = body();
    expect(html).toContain(`<h1>${catalogOf().contractById.get('orders-v1')!.name}</h1>`);
    expect(html).toContain('<li>id <strong><code>orders-v1</code></strong></li>');
    expect(html).toContain('<li>version <strong>1.0.0</strong></li>');
    expect(html).toMatch(/Data contract of <a href="\/mesh\/products\/orders\/">/);
  });

  it('shows each schema object as a table with the PII badge on the PII property', () => {
    expect(body()).toMatch(/<section aria-labelledby="object-orders"><h3 id="object-orders">orders<\/h3>.*<code>customer_email<\/code><\/th>.*?<span class="badge pii"/s);
  });

  it('links the YAML download under the site’s base', () => {
    expect(body()).toContain('<a href="/mesh/raw/catalog/checkout/orders/orders-v1.contract.yaml" download="orders-v1.contract.yaml">');
  });

  it('lists the roles, with product owners as the default first-level approvers', () => {
    expect(body()).toContain('<tr><td>analyst</td><td>read</td><td><span class="muted">product owners</span></td><td></td><td></td><td>all columns</td></tr>');
  });

  it('says so when the contract has no SLA, servers or quality rules', () => {
    const html = body();
    expect(html).toContain('<p class="muted">No SLA properties stated.</p>');
    expect(html).toContain('<p class="muted">No servers listed.</p>');
    expect(html).toContain('<p class="muted">No quality rules.</p>');
  });

  it('escapes markup from the contract in text and attributes', () => {
    const html = body(withOrders({ description: { purpose: '<script>alert(1)</script>' }, tags: ['"><img src=x>'], schema: [{ name: 'o"><b>', properties: [] }] }));
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('aria-labelledby="object-o&quot;&gt;&lt;b&gt;"');
  });

  it('shows SLA values with their range and unit', () => {
    const html = body(withOrders({ slaProperties: [{ property: 'latency', value: 1, valueExt: 4, unit: 'h', element: 'orders.order_id' }] }));
    expect(html).toContain('<tr><td>latency</td><td>1 – 4</td><td>h</td><td>orders.order_id</td><td></td></tr>');
  });
});

describe('verdictsHtml and findingsHtml', () => {
  const failing: Verdict = { policy: 'tags', title: 'Products have tags', severity: 'error', status: 'fail', kind: 'DataProduct', id: 'orders', findings: [{ severity: 'error', code: 'policy', message: 'no <tags>', file: 'p.yaml', line: 3, column: 1, path: '' }] };
  const passing: Verdict = { ...failing, policy: 'owners', title: 'Owners', status: 'pass', findings: [] };

  it('lists a failure with what failed, and folds the passes away', () => {
    const html = verdictsHtml([failing, passing], urls, true);
    expect(html).toContain('<span class="badge fail">1 failing</span> of 2 policy checks.');
    expect(html).toContain('<td>product: <code>orders</code></td>');
    expect(html).toContain('<div>no &lt;tags&gt; <code class="muted">p.yaml:3</code></div>');
    expect(html).toContain('<details><summary>1 passing check</summary><ul><li><a href="/mesh/policies/#policy-owners">Owners</a><span class="muted"> — product orders</span></li></ul></details>');
  });

  it('says when no policy applies', () => {
    expect(verdictsHtml([], urls)).toBe('<p class="muted">No policy applies here.</p>');
  });

  it('shows at most `limit` findings and counts the rest', () => {
    const finding: Finding = { severity: 'warning', code: 'x', message: 'm', file: 'f.yaml', line: 1, column: 2, path: '' };
    const html = findingsHtml([finding, finding, finding], 2);
    expect(html.match(/<li>/g)).toHaveLength(2);
    expect(html).toContain('<li class="muted">and 1 more</li>');
    expect(findingsHtml([])).toBe('<p><span class="badge pass">valid</span> No validation findings.</p>');
  });
});
