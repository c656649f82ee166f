/**
 * Bytes a browser fetches for a first search on a built catalog: the site is served from its
 * output folder, Chromium opens the search page with the query (`/search/?q=…`: the catalog's
 * search script loads Pagefind, runs the query and shows the first page of results), and every
 * response the search costs is summed — everything under /pagefind/ (Pagefind's JS, its entry,
 * WebAssembly, metadata, index and filter chunks, result fragments, and its UI or worker should
 * the page load them) plus the search page's own scripts. The page's HTML and the stylesheet every
 * page shares are not counted. Without Chromium the figure is computed from the index files.
 *
 * `tsx bench/first-search.ts <site folder> [--base /] [--query orders …]` prints the figures as JSON.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStaticServer } from '../site/scripts/serve.ts';
import { commandLine, usageError } from './args.ts';

export const CHROMIUM = process.env.MESHGATE_CHROMIUM || '/usr/bin/chromium';

export interface FirstSearch {
  /** As served without compression (Pagefind's index, fragments and wasm are gzip'd on disk already). */
  bytes: number;
  /** As served by a host that gzips JS and JSON, like GitHub Pages. */
  bytesGzip: number;
  /** Bytes per kind of file as served: ui (the search page's scripts), js, worker, entry, wasm, meta, index, filter, fragment. */
  breakdown: Record<string, number>;
  /** The same, as a gzip-ing host serves them. */
  breakdownGzip: Record<string, number>;
  requests: number;
  /** Results shown on the page (the first page of them), and how many the search found. */
  results: number;
  total?: number;
  query: string;
  method: 'chromium' | 'computed';
}

