/// <reference lib="dom" />
/**
 * The catalog's search page in Chromium, on the fixture catalog built under a sub-path: results,
 * filters, the URL as the search's state, keyboard use, and what a first search fetches.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureFirstSearch } from '../../bench/first-search.ts';
import { hasChromium, INSTALL_HINT, type ChromiumSession } from '../../site/scripts/browser.ts';
import { buildFixtureSite, serveInChromium, type FixtureSite, type ServedSite } from './fixture-site.ts';

const BASE = '/meshgate/';
const SEARCH_BOX = 'Find a data product, contract, field, domain or policy';
let site: FixtureSite;

beforeAll(async () => {
  site = await buildFixtureSite(BASE);
});

afterAll(async () => {
  if (site) await rm(site.work, { recursive: true, force: true });
});

describe('the search page without JavaScript', () => {
  it('says search needs JavaScript and where to browse instead', async () => {
    const html = await readFile(join(site.out, 'search/index.html'), 'utf8');
    expect(html).toMatch(/<noscript><p>Search needs JavaScript\. Browse the <a href="\/meshgate\/domains\/">domains<\/a>/);
  });

  it('still has a search form that goes to the search page', async () => {
    const html = await readFile(join(site.out, 'index.html'), 'utf8');
    expect(html).toMatch(/<form role="search" action="\/meshgate\/search\/" method="get" class="search-form">/);
  });

  it('no longer loads Pagefind’s default UI', async () => {
    for (const page of ['index.html', 'search/index.html']) {
      expect(await readFile(join(site.out, page), 'utf8')).not.toMatch(/pagefind-ui\.(js|css)/);
    }
  });
});

describe('the search index', () => {
  /** Pagefind's fragment of a page: gzip'd JSON behind a 12-byte signature. */
  async function fragmentOf(url: string): Promise<{ content: string; filters: Record<string, string[]> }> {
    const dir = join(site.out, 'pagefind/fragment');
    for (const name of await readdir(dir)) {
      const fragment = JSON.parse(gunzipSync(await readFile(join(dir, name))).subarray(12).toString('utf8'));
      if (fragment.url === url) return fragment;
    }
    throw new Error(`no fragment for ${url}`);
  }

  it('files a page under its facets without indexing the facets’ hidden text', async () => {
    const orders = await fragmentOf('/products/orders/');
    expect(orders.filters).toMatchObject({ kind: ['Data product', 'Data contract', 'Field'], domain: ['checkout'] });
    expect(orders.content).toMatch(/^Orders\. orders, data product in Checkout\./);
  });

  it('keeps words apart in the products’, contracts’ and domains’ text (no “ContractCampaign”)', async () => {
    for (const url of ['/products/orders/', '/products/campaign-audience/', '/products/customer-360/', '/domains/checkout/', '/domains/marketing/']) {
      expect((await fragmentOf(url)).content, url).not.toMatch(/[a-z)][A-Z]/);
    }
  });
});

const browserReady = hasChromium();

