/// <reference lib="dom" />
/**
 * The mesh map of the demo mesh (this repository's catalog/ and policies/) in Chromium, built under
 * a sub-path: the static SVG without JavaScript, tracing a product's lineage by hover and by
 * keyboard focus, and zoom and pan.
 */
import { cp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, INSTALL_HINT, type ChromiumSession } from '../../site/scripts/browser.ts';
import { buildFixtureSite, repo, serveInChromium, type FixtureSite, type ServedSite } from './fixture-site.ts';

const BASE = '/meshgate/';
// In the demo mesh, Customer Profiles reads (directly or further up) from 8 products and feeds 3;
// Order Journeys, in the same domain, is neither.
const PROFILES = 'customer-360-profiles';
const UPSTREAM_TWO_STEPS = 'product-search-articles';
const DOWNSTREAM = 'marketing-campaign-audiences';
const UNRELATED = 'customer-360-order-journeys';
let site: FixtureSite;

beforeAll(async () => {
  site = await buildFixtureSite(BASE, {
    writeMesh: async (root) => {
      for (const folder of ['catalog', 'policies']) await cp(join(repo, folder), join(root, folder), { recursive: true });
    },
    // The demo mesh has no provisioning status file.
    env: { MESHGATE_ACCESS_STATUS: '' },
  });
  // The demo mesh is five times the fixture's size, and builds take turns with other test files.
}, 600_000);

afterAll(async () => {
  if (site) await rm(site.work, { recursive: true, force: true });
});

describe('the mesh map as built', () => {
  it('is one SVG of products grouped in domain boxes, with edges labelled by contract', async () => {
    const html = await readFile(join(site.out, 'map/index.html'), 'utf8');
    expect(html.match(/<g class="graph-cluster">/g)).toHaveLength(9);
    expect(html).toContain(`<a class="graph-edge-label" data-from="checkout-orders" data-to="${PROFILES}" href="${BASE}contracts/checkout-orders-v1/">`);
  });
});

const browserReady = hasChromium();

