/**
 * Bytes a browser fetches for a first search on a built catalog: the site is served from its
 * output folder, Chromium opens the search page with the query (Pagefind's UI runs it and shows
 * the first results with their filters), and every response under /pagefind/ is summed — the UI's
 * script and style, Pagefind, its WebAssembly, index and filter chunks, result fragments. Without
 * Chromium the figure is computed from the index files.
 */
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { extname, join, normalize, sep } from 'node:path';

export const CHROMIUM = process.env.MESHGATE_CHROMIUM || '/usr/bin/chromium';

export interface FirstSearch {
  /** As served without compression (Pagefind's index, fragments and wasm are gzip'd on disk already). */
  bytes: number;
  /** As served by a host that gzips JS and JSON, like GitHub Pages. */
  bytesGzip: number;
  /** Bytes per kind of Pagefind file: js, entry, wasm, meta, index, filter, fragment. */
  breakdown: Record<string, number>;
  requests: number;
  results: number;
  query: string;
  method: 'chromium' | 'chromium-api' | 'computed';
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

/** A static server over `root`, as GitHub Pages would serve it (no compression of our own). */
function serve(root: string): Promise<Server> {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    path = normalize(path).replace(/^([/\\])+/, '');
    let file = join(root, path);
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function kindOf(url: string): string {
  if (url.endsWith('.pf_fragment')) return 'fragment';
  if (url.endsWith('.pf_index')) return 'index';
  if (url.endsWith('.pf_filter')) return 'filter';
  if (url.endsWith('.pf_meta')) return 'meta';
  if (url.includes('wasm')) return 'wasm';
  if (url.endsWith('pagefind-entry.json')) return 'entry';
  if (url.endsWith('.js')) return 'js';
  return 'other';
}

export async function measureFirstSearch(outDir: string, query: string, base = '/'): Promise<FirstSearch> {
  const pagefind = join(outDir, 'pagefind');
  if (!existsSync(pagefind)) throw new Error(`no Pagefind index in ${outDir}; the site build did not run Pagefind`);
  if (!existsSync(CHROMIUM)) return computeFirstSearch(pagefind, query);
  const { chromium } = await import('playwright-core');
  const server = await serve(outDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    const sizes: { url: string; bytes: number; gzip: number }[] = [];
    page.on('response', async (response) => {
      const url = response.url();
      if (!url.includes('/pagefind/')) return;
      try {
        const body = await response.body();
        // pf_* files and the wasm are gzip'd by Pagefind; a compressing host only gains on the rest.
        const precompressed = /\.pf_\w+$|wasm/.test(url);
        sizes.push({ url, bytes: body.length, gzip: precompressed ? body.length : gzipSync(body).length });
      } catch {
        // A response without a body (redirect) fetches nothing.
      }
    });
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let results: number;
    let how: FirstSearch['method'] = 'chromium';
    try {
      // The catalog's own search page, as a person uses it: Pagefind's UI runs the query from ?q=.
      await page.goto(`${origin}${base}search/?q=${encodeURIComponent(query)}`, { waitUntil: 'load' });
      await page.waitForSelector('.pagefind-ui__result', { timeout: 60_000 });
      await page.waitForLoadState('networkidle');
      results = await page.locator('.pagefind-ui__result').count();
    } catch {
      // No search page with Pagefind's UI: load Pagefind through its API, as a custom UI would.
      how = 'chromium-api';
      sizes.length = 0;
      await page.goto(`${origin}${base}`, { waitUntil: 'load' });
      results = await page.evaluate(
        async ({ query, base }) => {
          const pf = await import(`${base}pagefind/pagefind.js`);
          await pf.init();
          await pf.filters();
          const search = await pf.search(query);
          await Promise.all(search.results.slice(0, 5).map((r: { data(): Promise<unknown> }) => r.data()));
          return search.results.length as number;
        },
        { query, base },
      );
    }
    // Responses settle asynchronously; give the last body reads a moment.
    await page.waitForTimeout(200);
    const breakdown: Record<string, number> = {};
    for (const { url, bytes } of sizes) breakdown[kindOf(url)] = (breakdown[kindOf(url)] ?? 0) + bytes;
    return {
      bytes: sizes.reduce((sum, s) => sum + s.bytes, 0),
      bytesGzip: sizes.reduce((sum, s) => sum + s.gzip, 0),
      breakdown,
      requests: sizes.length,
      results,
      query,
      method: how,
    };
  } finally {
    await browser.close();
    server.close();
  }
}

/**
 * Without a browser: an upper bound from the files a first search loads — the JS, the entry, the
 * WebAssembly, the metadata, the largest index chunk, every filter chunk and the five largest
 * fragments.
 */
export function computeFirstSearch(pagefind: string, query: string): FirstSearch {
  const size = (path: string) => statSync(path).size;
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : []);
  const top = readdirSync(pagefind).map((name) => join(pagefind, name));
  const breakdown: Record<string, number> = {
    js: size(join(pagefind, 'pagefind.js')),
    entry: size(join(pagefind, 'pagefind-entry.json')),
    wasm: Math.max(0, ...top.filter((p) => p.includes('wasm')).map(size)),
    meta: top.filter((p) => p.endsWith('.pf_meta')).map(size).reduce((a, b) => a + b, 0),
    index: Math.max(0, ...list(join(pagefind, 'index')).map(size)),
    filter: list(join(pagefind, 'filter')).map(size).reduce((a, b) => a + b, 0),
    fragment: list(join(pagefind, 'fragment')).map(size).sort((a, b) => b - a).slice(0, 5).reduce((a, b) => a + b, 0),
  };
  const worker = join(pagefind, 'pagefind-worker.js');
  if (existsSync(worker)) breakdown.js += size(worker);
  const gzipped = gzipSync(readFileSync(join(pagefind, 'pagefind.js'))).length + (existsSync(worker) ? gzipSync(readFileSync(worker)).length : 0);
  const bytes = Object.values(breakdown).reduce((a, b) => a + b, 0);
  return { bytes, bytesGzip: bytes - breakdown.js + gzipped, breakdown, requests: 0, results: 0, query, method: 'computed' };
}