describe.skipIf(!browserReady)(`search in Chromium${browserReady ? '' : ` (skipped: ${INSTALL_HINT})`}`, () => {
  let served: ServedSite | undefined;
  let origin: string;
  let chromium: ChromiumSession;

  beforeAll(async () => {
    served = await serveInChromium(site.out, BASE);
    ({ origin, chromium } = served);
  });

  afterAll(async () => {
    await served?.close();
  });

  /** A page that records the path of every request it makes. */
  async function openPage(): Promise<{ page: Page; requests: string[] }> {
    const page = await chromium.context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    return { page, requests };
  }

  const searchDone = (page: Page) => page.waitForSelector('[data-search][data-state="done"]');
  const results = (page: Page) => page.getByRole('list', { name: 'Search results' }).getByRole('listitem').filter({ has: page.locator('.search-result-title') });
  const status = (page: Page) => page.getByRole('status');
  const kinds = (page: Page) => page.locator('.search-result-kind').allTextContents();

  it('shows results with the query highlighted in their excerpt, linking to the page under the base path', async () => {
    const { page } = await openPage();
    await page.goto(`${origin}${BASE}search/?q=shop`);
    await searchDone(page);
    const result = results(page).filter({ hasText: 'Orders (data product)' });
    expect(await result.getByRole('link', { name: 'Orders (data product)' }).getAttribute('href')).toBe(`${BASE}products/orders/`);
    expect(await result.locator('.search-result-kind').textContent()).toBe('Data product');
    expect(await result.locator('.search-result-excerpt mark').first().textContent()).toMatch(/^shop/);
    expect(await status(page).textContent()).toMatch(/^\d+ results? for “shop”/);
    await result.getByRole('link', { name: 'Orders (data product)' }).click();
    await page.waitForURL(`${origin}${BASE}products/orders/`);
    await page.close();
  });

  it('starts loading the index as the search page opens with its box focused, before a key is pressed', async () => {
    const { page } = await openPage();
    // A routed page bypasses the HTTP cache, so every file is seen whatever an earlier test loaded.
    const loaded: string[] = [];
    await page.route('**/pagefind/**', (route) => {
      loaded.push(new URL(route.request().url()).pathname);
      return route.continue();
    });
    await page.goto(`${origin}${BASE}search/`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-q');
    await expect.poll(() => loaded.filter((path) => /\.pf_meta$|wasm\.[a-z]+\.pagefind$/.test(path)).length, { timeout: 15_000 }).toBe(2);
    await page.close();
  });

  it('fetches no filter chunk, no worker and no default UI for a first search, and only the shown results’ fragments', async () => {
    const { page, requests } = await openPage();
    await page.goto(`${origin}${BASE}search/?q=data`);
    await searchDone(page);
    await page.waitForLoadState('networkidle');
    const pagefind = requests.filter((path) => path.includes('/pagefind/'));
    expect(pagefind.every((path) => path.startsWith(`${BASE}pagefind/`))).toBe(true);
    expect(pagefind.filter((path) => path.endsWith('.pf_filter'))).toEqual([]);
    expect(pagefind.filter((path) => /pagefind-(worker|ui|modular-ui|component-ui)/.test(path))).toEqual([]);
    // Ten of Pagefind's results, some shown as several entries (their fields).
    expect(await results(page).count()).toBeGreaterThanOrEqual(10);
    expect(pagefind.filter((path) => path.endsWith('.pf_fragment'))).toHaveLength(10);
    await page.close();
  });

  it('loads the next results’ fragments only when asked for more, and moves focus to them', async () => {
    const { page, requests } = await openPage();
    await page.goto(`${origin}${BASE}search/?q=data`);
    await searchDone(page);
    const total = Number((await status(page).textContent())!.match(/^(\d+) results/)![1]);
    expect(total).toBeGreaterThan(10);
    const before = await results(page).count();
    await page.getByRole('button', { name: 'More results' }).click();
    await expect.poll(() => requests.filter((path) => path.endsWith('.pf_fragment')).length).toBe(Math.min(total, 20));
    await expect.poll(() => results(page).count()).toBeGreaterThan(before);
    expect(await results(page).nth(before).getByRole('link').first().evaluate((link) => link === document.activeElement)).toBe(true);
    await page.close();
  });

  it('narrows the results with a filter, loading the facets only when the panel opens', async () => {
    const { page, requests } = await openPage();
    await page.goto(`${origin}${BASE}search/?q=orders`);
    await searchDone(page);
    const before = await results(page).count();
    expect(new Set(await kinds(page)).size).toBeGreaterThan(1);
    expect(requests.some((path) => path.endsWith('.pf_filter'))).toBe(false);

    await page.getByText('Filters', { exact: true }).click();
    const guide = page.getByRole('group', { name: 'Kind' }).getByRole('checkbox', { name: /^Guide/ });
    await guide.check();
    await expect.poll(() => kinds(page)).not.toContain('Data product');
    expect(new Set(await kinds(page))).toEqual(new Set(['Guide']));
    expect(await results(page).count()).toBeLessThan(before);
    expect(requests.some((path) => path.endsWith('.pf_filter'))).toBe(true);
    expect(new URL(page.url()).search).toBe('?q=orders&kind=Guide');
    expect(await status(page).textContent()).toMatch(/for “orders” with the selected filters\.$/);
    await page.close();
  });

  it('restores the query and filters from a deep link', async () => {
    const { page } = await openPage();
    await page.goto(`${origin}${BASE}search/?q=orders&kind=Guide`);
    await searchDone(page);
    expect(await page.getByRole('searchbox', { name: SEARCH_BOX }).inputValue()).toBe('orders');
    const guide = page.getByRole('group', { name: 'Kind' }).getByRole('checkbox', { name: /^Guide/ });
    await expect.poll(() => guide.isChecked()).toBe(true);
    expect(new Set(await kinds(page))).toEqual(new Set(['Guide']));
    await page.close();
  });

  it('lists every page of a kind from a link with only a filter', async () => {
    const { page } = await openPage();
    await page.goto(`${origin}${BASE}search/?kind=Domain`);
    await searchDone(page);
    expect(await kinds(page)).toEqual(['Domain', 'Domain', 'Domain']);
    await page.close();
  });

  it('goes back to the previous search with the back button', async () => {
    const { page } = await openPage();
    await page.goto(`${origin}${BASE}search/?q=orders`);
    await searchDone(page);
    await page.getByText('Filters', { exact: true }).click();
    await page.getByRole('group', { name: 'Kind' }).getByRole('checkbox', { name: /^Guide/ }).check();
    await expect.poll(() => page.url()).toContain('kind=Guide');
    await results(page).first().getByRole('link').first().click();
    await page.waitForURL(`${origin}${BASE}guides/**`);

    // Back on the search page, it loads Pagefind and the filters again before it shows results.
    const reloaded = { timeout: 15_000 };
    await page.goBack();
    await expect.poll(() => page.url()).toBe(`${origin}${BASE}search/?q=orders&kind=Guide`);
    await expect.poll(() => kinds(page), reloaded).toContain('Guide');
    await page.goBack();
    await expect.poll(() => page.url()).toBe(`${origin}${BASE}search/?q=orders`);
    await expect.poll(() => kinds(page), reloaded).toContain('Data product');
    expect(await page.getByRole('group', { name: 'Kind' }).getByRole('checkbox', { name: /^Guide/ }).isChecked()).toBe(false);
    await page.close();
  });

  it('works from the keyboard alone, announcing the result count', async () => {
    const { page } = await openPage();
    await page.goto(`${origin}${BASE}search/`);
    // The search page focuses its box.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-q');
    await page.keyboard.type('orders');
    await page.keyboard.press('Enter');
    await searchDone(page);
    expect(await status(page).getAttribute('aria-live')).toBe('polite');
    expect(await status(page).textContent()).toMatch(/results? for “orders”/);
    expect(new URL(page.url()).search).toBe('?q=orders');

    await page.keyboard.press('Tab'); // the Search button
    await page.keyboard.press('Tab'); // the filter panel
    await page.keyboard.press('Enter');
    await page.waitForSelector('.search-facet input');
    await page.keyboard.press('Tab'); // the first value of the first facet
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe('checkbox');
    await page.keyboard.press('Space');
    await expect.poll(() => new URL(page.url()).searchParams.getAll('kind')).toHaveLength(1);
    await page.close();
  });

  it.each(['light', 'dark'] as const)('keeps its text at WCAG AA contrast in the %s scheme', async (scheme) => {
    const { page } = await openPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`${origin}${BASE}search/?q=orders&kind=Data+product&kind=Guide`);
    await searchDone(page);
    await page.waitForSelector('.search-facet-count:not(:empty)');
    const selectors = ['.search-form label', '.search-filters summary', '.search-facet legend', '.search-facet label', '.search-facet-count', '.search-status',
      '.search-result-title a', '.search-result-kind', '.search-result-excerpt', '.search-result-excerpt mark', '.search-result-sections a', '.search-more'];
    const ratios = await page.evaluate((selectors) => {
      const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
      const luminance = ([r, g, b]: number[]) => {
        const channel = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
      };
      const background = (element: Element | null): number[] => {
        for (let e = element; e; e = e.parentElement) {
          const color = rgb(getComputedStyle(e).backgroundColor);
          if (color.length === 3 || color[3] > 0) return color.slice(0, 3);
        }
        return [255, 255, 255];
      };
      return Object.fromEntries(selectors.map((selector) => {
        const element = document.querySelector(selector);
        if (!element) return [selector, 0];
        const [a, b] = [luminance(rgb(getComputedStyle(element).color)), luminance(background(element))];
        return [selector, Math.round(((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)) * 10) / 10];
      }));
    }, selectors);
    for (const [selector, ratio] of Object.entries(ratios)) expect(ratio, selector).toBeGreaterThanOrEqual(4.5);
    await page.close();
  });

  it('is measured by the benchmark with every file it fetches, the search script included', async () => {
    const measured = await measureFirstSearch(site.out, 'data', BASE);
    expect(measured).toMatchObject({ method: 'chromium', results: 10 });
    expect(Object.keys(measured.breakdown).sort()).toEqual(['entry', 'fragment', 'index', 'js', 'meta', 'ui', 'wasm']);
    expect(Object.values(measured.breakdownGzip).reduce((a, b) => a + b, 0)).toBe(measured.bytesGzip);
    expect(measured.bytesGzip).toBeLessThan(measured.bytes);
  });

  it.each([
    ['its synonym', 'cohort'],
    ['an enum label', 'Platinum patrons'],
  ])('finds a field of an ODCS v3.2.0 contract by %s', async (_what, query) => {
    const { page } = await openPage();
    await page.goto(`${origin}${BASE}search/?q=${encodeURIComponent(query)}`);
    await searchDone(page);
    expect(await results(page).getByRole('link', { name: 'segment', exact: true }).getAttribute('href')).toBe(`${BASE}contracts/customer-360-v2/#field-customers.segment`);
    await page.close();
  });

  it('finds a contract by its schema object’s synonym (ODCS v3.2.0)', async () => {
    const { page } = await openPage();
    await page.goto(`${origin}${BASE}search/?q=clientele`);
    await searchDone(page);
    expect(await results(page).getByRole('link', { name: 'Customer 360', exact: true }).getAttribute('href')).toBe(`${BASE}contracts/customer-360-v2/`);
    await page.close();
  });

  it('searches in place from the home page', async () => {
    const { page } = await openPage();
    await page.goto(`${origin}${BASE}`);
    await page.getByRole('searchbox', { name: SEARCH_BOX }).fill('customer_email');
    await searchDone(page);
    expect(await results(page).getByRole('link', { name: 'customer_email' }).getAttribute('href')).toBe(`${BASE}contracts/orders-v1/#field-orders.customer_email`);
    // The address follows the query once typing pauses (a debounce), not with every key.
    await page.waitForURL((url) => url.search === '?q=customer_email');
    await page.close();
  });

  describe('fields and contracts', () => {
    const titles = (page: Page) => page.locator('.search-result-title').allTextContents();

    it('shows a field as a result of its own: its contract, id, type and classification', async () => {
      const { page } = await openPage();
      await page.goto(`${origin}${BASE}search/?q=customer_email`);
      await searchDone(page);
      expect((await titles(page))[0]).toBe('customer_email — field of Orders · orders-v1 · string · PII Field');
      await page.close();
    });

    it('links a field to its row on the contract page', async () => {
      const { page } = await openPage();
      await page.goto(`${origin}${BASE}search/?q=customer_email`);
      await searchDone(page);
      await results(page).getByRole('link', { name: 'customer_email' }).click();
      await page.waitForURL(`${origin}${BASE}contracts/orders-v1/#field-orders.customer_email`);
      expect(await page.locator('tr:target th').textContent()).toBe('customer_email');
      await page.close();
    });

    it('shows a served contract as a result of its own, linking to the contract page', async () => {
      const { page } = await openPage();
      await page.goto(`${origin}${BASE}search/?q=orders-v1`);
      await searchDone(page);
      const contract = results(page).filter({ has: page.locator('.search-result-kind', { hasText: 'Data contract' }) }).first();
      expect(await contract.getByRole('link').first().getAttribute('href')).toBe(`${BASE}contracts/orders-v1/`);
      await page.close();
    });

    it('puts an exact field name first', async () => {
      const { page } = await openPage();
      await page.goto(`${origin}${BASE}search/?q=order_id`);
      await searchDone(page);
      expect((await titles(page))[0]).toMatch(/^order_id — field of Orders/);
      await page.close();
    });

    it('puts an exact product name first', async () => {
      const { page } = await openPage();
      await page.goto(`${origin}${BASE}search/?q=orders`);
      await searchDone(page);
      expect((await titles(page))[0]).toBe('Orders (data product) Data product');
      await page.close();
    });

    it('offers contracts and fields as kinds in the filter', async () => {
      const { page } = await openPage();
      await page.goto(`${origin}${BASE}search/?q=customer`);
      await searchDone(page);
      await page.getByText('Filters', { exact: true }).click();
      await page.getByRole('group', { name: 'Kind' }).getByRole('checkbox', { name: /^Field/ }).check();
      await expect.poll(() => new URL(page.url()).search).toBe('?q=customer&kind=Field');
      await expect.poll(async () => new Set(await kinds(page))).toEqual(new Set(['Field']));
      expect(await page.getByRole('group', { name: 'Kind' }).getByRole('checkbox', { name: /^Data contract/ }).count()).toBe(1);
      await page.close();
    });

    it('does not match a support channel’s address', async () => {
      const { page } = await openPage();
      await page.goto(`${origin}${BASE}search/?q=${encodeURIComponent('chat.example.com')}`);
      await searchDone(page);
      expect(await kinds(page)).not.toContain('Data product');
      await page.close();
    });
  });
});