/** The built site served as GitHub Pages serves it (under its base path, no compression of our own). */
function serve(root: string, base: string): Promise<Server> {
  const server = createStaticServer({ dir: resolve(root), base });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

function kindOf(url: string): string {
  const path = new URL(url).pathname;
  if (!path.includes('/pagefind/')) return 'ui';
  if (path.endsWith('.pf_fragment')) return 'fragment';
  if (path.endsWith('.pf_index')) return 'index';
  if (path.endsWith('.pf_filter')) return 'filter';
  if (path.endsWith('.pf_meta')) return 'meta';
  if (path.includes('wasm')) return 'wasm';
  if (path.endsWith('pagefind-entry.json')) return 'entry';
  if (path.endsWith('pagefind-worker.js')) return 'worker';
  if (path.endsWith('pagefind.js')) return 'js';
  // Pagefind's own UI (pagefind-ui.js/.css, modular or component UI), were a page to load it.
  return 'ui';
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function totals(sizes: { kind: string; bytes: number; gzip: number }[]) {
  const breakdown: Record<string, number> = {};
  const breakdownGzip: Record<string, number> = {};
  for (const { kind, bytes, gzip } of sizes) {
    breakdown[kind] = (breakdown[kind] ?? 0) + bytes;
    breakdownGzip[kind] = (breakdownGzip[kind] ?? 0) + gzip;
  }
  return { bytes: sum(sizes.map((s) => s.bytes)), bytesGzip: sum(sizes.map((s) => s.gzip)), breakdown, breakdownGzip };
}

export async function measureFirstSearch(outDir: string, query: string, base = '/'): Promise<FirstSearch> {
  const pagefind = join(outDir, 'pagefind');
  if (!existsSync(pagefind)) throw new Error(`no Pagefind index in ${outDir}; the site build did not run Pagefind`);
  if (!existsSync(CHROMIUM)) return computeFirstSearch(outDir, query);
  const { chromium } = await import('playwright-core');
  const server = await serve(outDir, base);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    const sizes: { url: string; kind: string; bytes: number; gzip: number }[] = [];
    const reads: Promise<void>[] = [];
    page.on('response', (response) => {
      const url = response.url();
      const type = response.request().resourceType();
      // Everything of Pagefind's, and the search page's scripts (the search UI itself).
      if (!new URL(url).pathname.includes('/pagefind/') && type !== 'script') return;
      reads.push(
        response.body().then(
          (body) => {
            // pf_* files and the wasm are gzip'd by Pagefind; a compressing host only gains on the rest.
            const precompressed = /\.pf_\w+$|wasm/.test(url);
            sizes.push({ url, kind: kindOf(url), bytes: body.length, gzip: precompressed ? body.length : gzipSync(body).length });
          },
          () => undefined, // a response without a body (redirect) fetches nothing
        ),
      );
    });
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const prefix = base.endsWith('/') ? base : `${base}/`;
    // The catalog's own search page, as a person arriving from a link uses it.
    await page.goto(`${origin}${prefix}search/?q=${encodeURIComponent(query)}`, { waitUntil: 'load' });
    // The search script marks its root `done` once the first page of results is on screen.
    const state = await page.waitForSelector('[data-search][data-state="done"], [data-search][data-state="error"]', { timeout: 60_000 });
    if ((await state.getAttribute('data-state')) === 'error') {
      throw new Error(`the search page failed: ${await page.locator('.search-status').textContent()}`);
    }
    await page.waitForLoadState('networkidle');
    const status = (await page.locator('.search-status').textContent()) ?? '';
    await Promise.all(reads);
    // Pagefind's results on screen (one can show as several entries: its fields), by their fragments.
    const results = sizes.filter((size) => size.kind === 'fragment').length;
    const total = Number(status.match(/^([\d,]+) results?/)?.[1]?.replace(/,/g, '') ?? (results ? NaN : 0));
    return { ...totals(sizes), requests: sizes.length, results, total: Number.isNaN(total) ? undefined : total, query, method: 'chromium' };
  } finally {
    await browser.close();
    server.close();
  }
}

/** The queries the benchmark times: a common word on the cold page, then a field name, a product's word and a prefix. */
export const LATENCY_QUERIES = ['orders', 'email', 'customer', 'invoice'] as const;

/** How long searching takes in Chromium, in ms (see `measureSearchLatency`). */
export interface SearchLatency {
  /** From the first keystroke of the query on a freshly loaded search page (empty cache) to its first result on screen. */
  coldMs: number;
  /** From the last keystroke of a query to its first result, on a page that has searched already: one per query, in order. */
  warmMs: number[];
  /** The median of `warmMs`. A reading of -1 means the results did not show within 30 s. */
  warmMedianMs: number;
  queries: string[];
}

/**
 * Keystroke to first result, timed in the page (`performance.now()` at the key or focus event, and
 * when the results for the query are on screen), so the harness's own round trips do not count.
 * Cold: a new browser context (empty HTTP cache) opens the search page and types `queries[0]`,
 * timed from its first keystroke. Warm: on that page, each further query is typed but for its last character, which
 * is then pressed and timed. The site is served locally without compression.
 */
export async function measureSearchLatency(outDir: string, queries: readonly string[], base = '/'): Promise<SearchLatency> {
  if (queries.length < 2) throw new Error('measureSearchLatency needs a query for the cold page and at least one for the warm one');
  const { chromium } = await import('playwright-core');
  const server = await serve(outDir, base);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await page.goto(`${origin}${base.endsWith('/') ? base : `${base}/`}search/`, { waitUntil: 'load' });
    /**
     * Starts a clock at the next `start` event that stops when the results for `query` are on
     * screen; the returned function waits for the reading. Installed (awaited) before the key is
     * pressed: a warm search can finish before a script sent alongside the key would run. A string,
     * not a function: tsx would wrap a function's inner names in a helper the page lacks.
     */
    const clock = async (query: string, start: 'focusin' | 'keydown'): Promise<() => Promise<number>> => {
      await page.evaluate(`window.__meshgateLatency = new Promise((resolve) => {
        let t0 = 0;
        document.addEventListener(${JSON.stringify(start)}, () => { t0 = performance.now(); }, { capture: true, once: true });
        const root = document.querySelector('[data-search]');
        const status = root.querySelector('.search-status');
        const observer = new MutationObserver(() => {
          if (t0 && root.dataset.state === 'done' && status.textContent.includes(${JSON.stringify(`“${query}”`)}) && root.querySelector('.search-result')) {
            observer.disconnect();
            resolve(performance.now() - t0);
          }
        });
        observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
        setTimeout(() => resolve(-1), 30000);
      }); 0`);
      return () => page.evaluate('window.__meshgateLatency') as Promise<number>;
    };
    const box = page.locator('[data-search] input[type="search"]');
    // The search page focuses its box itself (and so starts loading Pagefind) when it opens.
    const cold = await clock(queries[0]!, 'keydown');
    await box.focus();
    await page.keyboard.type(queries[0]!);
    const coldMs = await cold();
    const warmMs: number[] = [];
    for (const query of queries.slice(1)) {
      await box.fill(query.slice(0, -1));
      await page.waitForFunction((prefix) => document.querySelector('[data-search] .search-status')?.textContent?.includes(`“${prefix}”`), query.slice(0, -1));
      const warm = await clock(query, 'keydown');
      await page.keyboard.press(query.slice(-1));
      warmMs.push(await warm());
    }
    const sorted = [...warmMs].sort((a, b) => a - b);
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return { coldMs: round(coldMs), warmMs: warmMs.map(round), warmMedianMs: round(sorted[Math.floor(sorted.length / 2)]!), queries: [...queries] };
  } finally {
    await browser.close();
    server.closeAllConnections();
    server.close();
  }
}

