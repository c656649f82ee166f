import { describe, expect, it } from 'vitest';
import type { PropertyRow } from '../../site/src/lib/contract.ts';
import { badgeHtml, escapeHtml, externalLinkHtml, fieldRowsHtml, schemaRowsHtml, supportHtml } from '../../site/src/lib/html.ts';

const row = (property: Partial<PropertyRow['property']> = {}, path = 'order_id', depth = 0): PropertyRow => ({
  path,
  depth,
  property: { name: path.split('.').pop()!, ...property } as PropertyRow['property'],
});

describe('escapeHtml', () => {
  it('escapes the characters that can end text or an attribute value', () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;');
  });
});

describe('badgeHtml', () => {
  it('marks a PII classification with its badge and the classification as its title', () => {
    expect(badgeHtml({ classification: 'pii' })).toBe('<span class="badge pii" title="Classification: pii">PII</span>');
  });

  it('shows every other classification level as a badge too, escaped', () => {
    expect(badgeHtml({ classification: 'public <b>' })).toBe('<span class="badge classification" title="Classification: public &lt;b&gt;">Public &lt;b&gt;</span>');
  });

  it('gives a known status its own class and an unknown one the neutral class', () => {
    expect(badgeHtml({ status: 'Active' })).toBe('<span class="badge active">Active</span>');
    expect(badgeHtml({ status: 'in review' })).toBe('<span class="badge neutral">in review</span>');
  });

  it('is empty without a classification or a status', () => {
    expect(badgeHtml({})).toBe('');
  });
});

describe('schemaRowsHtml (a contract page’s schema table)', () => {
  it('renders a property with its type, flags, badge, description and examples', () => {
    const html = schemaRowsHtml([
      row({ logicalType: 'string', physicalType: 'varchar(36)', required: true, unique: true, primaryKey: true, primaryKeyPosition: 1, classification: 'restricted', description: 'The order', examples: ['o-1', 2, { a: 1 }, 'more'] }),
    ]);
    expect(html).toBe(
      '<tr><th scope="row"><code>order_id</code></th><td data-pagefind-ignore>string<span class="muted"> varchar(36)</span></td>' +
        '<td data-pagefind-ignore>yes</td><td data-pagefind-ignore>yes</td><td data-pagefind-ignore>yes (1)</td>' +
        '<td data-pagefind-ignore><span class="badge restricted" title="Classification: restricted">Restricted</span></td>' +
        '<td>The order</td><td data-pagefind-ignore><code>o-1</code>, <code>2</code>, <code>{&quot;a&quot;:1}</code></td></tr>',
    );
  });

  it('indents nested properties by depth, at most three levels', () => {
    expect(schemaRowsHtml([row({}, 'a.b', 1)])).toContain('<th scope="row" class="depth-1"><code>a.b</code>');
    expect(schemaRowsHtml([row({}, 'a.b.c.d.e', 4)])).toContain('class="depth-3"');
  });

  it('escapes markup in names, types, descriptions and examples', () => {
    const html = schemaRowsHtml([row({ logicalType: 'string', physicalType: '<t>', description: '<script>alert(1)</script>', examples: ['<img>'] }, 'x<y')]);
    expect(html).not.toMatch(/<script|<img|<t>|x<y/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('fieldRowsHtml (a product page’s field summary)', () => {
  it('shows the logical type, else the physical one; only the field name is searched', () => {
    expect(fieldRowsHtml([row({ physicalType: 'int', classification: 'pii', description: 'Customer & more' }, 'customer_id')])).toBe(
      '<tr><td><code>customer_id</code></td><td data-pagefind-ignore>int</td>' +
        '<td data-pagefind-ignore><span class="badge pii" title="Classification: pii">PII</span></td><td data-pagefind-ignore>Customer &amp; more</td></tr>',
    );
  });

  it('searches an ODCS v3.2.0 field by its synonyms and enum labels too', () => {
    const html = fieldRowsHtml([row({ logicalType: 'string', synonyms: [{ synonym: 'order state' }], enum: [{ value: 'S', label: 'Shipped' }, { value: 'P' }] }, 'status')]);
    expect(html.startsWith('<tr><td><code>status</code><div class="muted">Also called order state</div><div class="muted">Shipped, P</div></td><td data-pagefind-ignore>')).toBe(true);
  });
});

describe('schemaRowsHtml with ODCS v3.2.0 fields', () => {
  it('escapes enum values, labels and synonyms', () => {
    const html = schemaRowsHtml([row({ enum: [{ value: '<v>', label: '<l>' }], synonyms: [{ synonym: '<s>', locale: '<x>' }] })]);
    expect(html).not.toMatch(/<v>|<l>|<s>|<x>/);
    expect(html).toContain('<div class="muted">Also called &lt;s&gt; (&lt;x&gt;)</div><div>Values: <code>&lt;v&gt;</code> &lt;l&gt;</div>');
  });
});

describe('externalLinkHtml and supportHtml', () => {
  it('links an https: support channel', () => {
    expect(supportHtml([{ channel: '#orders', url: 'https://chat.example.com/orders' }])).toBe('<a href="https://chat.example.com/orders" rel="noopener">#orders</a>');
  });

  it.each(['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,x', 'vbscript:x'])('shows %j as text, never as a link', (url) => {
    const html = supportHtml([{ channel: '#orders', url }]);
    expect(html).not.toContain('<a');
    expect(html).toContain('not a link');
  });

  it('shows the real target after text that names another URL', () => {
    expect(externalLinkHtml('https://evil.example/', 'https://bank.example/')).toBe(
      '<a href="https://evil.example/" rel="noopener">https://bank.example/</a> <span class="muted">(https://evil.example/)</span>',
    );
  });

  it('adds nothing when the text is the link’s own URL', () => {
    expect(externalLinkHtml('https://example.com/docs', 'https://example.com/docs')).toBe('<a href="https://example.com/docs" rel="noopener">https://example.com/docs</a>');
  });
});
