/// <reference lib="dom" />
/**
 * The home page and the lists of all products and contracts, on the fixture catalog built under a
 * sub-path, in Chromium: one search box a page, every count a link, lists that sort.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, INSTALL_HINT } from '../../site/scripts/browser.ts';
import { buildFixtureSite, serveInChromium, type FixtureSite, type ServedSite } from './fixture-site.ts';

const BASE = '/meshgate/';
const browserReady = hasChromium();
let site: FixtureSite;
let served: ServedSite | undefined;

beforeAll(async () => {
  site = await buildFixtureSite(BASE);
  if (browserReady) served = await serveInChromium(site.out, BASE);
});

afterAll(async () => {
  await served?.close();
  if (site) await rm(site.work, { recursive: true, force: true });
});

describe.skipIf(!browserReady)(`home and lists in Chromium${browserReady ? '' : ` (skipped: ${INSTALL_HINT})`}`, () => {
  const open = async (path: string) => {
    const page = await served!.chromium.context.newPage();
    await page.goto(`${served!.origin}${BASE}${path}`);
    return page;
  };

  it.each(['', 'search/', 'products/', 'domains/checkout/'])('has one search box on /%s', async (path) => {
    const page = await open(path);
    expect(await page.getByRole('searchbox').count()).toBe(1);
    await page.close();
  });

  it('links every count on the home page', async () => {
    const page = await open('');
    const counts = await page.locator('main strong, main .card .muted').evaluateAll((elements) =>
      elements.filter((e) => /^\d+/.test(e.textContent ?? '')).map((e) => ({ text: e.textContent, linked: e.closest('a') !== null || e.querySelector('a') !== null })),
    );
    expect(counts.length).toBeGreaterThan(5);
    expect(counts.filter((c) => !c.linked)).toEqual([]);
    await page.close();
  });

  it('lists every product by name, linking to it', async () => {
    const page = await open('products/');
    const names = await page.locator('table.entity-list tbody tr td:first-child a').allTextContents();
    expect(names).toEqual(['Campaign audience', 'Customer 360', 'Orders']);
    await page.close();
  });

  it('sorts the contracts by domain from the column header', async () => {
    const page = await open('contracts/');
    await page.getByRole('link', { name: 'Domain', exact: true }).click();
    await page.waitForURL(`${served!.origin}${BASE}contracts/by/domain/`);
    const domains = await page.locator('table.entity-list tbody tr td:nth-child(2)').allTextContents();
    expect(domains).toEqual([...domains].sort((a, b) => a.localeCompare(b, 'en')));
    expect((await page.locator('th[aria-sort="ascending"]').textContent())?.trim()).toBe('Domain');
    await page.close();
  });
});