describe.skipIf(!browserReady)(`the mesh map in Chromium${browserReady ? '' : ` (skipped: ${INSTALL_HINT})`}`, () => {
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

  async function openMap(options: { javaScript?: boolean } = {}): Promise<Page> {
    const page = await chromium.context.newPage();
    if (options.javaScript === false) {
      const cdp = await chromium.context.newCDPSession(page);
      await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    }
    await page.goto(`${origin}${BASE}map/`);
    return page;
  }

  const node = (page: Page, id: string) => page.locator(`svg.graph [data-node="${id}"]`);
  const lit = (page: Page) => page.locator('svg.graph [data-node].graph-lit').evaluateAll((nodes) => nodes.map((n) => (n as SVGElement).dataset.node).sort());
  const isLit = (page: Page, id: string) => node(page, id).evaluate((n) => n.classList.contains('graph-lit'));
  const viewBox = (page: Page) => page.locator('svg.graph').evaluate((svg) => svg.getAttribute('viewBox')!.split(' ').map(Number));
  const status = (page: Page) => page.locator('.graph-status');

  it('without JavaScript, shows the whole picture with every product a working link and no zoom buttons', async () => {
    const page = await openMap({ javaScript: false });
    expect(await page.evaluate(() => document.querySelector('figure[data-graph]')!.classList.contains('graph-zoomable'))).toBe(false);
    expect(await page.getByRole('button', { name: 'Zoom in' }).isVisible()).toBe(false);
    const box = await node(page, PROFILES).boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    await node(page, PROFILES).click();
    await page.waitForURL(`${origin}${BASE}products/${PROFILES}/`);
    await page.close();
  });

  it('hovering a product lights everything upstream and downstream of it, and nothing else', async () => {
    const page = await openMap();
    await node(page, PROFILES).hover();
    const shown = await lit(page);
    expect(shown).toHaveLength(11);
    expect(shown).toEqual(expect.arrayContaining([UPSTREAM_TWO_STEPS, DOWNSTREAM]));
    expect(shown).not.toContain(UNRELATED);
    expect(await status(page).textContent()).toBe('Customer Profiles: 8 upstream, 3 downstream.');
    await page.close();
  });

  it('hovering lights the edges on the product’s lineage, not the others', async () => {
    const page = await openMap();
    await node(page, PROFILES).hover();
    const edge = (from: string, to: string) => page.locator(`path.graph-edge[data-from="${from}"][data-to="${to}"]`).evaluate((e) => e.classList.contains('graph-lit'));
    expect(await edge('checkout-orders', PROFILES)).toBe(true);
    expect(await edge(UNRELATED, 'management-reporting-sales-kpis')).toBe(false);
    await page.close();
  });

  it('moving the pointer off the map clears the highlight', async () => {
    const page = await openMap();
    await node(page, PROFILES).hover();
    await page.locator('h1').hover();
    expect(await lit(page)).toEqual([]);
    expect(await page.locator('svg.graph').evaluate((svg) => svg.classList.contains('graph-tracing'))).toBe(false);
    await page.close();
  });

  it('focusing a product with the keyboard lights its lineage, and Tab moves the highlight on', async () => {
    const page = await openMap();
    await node(page, PROFILES).focus();
    expect(await isLit(page, UPSTREAM_TWO_STEPS)).toBe(true);
    let focused: string | undefined;
    for (let i = 0; i < 60 && (!focused || focused === PROFILES); i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset?.node);
    }
    expect(focused).toBeDefined();
    expect(focused).not.toBe(PROFILES);
    expect(await node(page, focused!).evaluate((n) => n.classList.contains('graph-current'))).toBe(true);
    expect(await node(page, PROFILES).evaluate((n) => n.classList.contains('graph-current'))).toBe(false);
    await page.close();
  });

  it('zooms in with the button and back out to the whole picture with Fit', async () => {
    const page = await openMap();
    const [, , fullWidth, fullHeight] = await viewBox(page);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    const [, , w, h] = await viewBox(page);
    expect(w).toBeCloseTo(fullWidth / 1.5, 0);
    expect(h).toBeCloseTo(fullHeight / 1.5, 0);
    await page.getByRole('button', { name: 'Fit' }).click();
    expect(await viewBox(page)).toEqual([0, 0, fullWidth, fullHeight]);
    await page.close();
  });

  it('zooms with + and pans with the arrow keys while a product has focus', async () => {
    const page = await openMap();
    await node(page, PROFILES).focus();
    await page.keyboard.press('+');
    const [x, y, w] = await viewBox(page);
    expect(w).toBeLessThan((await page.locator('svg.graph').evaluate((svg) => Number(svg.getAttribute('width')))));
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowUp');
    const [x2, y2] = await viewBox(page);
    expect(x2).toBeLessThan(x);
    expect(y2).toBeLessThan(y);
    await page.close();
  });

  it('zooms towards the pointer with Ctrl + wheel, and a plain wheel leaves the picture alone', async () => {
    const page = await openMap();
    const before = await viewBox(page);
    const box = (await page.locator('svg.graph').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 200);
    expect(await viewBox(page)).toEqual(before);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -200);
    await page.keyboard.up('Control');
    const [, , w] = await viewBox(page);
    expect(w).toBeLessThan(before[2]);
    await page.close();
  });

  it('pans by dragging once zoomed in, and the drag does not follow a link', async () => {
    const page = await openMap();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    const [x, y] = await viewBox(page);
    const box = (await page.locator('svg.graph').boundingBox())!;
    const start = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x - 80, start.y - 60, { steps: 5 });
    await page.mouse.up();
    const [x2, y2] = await viewBox(page);
    expect(x2).toBeGreaterThan(x);
    expect(y2).toBeGreaterThan(y);
    expect(new URL(page.url()).pathname).toBe(`${BASE}map/`);
    await page.close();
  });
});