/**
 * Without a browser: an upper bound from the files a first search loads with the catalog's search
 * page — its scripts, Pagefind's JS and entry, the WebAssembly, the metadata, the largest index
 * chunk and the ten largest fragments (filter chunks load only when the filters are opened).
 */
export function computeFirstSearch(outDir: string, query: string): FirstSearch {
  const pagefind = join(outDir, 'pagefind');
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : []);
  const file = (path: string, kind: string, precompressed: boolean) => {
    const body = readFileSync(path);
    return { kind, bytes: body.length, gzip: precompressed ? body.length : gzipSync(body).length };
  };
  const largest = (paths: string[], n: number) => paths.sort((a, b) => statSync(b).size - statSync(a).size).slice(0, n);
  const top = list(pagefind);
  const sizes = [
    ...list(join(outDir, '_astro')).filter((p) => p.endsWith('.js')).map((p) => file(p, 'ui', false)),
    file(join(pagefind, 'pagefind.js'), 'js', false),
    file(join(pagefind, 'pagefind-entry.json'), 'entry', false),
    ...largest(top.filter((p) => p.includes('wasm')), 1).map((p) => file(p, 'wasm', true)),
    ...top.filter((p) => p.endsWith('.pf_meta')).map((p) => file(p, 'meta', true)),
    ...largest(list(join(pagefind, 'index')), 1).map((p) => file(p, 'index', true)),
    ...largest(list(join(pagefind, 'fragment')), 10).map((p) => file(p, 'fragment', true)),
  ];
  return { ...totals(sizes), requests: 0, results: 0, query, method: 'computed' };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const usage = 'tsx bench/first-search.ts <built site folder> [--base /] [--query orders …]';
  const { values, positionals } = commandLine(usage, { allowPositionals: true, options: { base: { type: 'string', default: '/' }, query: { type: 'string', multiple: true } } });
  if (positionals.length !== 1) usageError(usage, 'one built site folder');
  const queries = values.query ?? [...LATENCY_QUERIES];
  for (const query of queries) console.log(JSON.stringify(await measureFirstSearch(positionals[0], query, values.base)));
  if (existsSync(CHROMIUM) && queries.length > 1) console.log(JSON.stringify(await measureSearchLatency(positionals[0], queries, values.base)));
}
