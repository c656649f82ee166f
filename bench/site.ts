/**
 * The catalog site at scale: a cold build of the generated mesh with the site's own entry
 * (site/scripts/build.ts: Astro, then Pagefind) in a child process for time and peak memory;
 * Pagefind re-run alone on the output for its share; pages counted; a first search measured.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CHROMIUM, LATENCY_QUERIES, measureFirstSearch, measureSearchLatency, type SearchLatency } from './first-search.ts';
import { REPOSITORY_ROOT } from './generate.ts';
import { measureNode, type Skipped } from './measure.ts';

export interface SiteResult {
  /** Astro build and Pagefind index, as `npm run build:site` does it. */
  buildMs: number;
  /** buildMs less the Pagefind run measured apart; meaningless when the build indexes while it renders. */
  astroMs: number | null;
  pagefindMs: number | null;
  /** The largest single process of the build: Astro's Node, or Pagefind's binary indexing alongside. */
  maxRssMB: number | null;
  /** Every process of the build at once (Node and Pagefind's binary overlap): what the machine needs. */
  treeRssMB: number | null;
  /** Pagefind's binary alone, from the separate Pagefind run. */
  pagefindRssMB: number | null;
  /** CPU seconds of the Node process (Pagefind's binary is not waited for, so not counted). */
  cpuS: number | null;
  pages: number;
  /** The largest pages and JSON files, in KB. */
  largest: ReturnType<typeof largestFiles>;
  /** The larger of the first searches measured (see `searches`), as fetched. */
  firstSearchBytes: number;
  firstSearchBytesGzip: number;
  query: string;
  searches: Awaited<ReturnType<typeof measureFirstSearch>>[];
  /** Keystroke to first result in Chromium, cold page and warm; null without Chromium. */
  latency?: SearchLatency | null;
}

/** A common word (many results, the largest index chunk) and a field name. */
const QUERIES = ['orders', 'email'];
const TSX = ['--import', 'tsx'];
const tail = (text: string) => text.trim().split('\n').slice(-4).join(' | ').slice(0, 400);

function countPages(dir: string): number {
  let pages = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) pages += countPages(join(dir, entry.name));
    else if (entry.name.endsWith('.html')) pages++;
  }
  return pages;
}

/** The largest HTML pages and JSON files: a list page that grows with N shows up here. */
function largestFiles(root: string, count = 4): { html: { path: string; kb: number }[]; json: { path: string; kb: number }[] } {
  const html: { path: string; kb: number }[] = [];
  const json: { path: string; kb: number }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'pagefind') walk(full);
      } else if (/\.(html|json)$/.test(entry.name)) {
        const item = { path: relative(root, full), kb: Math.round(statSync(full).size / 1024) };
        (entry.name.endsWith('.html') ? html : json).push(item);
      }
    }
  };
  walk(root);
  const top = (items: { path: string; kb: number }[]) => items.sort((a, b) => b.kb - a.kb).slice(0, count);
  return { html: top(html), json: top(json) };
}

export async function measureSite(meshDir: string, products: number, timeoutMinutes = 30): Promise<SiteResult | Skipped> {
  if (!existsSync(join(REPOSITORY_ROOT, 'site', 'scripts', 'build.ts'))) return { skipped: 'site/scripts/build.ts not found' };
  const out = join(REPOSITORY_ROOT, 'bench', 'scratch', `site-${products}`);
  const cache = join(out, '..', `.astro-cache-site-${products}`);
  // A cold build: no output and no Vite cache left from an earlier run. The harness removes each
  // output once measured (below), so this finds one only after an interrupted run: deleting the
  // 75,000 files of a 10k site right before a build made that build wait on the disk (here, an
  // ext4 volume mounted with `discard`; bench/README.md, "Catalog site").
  rmSync(out, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
  try {
    return await measureBuilt(meshDir, out, timeoutMinutes);
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  }
}

async function measureBuilt(meshDir: string, out: string, timeoutMinutes: number): Promise<SiteResult | Skipped> {
  const build = await measureNode(TSX, ['site/scripts/build.ts', '--root', meshDir, '--out', out], { timeoutMs: timeoutMinutes * 60_000 });
  if (build.exitCode !== 0) {
    const written = existsSync(out) ? countPages(out) : 0;
    const rss = build.maxRssMB === null ? '' : `, peak RSS ${Math.round(build.maxRssMB)} MB (all processes ${Math.round(build.treeRssMB ?? 0)} MB)`;
    return { skipped: `site build exited ${build.exitCode} after ${Math.round(build.wallMs / 1000)} s with ${written} pages written${rss}: ${tail(build.stderr || build.stdout)}` };
  }
  const pages = countPages(out);
  let pagefindMs: number | null = null;
  let pagefindRssMB: number | null = null;
  const pagefind = await measureNode(TSX, ['bench/pagefind-only.ts', out], { timeoutMs: 30 * 60_000 });
  if (pagefind.exitCode === 0) {
    pagefindMs = (JSON.parse(pagefind.stdout) as { ms: number }).ms;
    pagefindRssMB = pagefind.maxRssMB === null ? null : Math.round(pagefind.maxRssMB);
  }
  const searches = [];
  for (const query of QUERIES) searches.push(await measureFirstSearch(out, query));
  const largest = searches.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const latency = existsSync(CHROMIUM) ? await measureSearchLatency(out, LATENCY_QUERIES) : null;
  return {
    buildMs: Math.round(build.wallMs),
    astroMs: pagefindMs === null ? null : Math.round(build.wallMs - pagefindMs),
    pagefindMs,
    maxRssMB: build.maxRssMB === null ? null : Math.round(build.maxRssMB),
    treeRssMB: build.treeRssMB === null ? null : Math.round(build.treeRssMB),
    pagefindRssMB,
    cpuS: build.cpuS,
    pages,
    largest: largestFiles(out),
    firstSearchBytes: largest.bytes,
    firstSearchBytesGzip: largest.bytesGzip,
    query: largest.query,
    searches,
    latency,
  };
}
