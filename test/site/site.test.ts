/**
 * The catalog built for real: the fixture mesh (test/fixtures/meshes/site) is built once, under a
 * sub-path as GitHub Pages serves project sites, then checked on disk and in Chromium.
 */
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessGrantSchema } from '../../bot/core/kinds/access-grant.ts';
import { createAjv } from '../../bot/core/kinds/ajv.ts';
import { hasChromium, INSTALL_HINT, type ChromiumSession } from '../../site/scripts/browser.ts';
import { buildFixtureSite, fixture, serveInChromium, type ServedSite } from './fixture-site.ts';

const BASE = '/meshgate/';
let work: string;
let out: string;
let stdout: string;

const read = (path: string) => readFile(join(out, path), 'utf8');
const readJson = async (path: string) => JSON.parse(await read(path));

async function htmlFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.html')) found.push(join(entry.parentPath, entry.name));
  }
  return found;
}

beforeAll(async () => {
  ({ work, out, stdout } = await buildFixtureSite(BASE));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the built fixture catalog', () => {
  it('has a page for every domain, product, contract and guide', async () => {
    for (const page of [
      'index.html', 'search/index.html', 'access/index.html', 'policies/index.html', 'map/index.html', 'domains/index.html',
      'domains/checkout/index.html', 'domains/customer/index.html', 'domains/marketing/index.html',
      'products/orders/index.html', 'products/customer-360/index.html', 'products/campaign-audience/index.html',
      'contracts/orders-v1/index.html', 'contracts/customer-360-v2/index.html', 'contracts/campaign-audience-v0/index.html',
      'guides/index.html', 'guides/publish-a-data-product/index.html', 'guides/request-access/index.html',
      'guides/change-a-policy/index.html', 'guides/adopt-meshgate/index.html',
    ]) {
      await expect(stat(join(out, page)), page).resolves.toBeTruthy();
    }
  });

  it('shows the contract schema with a PII badge on the PII property', async () => {
    const html = await read('contracts/orders-v1/index.html');
    expect(html).toMatch(/<code>customer_email<\/code><\/th>.*?<span class="badge pii"[^>]*>PII<\/span>/s);
    expect(html).toContain('basket_value_minor');
  });

  it('marks a contract’s field names and descriptions for search, not its types, flags and examples', async () => {
    const html = await read('contracts/orders-v1/index.html');
    const row = /<tr[^>]*>\s*<th scope="row"[^>]*><code>customer_email<\/code>.*?<\/th>(.*?)<\/tr>/s.exec(html)![1];
    const cells = [...row.matchAll(/<td([^>]*)>/g)].map((m) => m[1].includes('data-pagefind-ignore'));
    // type, required, unique, primary key, classification ignored; description indexed; examples ignored
    expect(cells).toEqual([true, true, true, true, true, false, true]);
  });

  it('finds a contract an output port serves through its product: the product page indexes its field names', async () => {
    expect(await read('contracts/orders-v1/index.html')).not.toContain('data-pagefind-body');
    const product = await read('products/orders/index.html');
    expect(product).toContain('data-pagefind-body');
    const row = /<tr><td[^>]*><code>customer_email<\/code><\/td>(.*?)<\/tr>/s.exec(product)![1];
    const cells = [...row.matchAll(/<td([^>]*)>/g)].map((m) => m[1].includes('data-pagefind-ignore'));
    // type, classification and description ignored: the field's name is what search finds
    expect(cells).toEqual([true, true, true]);
    expect(product).toContain('<code>orders-v1</code>');
  });

  it('links the contract’s YAML exactly as it is in the repository', async () => {
    const file = 'catalog/checkout/orders/orders-v1.contract.yaml';
    expect(await read(`raw/${file}`)).toBe(await readFile(join(fixture, file), 'utf8'));
    expect(await read('contracts/orders-v1/index.html')).toContain(`href="${BASE}raw/${file}"`);
  });

  it('shows a product’s lineage as an SVG linking its neighbours', async () => {
    const html = await read('products/customer-360/index.html');
    expect(html).toMatch(/<svg [^>]*class="graph"/);
    expect(html).toContain(`href="${BASE}products/orders/"`);
    expect(html).toContain(`href="${BASE}products/campaign-audience/"`);
  });

  it('shows the policy a product violates', async () => {
    const html = await read('products/campaign-audience/index.html');
    expect(html).toContain('1 failing');
    expect(html).toContain('Every data product has tags');
  });

  it('renders the product README', async () => {
    expect(await read('products/orders/index.html')).toMatch(/<h2[^>]*>Orders<\/h2>.*<strong>every five minutes<\/strong>/s);
  });

  it('keeps product pages under 60 KB', async () => {
    for (const id of ['orders', 'customer-360', 'campaign-audience']) {
      expect((await stat(join(out, `products/${id}/index.html`))).size).toBeLessThan(60 * 1024);
    }
  });

  it('lists grants with their expiry on the access page', async () => {
    const html = await read('access/index.html');
    expect(html).toContain('marketing-customer-360-customers');
    expect(html).toContain('2027-03-31');
  });

  it('shows on the access page where each grant stands in the databases, from the status file', async () => {
    const html = await read('access/index.html');
    expect(html).toContain('provisioned on warehouse at 2026-11-20 05:05 UTC');
  });

  it('lists on a contract page the columns a role with maxClassification exposes', async () => {
    const html = await read('contracts/customer-360-v2/index.html');
    expect(html).toContain('up to <strong>internal</strong>: <code>customer_id</code>, <code>lifetime_value_minor</code>, <code>segment</code>');
  });

  it('says on the access page that pending requests are not listed without a token', async () => {
    const html = await read('access/index.html');
    expect(html).toContain('Pending requests are not listed: this catalog was built without a GitHub token');
    expect(html).toContain('href="https://github.com/acme/mesh/issues?q=is%3Aopen%20label%3Aaccess-request"');
  });

  it('shows each policy’s pass rate', async () => {
    const html = await read('policies/index.html');
    expect(html).toMatch(/<strong>66%<\/strong> \(2 of 3\)/);
  });

  it('draws the mesh map with a link on every product', async () => {
    const html = await read('map/index.html');
    for (const id of ['orders', 'customer-360', 'campaign-audience']) expect(html).toContain(`class="graph-node" href="${BASE}products/${id}/"`);
  });

  it('links only under the base path, so the site works from a sub-path', async () => {
    const offenders: string[] = [];
    for (const file of await htmlFiles(out)) {
      const html = await readFile(file, 'utf8');
      for (const [, href] of html.matchAll(/(?:href|src|action)="(\/[^"]*)"/g)) if (!href.startsWith(BASE)) offenders.push(`${file}: ${href}`);
    }
    expect(offenders).toEqual([]);
  });

  it('ships no JavaScript except search and the mesh maps’ highlight, zoom and pan', async () => {
    for (const file of await htmlFiles(out)) {
      const html = await readFile(file, 'utf8');
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      // The search component’s module, bundled by Astro under the base path; it loads Pagefind on demand.
      // The map pages' script (components/Graph.astro) is small enough for Astro to inline.
      const mapPage = file.startsWith(join(out, 'map') + sep);
      const allowed = scripts.every((tag) => (tag.startsWith(`<script type="module" src="${BASE}_astro/`) && tag.endsWith('.js">')) || (mapPage && tag === '<script type="module">'));
      expect(allowed, `${file}: ${scripts.join(' ')}`).toBe(true);
      if (scripts.length) expect(file).toMatch(/(search\/)?index\.html$/);
      expect(html, file).not.toContain('pagefind-ui');
    }
  });

  it('writes the product, contract and canvas pages in the head, header and footer Astro gives its own pages', async () => {
    /** The page without what is its own: title, description and main content. */
    const shell = (html: string) => html.replace(/<title>[^<]*<\/title>/, '').replace(/<meta name="description"[^>]*>/, '').replace(/<main id="main"[^>]*>.*<\/main>/s, '<main>');
    const astroShell = shell(await read('domains/checkout/index.html'));
    for (const page of ['products/orders/', 'products/customer-360/', 'contracts/orders-v1/', 'contracts/campaign-audience-v0/']) {
      expect(shell(await read(`${page}index.html`)), page).toBe(astroShell);
    }
    // The filters as the domain page's Astro component writes them.
    expect(await read('products/orders/index.html')).toMatch(/<main id="main" data-pagefind-body data-pagefind-meta="title:Orders \(data product\)">  <div hidden data-pagefind-ignore> <span data-pagefind-filter="kind">Data product<\/span>/);
    expect(await read('domains/checkout/index.html')).toMatch(/<main id="main" data-pagefind-body data-pagefind-meta="title:[^"]+ \(domain\)">  <div hidden data-pagefind-ignore> <span data-pagefind-filter="kind">Domain<\/span>/);
    for (const id of ['orders', 'customer-360', 'campaign-audience']) {
      const canvas = await read(`products/${id}/canvas/index.html`);
      expect(shell(canvas), id).toBe(astroShell);
      expect(canvas, id).toMatch(/<title>[^<]+: Data Product Canvas · [^<]+<\/title><meta name="description" content="The Data Product Canvas of [^"]+\.">/);
      expect(canvas, id).toMatch(/<main id="main">  <p class="muted no-print">Data product <a href="\/meshgate\/products\//);
    }
  });

  it('reports as many pages as it wrote HTML files', async () => {
    const written = (await htmlFiles(out)).length;
    expect(written).toBeGreaterThan(20);
    expect(stdout).toContain(`Built ${written} pages into ${out}`);
  });

  it('writes a Pagefind index', async () => {
    await expect(stat(join(out, 'pagefind/pagefind.js'))).resolves.toBeTruthy();
    await expect(stat(join(out, 'pagefind/pagefind-entry.json'))).resolves.toBeTruthy();
  });
});

describe('the static JSON API', () => {
  it('indexes the mesh in /api/mesh.json', async () => {
    const mesh = await readJson('api/mesh.json');
    // The one finding: customer-360 reads orders-v1 through an input port, and no grant lets it (lineage.no-grant, a warning).
    expect(mesh.counts).toEqual({ domains: 3, products: 3, contracts: 3, grants: 1, policies: 2, findings: 1 });
    const product = await readJson('api/products/customer-360.json');
    expect(product.findings.map((f: { severity: string; code: string }) => `${f.severity} ${f.code}`)).toEqual(['warning lineage.no-grant']);
    expect(mesh.lineage).toEqual([
      { from: 'orders', to: 'customer-360', contractId: 'orders-v1' },
      { from: 'customer-360', to: 'campaign-audience', contractId: 'customer-360-v2' },
    ]);
  });

  it('serves each product with its ports, lineage and grants', async () => {
    const product = await readJson('api/products/customer-360.json');
    expect(product).toMatchObject({
      id: 'customer-360',
      domain: 'customer',
      outputPorts: [{ name: 'customers', contract: 'customer-360-v2', grants: ['marketing-customer-360-customers'] }],
      upstream: [{ port: 'orders', contract: 'orders-v1', product: 'orders' }],
      downstream: [{ product: 'campaign-audience', port: 'customers', contract: 'customer-360-v2' }],
    });
  });

  it('serves each contract as written, with its classifications', async () => {
    const contract = await readJson('api/contracts/orders-v1.json');
    expect(contract).toMatchObject({ id: 'orders-v1', dataProduct: 'orders', outputPort: 'orders-table', classifications: ['pii'] });
    expect(contract.document.schema[0].properties[1].name).toBe('customer_email');
  });

  it('serves grants in /api/access.json', async () => {
    const access = await readJson('api/access.json');
    expect(access.grants).toMatchObject([{ id: 'marketing-customer-360-customers', contract: 'customer-360-v2', state: 'active', validUntil: '2027-03-31' }]);
  });

  it('serves pass rates and per-domain compliance in /api/policies.json', async () => {
    const policies = await readJson('api/policies.json');
    expect(policies.policies.find((p: { id: string }) => p.id === 'products-have-tags')).toMatchObject({ pass: 2, fail: 1, passRate: 66 });
    expect(policies.domains.marketing['products-have-tags']).toEqual({ pass: 0, fail: 1 });
  });

  it('is described by an OpenAPI 3.1 document', async () => {
    const openapi = await readJson('api/openapi.json');
    expect(openapi.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.paths)).toEqual(['/mesh.json', '/products/{id}.json', '/contracts/{id}.json', '/access.json', '/policies.json']);
    expect(openapi.servers).toEqual([{ url: `${BASE}api` }]);
  });
});

