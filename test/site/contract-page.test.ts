import { describe, expect, it } from 'vitest';
import type { AnyEntity, Finding } from '../../bot/core/model.ts';
import { buildCatalog } from '../../site/src/lib/catalog.ts';
import { contractBodyHtml, type ContractPageData } from '../../site/src/lib/contract-page.ts';
import { badgeHtml, findingsHtml, verdictsHtml } from '../../site/src/lib/html.ts';
import { roleRequests } from '../../site/src/lib/product.ts';
import type { ContractVersion } from '../../site/src/lib/history.ts';
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
    expect(body()).toContain(
      '<tr><td data-label="Role"><strong>analyst</strong></td><td data-label="Access">read</td><td data-label="Columns it exposes">all columns</td><td data-label="First-level approvers"><span class="muted">product owners</span></td><td data-label="Second-level approvers"></td><td data-label="Description"></td>',
    );
  });

  describe('request access per role', () => {
    const repository = { url: 'https://github.com/acme/mesh', branch: 'main' };
    const withRequests = () => {
      const catalog = buildCatalog({ snapshot: snapshotOf(demoEntities()), findings: [], evaluations: [], today: '2026-11-24', repository });
      const contract = catalog.contractById.get('orders-v1')!;
      return contractBodyHtml(contract, { verdicts: [], findings: [], urls, requests: roleRequests(catalog, contract) });
    };
    const unescapeAttribute = (value: string) => value.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

    it('offers a Request access button in each role’s row, prefilled with that role', () => {
      const html = withRequests();
      const buttons = [...html.matchAll(/<a class="button request-access" href="([^"]+)"[^>]*>([^<]+)<\/a>/g)];
      expect(buttons.map((b) => b[2])).toEqual(['Request analyst access', 'Request privacy-reader access']);
      const roles = buttons.map((b) => new URL(unescapeAttribute(b[1])).searchParams.get('role'));
      expect(roles).toEqual(['analyst', 'privacy-reader']);
      expect(new URL(unescapeAttribute(buttons[0]![1])).searchParams.get('port')).toBe('orders-table');
    });

    it('proposes for each role the latest end date the policies accept', () => {
      expect(withRequests()).toContain('Request analyst access</a> <span class="muted">until 2027-11-24 at the latest</span>');
    });

    it('says why there is no button when no repository is configured', () => {
      expect(body()).toContain('<td data-label="Request"><span class="muted">no repository configured</span></td>');
    });
  });

  it('shows each property’s tags as badges under its name', () => {
    const html = body(withOrders({ schema: [{ name: 'orders', properties: [{ name: 'customer_email', logicalType: 'string', tags: ['pii', 'contact'] }] }] }));
    expect(html).toContain('<code>customer_email</code><div class="tags"><span class="badge tag">pii</span> <span class="badge tag">contact</span></div></th>');
  });

  it('shows every classification level as a badge of the same shape', () => {
    const html = body(withOrders({ schema: [{ name: 'orders', properties: [{ name: 'a', classification: 'public' }, { name: 'b', classification: 'internal' }, { name: 'c', classification: 'restricted' }] }] }));
    const badges = [...html.matchAll(/<td data-pagefind-ignore>(<span class="badge [^"]+" title="Classification: [^"]+">[^<]+<\/span>)<\/td>/g)].map((m) => m[1]);
    expect(badges).toEqual([
      '<span class="badge classification" title="Classification: public">Public</span>',
      '<span class="badge classification" title="Classification: internal">Internal</span>',
      '<span class="badge restricted" title="Classification: restricted">Restricted</span>',
    ]);
  });

  it('puts the columns each role exposes beside the role', () => {
    const html = body(withOrders({ roles: [{ role: 'analyst' }] }));
    expect(html).toContain('<td data-label="Columns it exposes">all columns</td>');
  });

  describe('history', () => {
    const history: ContractVersion[] = [
      { version: '2.0.0', date: '2026-11-20T10:00:00+00:00', commit: 'b'.repeat(40), breaking: [{ reason: 'property "customer_email" was removed', severity: 'error' }] },
      { version: '1.1.0', date: '2026-10-01T09:00:00+00:00', commit: 'a'.repeat(40), breaking: [] },
      { version: '1.0.0', date: '2026-09-01T09:00:00+00:00', commit: 'c'.repeat(40), breaking: [] },
    ];
    const html = () => contractBodyHtml(catalogOf().contractById.get('orders-v1')!, { verdicts: [], findings: [], urls, history });

    it('lists each version with the date and commit it was first committed in', () => {
      expect(html()).toContain('<tr><th scope="row">1.1.0</th><td data-label="Since"><time datetime="2026-10-01T09:00:00+00:00">2026-10-01</time> <code class="muted">aaaaaaa</code></td>');
    });

    it('lists the breaking changes a version made since the one before it', () => {
      expect(html()).toContain('<span class="badge fail">1 breaking change</span> <span class="muted">since 1.1.0</span><ul><li>property &quot;customer_email&quot; was removed</li></ul>');
    });

    it('says when a version broke nothing, and marks the first', () => {
      expect(html()).toContain('<span class="badge pass">no breaking change</span> <span class="muted">since 1.0.0</span>');
      expect(html()).toContain('<span class="muted">first version</span>');
    });
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
    expect(html).toContain('<tr><td data-label="Property">latency</td><td data-label="Value">1 – 4</td><td data-label="Unit">h</td><td data-label="Element">orders.order_id</td><td data-label="Description"></td></tr>');
  });
});

describe('verdictsHtml and findingsHtml', () => {
  const failing: Verdict = { policy: 'tags', title: 'Products have tags', severity: 'error', status: 'fail', kind: 'DataProduct', id: 'orders', findings: [{ severity: 'error', code: 'policy', message: 'no <tags>', file: 'p.yaml', line: 3, column: 1, path: '' }] };
  const passing: Verdict = { ...failing, policy: 'owners', title: 'Owners', status: 'pass', findings: [] };

  it('lists a failure with what failed, and folds the passes away', () => {
    const html = verdictsHtml([failing, passing], urls, true);
    expect(html).toContain('<span class="badge fail">1 failing</span> of 2 policy checks.');
    expect(html).toContain('<td data-label="Checked">product: <code>orders</code></td>');
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
