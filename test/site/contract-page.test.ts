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

  describe('ODCS v3.2.0 fields', () => {
    const v32 = () =>
      body(
        withOrders({
          apiVersion: 'v3.2.0',
          context: { instructions: 'Amounts are in cents.', verifiedStatements: [{ question: 'Orders yesterday?', answer: 'SELECT 1' }], constraints: [{ constraint: 'Never join on email.' }] },
          schema: [
            {
              name: 'orders',
              synonyms: [{ synonym: 'purchases' }, { synonym: 'commandes', locale: 'fr-FR' }],
              context: 'One row per order.',
              properties: [
                { name: 'status', logicalType: 'string', synonyms: [{ synonym: 'order state' }], enum: [{ value: 'placed', label: 'Placed' }, { value: 'shipped', label: 'Shipped', description: 'Handed to the carrier.' }] },
                { name: 'attributes', logicalType: 'map', map: { key: { logicalType: 'string' }, value: { logicalType: 'integer' } } },
                { name: 'revenue', logicalType: 'number', semanticType: 'measure' },
                { name: 'country', logicalType: 'string', semanticType: 'column' },
              ],
            },
          ],
        }),
      );

    it('shows enum values with their labels in the searched description cell', () => {
      expect(v32()).toContain('<div>Values: <code>placed</code> Placed; <code>shipped</code> Shipped<span class="muted"> — Handed to the carrier.</span></div></td>');
    });

    it('shows a property’s synonyms in the searched description cell', () => {
      expect(v32()).toContain('<td><div class="muted">Also called order state</div><div>Values:');
    });

    it('shows a map’s key and value types', () => {
      expect(v32()).toContain('<td data-pagefind-ignore>map &lt;string, integer&gt;</td>');
    });

    it('marks a measure, and says nothing for a plain column', () => {
      const html = v32();
      expect(html).toContain('<td data-pagefind-ignore>number <span class="badge neutral">measure</span></td>');
      expect(html).toContain('<code>country</code></th><td data-pagefind-ignore>string</td>');
    });

    it('shows an object’s synonyms and context under its heading', () => {
      expect(v32()).toContain('<h3 id="object-orders">orders</h3><div class="muted">Also called purchases, commandes (fr-FR)</div><div class="context"><strong>Context</strong> <p>One row per order.</p></div>');
    });

    it('shows the contract’s context: instructions, verified questions, constraints', () => {
      expect(v32()).toContain('<dt>Context</dt><dd><p>Amounts are in cents.</p><p>Verified questions</p><ul><li>Orders yesterday? — <code>SELECT 1</code></li></ul><p>Do not</p><ul><li>Never join on email.</li></ul></dd>');
    });
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