const requireBrowser = process.env.MESHGATE_REQUIRE_BROWSER === '1';
const browserReady = hasChromium();
if (!browserReady && !requireBrowser) console.warn(`Skipping the browser test. ${INSTALL_HINT}`);

describe.runIf(requireBrowser && !browserReady)('the browser test', () => {
  it('needs Chromium (MESHGATE_REQUIRE_BROWSER=1)', () => {
    throw new Error(INSTALL_HINT);
  });
});

describe.skipIf(!browserReady)(`in Chromium${browserReady ? '' : ` (skipped: ${INSTALL_HINT})`}`, () => {
  let served: ServedSite | undefined;
  let origin: string;
  let chromium: ChromiumSession;

  beforeAll(async () => {
    served = await serveInChromium(out, BASE);
    ({ origin, chromium } = served);
  });

  afterAll(async () => {
    await served?.close();
  });

  it('finds a product by a word of its purpose, shows its schema with the PII badge, and prefills a valid access request', async () => {
    const page = await chromium.context.newPage();
    await page.goto(`${origin}${BASE}`);
    // A field name finds the field itself (search-ui.test.ts); the product is found by its own words.
    await page.getByRole('searchbox', { name: 'Find a data product, contract, field, domain or policy' }).fill('shop');
    await page.getByRole('list', { name: 'Search results' }).getByRole('link', { name: 'Orders (data product)' }).click();
    await page.waitForURL(`${origin}${BASE}products/orders/**`);

    const fields = page.getByRole('table', { name: 'Fields of Orders' });
    const emailRow = fields.getByRole('row').filter({ hasText: 'customer_email' });
    await expect(emailRow.locator('.badge.pii').isVisible()).resolves.toBe(true);
    expect(await emailRow.locator('.badge.pii').textContent()).toBe('PII');

    const form = new URL((await page.getByRole('link', { name: 'Request access to orders-table' }).getAttribute('href'))!);
    expect(`${form.origin}${form.pathname}`).toBe('https://github.com/acme/mesh/issues/new');
    expect([form.searchParams.get('template'), form.searchParams.get('product'), form.searchParams.get('port')]).toEqual(['access-request.yml', 'orders', 'orders-table']);
    const href = await page.getByRole('link', { name: 'Request as a YAML pull request' }).first().getAttribute('href');
    const url = new URL(href!);
    expect(`${url.origin}${url.pathname}`).toBe('https://github.com/acme/mesh/new/main');
    expect(url.searchParams.get('filename')).toBe('catalog/checkout/orders/access/your-team-orders-orders-table.yaml');
    const grant = yaml.load(url.searchParams.get('value')!, { schema: yaml.CORE_SCHEMA }) as Record<string, unknown>;
    const validate = createAjv().compile(accessGrantSchema);
    expect(validate(grant), JSON.stringify(validate.errors)).toBe(true);
    expect(grant).toMatchObject({ kind: 'AccessGrant', dataProduct: 'orders', outputPort: 'orders-table', role: 'your-role', validUntil: form.searchParams.get('until') });

    await page.getByRole('link', { name: 'Contract', exact: true }).click();
    await page.waitForURL(`${origin}${BASE}contracts/orders-v1/`);
    const schema = page.getByRole('table', { name: 'Properties of orders' });
    expect(await schema.getByRole('columnheader').allTextContents()).toEqual([
      'Property', 'Type', 'Required', 'Unique', 'Primary key', 'Classification', 'Description', 'Examples',
    ]);
    const pii = schema.getByRole('row').filter({ hasText: 'customer_email' }).locator('.badge.pii');
    await expect(pii.isVisible()).resolves.toBe(true);
    await page.close();
  }, 90_000);
});

