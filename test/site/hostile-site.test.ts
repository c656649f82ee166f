/**
 * The catalog built from a mesh holding every attack of issue 19 (test/fixtures/meshes/hostile-site.ts):
 * it builds, writes nothing outside its output folder, and in Chromium no link on the affected
 * pages runs script or goes to a script URL, however it is clicked.
 */
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, INSTALL_HINT } from '../../site/scripts/browser.ts';
import { writeHostileSite } from '../fixtures/meshes/hostile-site.ts';
import { buildFixtureSite, repo, serveInChromium, type FixtureSite } from './fixture-site.ts';

const BASE = '/meshgate/';
let site: FixtureSite;
const read = (path: string) => readFile(join(site.out, path), 'utf8');

beforeAll(async () => {
  site = await buildFixtureSite(BASE, {
    writeMesh: writeHostileSite,
    // The governance file's repository is a javascript: URL; the build asks the environment next.
    env: { MESHGATE_REPOSITORY: 'https://github.com/acme/mesh', MESHGATE_BRANCH: 'main' },
  });
}, 240_000);

afterAll(async () => {
  if (site?.work) await rm(site.work, { recursive: true, force: true });
});

/** Every path below `dir`, relative to it. */
async function tree(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String);
}

describe('the hostile catalog', () => {
  it('builds, and names the READMEs it showed as plain text', () => {
    expect(site.stdout).toMatch(/^Built \d+ pages into /m);
    expect(site.stderr).toContain('warning: catalog/checkout/deep-quotes/README.md: README shown as plain text: line 1 nests quotes or lists 4000 deep (the limit is 24)');
    expect(site.stderr).toContain('warning: catalog/checkout/wide-table/README.md: README shown as plain text: line 1 has a table row of 1000 cells (the limit is 64)');
  });

  it('writes nothing outside its output folder', async () => {
    expect((await readdir(site.work)).filter((entry) => !['dist', 'mesh', 'cache'].includes(entry))).toEqual([]);
    const escaped = (await tree(join(repo, 'test/.tmp'))).filter((path) => /escaped/.test(path) && !path.includes('/mesh/'));
    expect(escaped).toEqual([]);
    await expect(stat(join(dirname(repo), 'escaped-contract'))).rejects.toThrow(/ENOENT/);
  });

  it('gives no page or file to an id that is a path', async () => {
    const written = await tree(site.out);
    expect(written.filter((path) => /escaped|capitals|\/a\/b|up-domain|script-support/i.test(path))).toEqual([]);
    // `..` as an id would have written the home page over.
    expect(await read('index.html')).toContain('<h2>The mesh at a glance</h2>');
  });

  it('shows the READMEs past the limits as plain text with a notice, and renders the product pages around them', async () => {
    for (const id of ['deep-quotes', 'wide-table']) {
      const html = await read(`products/${id}/index.html`);
      expect(html).toContain('<strong>This README is shown as plain text</strong>');
      expect(html).toContain('<h2 id="output-ports">Output ports</h2>');
    }
  });

  it('renders the README of long emphasis runs, or shows it as plain text: the build goes on either way', async () => {
    expect(await read('products/emphasis/index.html')).toMatch(/<section class="readme prose"/);
  });

  it('prefixes README anchors, so every id on the product page is unique', async () => {
    const html = await read('products/anchors/index.html');
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(ids).toContain('readme-output-ports');
    expect(ids).toContain('readme-documentation');
  });

  it('shows the real target of README link text that names another URL', async () => {
    expect(await read('products/anchors/index.html')).toContain('<a href="https://evil.example/phish">https://evil.example/phish</a>');
  });

  it('prefills a grant whose role and port names add no keys', async () => {
    const html = await read('products/injection/index.html');
    const link = (cls: string) => new URL(new RegExp(`<a class="button ${cls}" href="([^"]+)"`).exec(html)![1].replace(/&amp;/g, '&').replace(/&#39;/g, "'"));
    const form = link('request-access');
    expect(`${form.origin}${form.pathname}`).toBe('https://github.com/acme/mesh/issues/new');
    expect(form.searchParams.get('port')).toBe('table\nrole: admin');
    const url = link('secondary request-access-yaml');
    expect(`${url.origin}${url.pathname}`).toBe('https://github.com/acme/mesh/new/main');
    const grant = yaml.load(url.searchParams.get('value')!, { schema: yaml.CORE_SCHEMA }) as Record<string, unknown>;
    expect(Object.keys(grant)).toEqual(['apiVersion', 'kind', 'id', 'consumer', 'dataProduct', 'outputPort', 'role', 'purpose', 'requestedBy', 'validUntil']);
    // The role stays a placeholder to choose; the contract's hostile role names stay inside the comment.
    expect(grant).toMatchObject({ role: 'your-role', outputPort: 'table\nrole: admin', requestedBy: '@your-github-user' });
  });
});

/** The pages the attacks reach: home (footer), the products, the contract, the domains, access. */
const AFFECTED = [
  '', 'access/', 'domains/checkout/', 'domains/hostile/', 'contracts/injection-v1/',
  ...['anchors', 'injection', 'deep-quotes', 'wide-table', 'emphasis', 'hostile-members', 'orders'].map((id) => `products/${id}/`),
  // The Data Product Canvas shows the same values again (support links, team, purposes).
  ...['injection', 'hostile-members', 'orders'].map((id) => `products/${id}/canvas/`),
];
const SCRIPT_URL = /^\s*(?:javascript|vbscript|data):/i;
const withoutHash = (url: string) => url.replace(/#.*$/, '');

/** Answers every navigation but the visit asked for with "204 No Content" (the browser stays on the
 *  page) and never fetches outside the catalog. A javascript: URL makes no request, so it still runs. */
async function keepOnPage(page: Page, origin: string, visiting: () => string): Promise<void> {
  await page.route(() => true, (route) => {
    const request = route.request();
    if (request.isNavigationRequest() && withoutHash(request.url()) !== visiting()) return route.fulfill({ status: 204 });
    if (new URL(request.url()).origin !== origin) return route.abort();
    return route.continue();
  });
}

describe.skipIf(!hasChromium())(`the hostile catalog in Chromium${hasChromium() ? '' : ` (skipped: ${INSTALL_HINT})`}`, () => {
  it('clicks every link on the affected pages: no script runs, no script URL is followed', async () => {
    const served = await serveInChromium(site.out, BASE);
    try {
      const page = await served.chromium.context.newPage();
      const dialogs: string[] = [];
      const scriptNavigations: string[] = [];
      const unsafeHrefs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(`${page.url()}: ${dialog.message()}`);
        void dialog.dismiss();
      });
      page.on('framenavigated', (frame) => {
        if (SCRIPT_URL.test(frame.url())) scriptNavigations.push(frame.url());
      });
      page.on('request', (request) => {
        if (SCRIPT_URL.test(request.url())) scriptNavigations.push(request.url());
      });
      // A click never takes the page away (no late navigation, no error page to race with the next click).
      let visiting = '';
      await keepOnPage(page, served.origin, () => visiting);
      let clicked = 0;
      for (const path of AFFECTED) {
        const address = `${served.origin}${BASE}${path}`;
        visiting = address;
        await page.goto(address);
        const count = await page.locator('a').count();
        expect(count, address).toBeGreaterThan(5);
        for (let i = 0; i < count; i++) {
          if (withoutHash(page.url()) !== address) await page.goto(address);
          const link = page.locator('a').nth(i);
          // What the link would follow, resolved as the browser resolves it (SVG links in the lineage pictures too).
          const href = await link.evaluate((a) => {
            const raw = a.getAttribute('href') ?? a.getAttribute('xlink:href');
            return raw === null ? '' : new URL(raw, document.baseURI).href;
          });
          if (href && !/^(?:https?|mailto):$/.test(new URL(href).protocol)) unsafeHrefs.push(`${path}: ${href}`);
          // A link folded away (passing checks, more fields) or shown only on focus (the skip link) is
          // clicked the way script would.
          const dispatch = () => link.evaluate((a) => void a.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true })));
          if (await link.isVisible()) await link.click({ timeout: 1_000 }).catch(dispatch);
          else await dispatch();
          clicked += 1;
          // A javascript: URL runs in a task after the click.
          await page.waitForTimeout(30);
        }
      }
      expect(clicked).toBeGreaterThan(100);
      expect({ dialogs, scriptNavigations, unsafeHrefs }).toEqual({ dialogs: [], scriptNavigations: [], unsafeHrefs: [] });
      await page.close();
    } finally {
      await served.close();
    }
  }, 600_000);

  it('would notice a script link: the same check on a page holding one sees the dialog', async () => {
    const served = await serveInChromium(site.out, BASE);
    try {
      const page = await served.chromium.context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await keepOnPage(page, served.origin, () => `${served.origin}${BASE}`);
      await page.goto(`${served.origin}${BASE}`);
      await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', `<a id="probe" href="javascript:alert('xss')">probe</a>`));
      await page.locator('#probe').click();
      await page.waitForTimeout(100);
      expect(dialogs).toEqual(['xss']);
      await page.close();
    } finally {
      await served.close();
    }
  }, 60_000);
});