describe.skipIf(!browserReady)(`pages in Chromium (phones, contract page, policies, canvas)${browserReady ? '' : ` (skipped: ${INSTALL_HINT})`}`, () => {
  const PHONE = { width: 390, height: 844 };
  let served: ServedSite | undefined;
  let origin: string;
  let chromium: ChromiumSession;

  beforeAll(async () => {
    served = await serveInChromium(out, BASE);
    ({ origin, chromium } = served);
  });

  afterAll(async () => {
    await served?.close();
  });

  const open = async (path: string, viewport = PHONE) => {
    const page = await chromium.context.newPage();
    await page.setViewportSize(viewport);
    await page.goto(`${origin}${BASE}${path}`);
    return page;
  };

  it('scrolls no page of any kind sideways at 390 px', async () => {
    const page = await chromium.context.newPage();
    await page.setViewportSize(PHONE);
    const wide: string[] = [];
    const paths = (await htmlFiles(out)).map((file) => file.slice(out.length + 1).replace(/index\.html$/, '')).sort();
    // Every kind: home, search, lists, domain, product, canvas, contract, access, policies, map, guide, 404.
    expect(paths).toEqual(expect.arrayContaining(['', 'search/', 'domains/', 'domains/checkout/', 'products/orders/', 'products/orders/canvas/', 'contracts/orders-v1/', 'access/', 'policies/', 'map/', 'map/checkout/', 'guides/', 'guides/request-access/', '404.html']));
    for (const path of paths) {
      await page.goto(`${origin}${BASE}${path}`);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
      if (scrollWidth > clientWidth) wide.push(`${path}: ${scrollWidth} > ${clientWidth}`);
    }
    await page.close();
    expect(wide).toEqual([]);
  }, 120_000);

  it('shows each row of a contract’s schema as a card of its own at 390 px', async () => {
    const page = await open('contracts/orders-v1/');
    const layout = await page.evaluate(() => {
      const table = document.querySelector('table.schema')!;
      const wrap = table.parentElement!;
      const rows = Array.from(table.querySelectorAll('tbody tr'), (row) => row.getBoundingClientRect());
      return {
        wrapScrolls: wrap.scrollWidth > wrap.clientWidth,
        rowsFit: rows.every((r) => r.right <= window.innerWidth),
        stacked: rows.every((r, i) => i === 0 || r.top >= rows[i - 1]!.bottom),
        typeLabel: getComputedStyle(table.querySelector('tbody tr td')!, '::before').content,
      };
    });
    await page.close();
    expect(layout).toEqual({ wrapScrolls: false, rowsFit: true, stacked: true, typeLabel: '"Type: "' });
  });

  it('never breaks a field name inside a word, on a phone or a wide screen', async () => {
    const broken: string[] = [];
    for (const viewport of [PHONE, { width: 1280, height: 900 }]) {
      for (const path of ['contracts/orders-v1/', 'contracts/customer-360-v2/', 'products/orders/', 'products/customer-360/']) {
        const page = await open(path, viewport);
        const names = await page.evaluate(() =>
          Array.from(document.querySelectorAll("table.schema th[scope='row'] > code, table.fields td:first-child > code:first-child"), (code) => ({ name: code.textContent, lines: code.getClientRects().length })),
        );
        expect(names.length, path).toBeGreaterThan(0);
        broken.push(...names.filter((n) => n.lines !== 1).map((n) => `${viewport.width}px ${path} ${n.name}`));
        await page.close();
      }
    }
    expect(broken).toEqual([]);
  }, 60_000);

  it('offers Request access per role on the contract page, with the role filled in', async () => {
    const page = await open('contracts/orders-v1/', { width: 1280, height: 900 });
    const roles = page.getByRole('table').filter({ hasText: 'Columns it exposes' });
    const links = roles.getByRole('link', { name: /^Request .* access$/ });
    expect(await links.allTextContents()).toEqual(['Request analyst access', 'Request privacy-reader access']);
    const form = new URL((await links.nth(1).getAttribute('href'))!);
    expect([form.searchParams.get('port'), form.searchParams.get('role')]).toEqual(['orders-table', 'privacy-reader']);
    await page.close();
  });

  it('shows a property’s tags as badges and every classification level as the same badge', async () => {
    const page = await open('contracts/orders-v1/', { width: 1280, height: 900 });
    const schema = page.getByRole('table', { name: 'Properties of orders' });
    expect(await schema.getByRole('row').filter({ hasText: 'order_id' }).locator('.badge.tag').allTextContents()).toEqual(['identifier', 'join-key']);
    const levels = async (path: string) => {
      await page.goto(`${origin}${BASE}${path}`);
      return page.locator('table.schema td .badge[title^="Classification"]').evaluateAll((badges) => badges.map((b) => ({ text: b.textContent, radius: getComputedStyle(b).borderRadius, weight: getComputedStyle(b).fontWeight })));
    };
    const pii = await levels('contracts/orders-v1/');
    const internal = await levels('contracts/customer-360-v2/');
    expect([pii[0]?.text, internal[0]?.text]).toEqual(['PII', 'Internal']);
    expect([internal[0]?.radius, internal[0]?.weight]).toEqual([pii[0]?.radius, pii[0]?.weight]);
    await page.close();
  });

  it('says on the contract page which columns each role exposes', async () => {
    const page = await open('contracts/customer-360-v2/', { width: 1280, height: 900 });
    const roles = page.getByRole('table').filter({ hasText: 'Columns it exposes' });
    const cells = await roles.locator('td[data-label="Columns it exposes"]').allTextContents();
    expect(cells).toContain('up to internal: customer_id, lifetime_value_minor, segment');
    await page.close();
  });

  it('lists the contract’s versions from git on its page', async () => {
    const page = await open('contracts/orders-v1/', { width: 1280, height: 900 });
    const history = page.getByRole('table', { name: 'Versions of the contract' });
    const first = history.getByRole('row').filter({ hasText: '1.0.0' });
    expect(await first.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    await page.close();
  });

  it('shows each policy’s pass rate as a bar on the policies page', async () => {
    const page = await open('policies/', { width: 1280, height: 900 });
    const rates = page.getByRole('table', { name: 'Pass rate of each policy across the mesh' });
    const row = rates.getByRole('row').filter({ hasText: 'products-have-tags' });
    const [bar, text] = await Promise.all([row.locator('.bar > span').getAttribute('style'), row.locator('strong').textContent()]);
    expect(bar).toBe(`width:${text!.replace('%', '')}%`);
    await page.close();
  });

  it('keeps 16 policies × 200 domains readable on a phone: one page of 25 domains, the domain column sticky', async () => {
    const { complianceMatrixHtml, matrixPageHref } = await import('../../site/src/lib/compliance-page.ts');
    const { domainRows, pageCount, pageOf, summarizeCompliance } = await import('../../site/src/lib/compliance.ts');
    const { createUrls } = await import('../../site/src/lib/urls.ts');
    const domains = Array.from({ length: 200 }, (_, i) => ({ id: `domain-${i}`, name: `Domain number ${i}` }));
    const compliance = summarizeCompliance(
      Array.from({ length: 16 }, (_, k) => ({
        policy: { kind: 'Policy', id: `policy-with-a-long-name-${k}`, apiVersion: 'meshgate/v1', file: 'p.yaml', valid: true, doc: { title: `Policy ${k}`, severity: 'error' } } as never,
        results: domains.map((d, i) => ({ kind: 'DataProduct' as const, id: `p${i}`, file: 'f.yaml', domain: d.id, status: i % (k + 2) ? ('pass' as const) : ('fail' as const), findings: [] })),
      })),
    );
    const rows = domainRows(compliance, domains);
    const urls = createUrls(BASE);
    const html = complianceMatrixHtml(compliance.policies, pageOf(rows, 1), urls, { page: 1, pages: pageCount(rows.length), total: rows.length, href: (n) => matrixPageHref(urls, n) });
    const page = await open('policies/');
    const result = await page.evaluate(async (markup) => {
      document.querySelector('main')!.innerHTML = markup;
      const wrap = document.querySelector('.matrix-wrap')!;
      const cell = document.querySelector('table.matrix tbody th[scope="row"]')!;
      const before = cell.getBoundingClientRect().left;
      wrap.scrollLeft = 400;
      await new Promise(requestAnimationFrame);
      return {
        rows: document.querySelectorAll('table.matrix tbody tr').length,
        pageScrolls: document.documentElement.scrollWidth > document.documentElement.clientWidth,
        matrixScrolls: wrap.scrollLeft > 0,
        domainStays: cell.getBoundingClientRect().left === before,
      };
    }, html);
    await page.close();
    expect(result).toEqual({ rows: 25, pageScrolls: false, matrixScrolls: true, domainStays: true });
  });

  it('links the product page to its Data Product Canvas, which prints on one landscape sheet without the site’s header', async () => {
    const page = await open('products/orders/', { width: 1280, height: 900 });
    await page.getByRole('link', { name: 'Data Product Canvas' }).click();
    await page.waitForURL(`${origin}${BASE}products/orders/canvas/`);
    const boxes = await page.locator('.canvas > section > h2').allTextContents();
    expect(boxes).toEqual(['Domain', 'Consumers and use cases', 'Input ports', 'Data product', 'Output ports and contracts', 'Classification', 'Service levels and quality', 'Ownership', 'Ubiquitous language']);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.site').isVisible()).toBe(false);
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
    await page.close();
  });
});
