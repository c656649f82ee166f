/**
 * Builds the catalog: Astro renders the mesh at MESHGATE_ROOT (default: this repository) into the
 * output folder, then Pagefind indexes it. Usage:
 *
 *   tsx site/scripts/build.ts [--root <mesh>] [--out <dir>] [--base </sub/path/>] [--test-results <file|dir>]
 *
 * Flags override the environment (MESHGATE_ROOT, MESHGATE_SITE_OUT, MESHGATE_SITE_BASE,
 * MESHGATE_TEST_RESULTS; the last defaults to <mesh>/.meshgate/test-results.json, where
 * `meshgate test` writes). The command line below is where this build reads them and the other
 * settings' variables, once (site/src/lib/settings.ts); buildSite takes the settings as a value.
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AstroIntegration } from 'astro';
import type { EntityFileOptions } from '../src/lib/entity-files.ts';
import { withBuildContext } from '../src/lib/build-context.ts';
import type { Catalog } from '../src/lib/catalog.ts';
import type { PageSink } from '../src/lib/indexing.ts';
import { siteDir, siteSettings, type SiteSettings } from '../src/lib/settings.ts';
import { createUrls } from '../src/lib/urls.ts';
import { type OutputThread, PAGEFIND_CONFIG, startOutputThread } from './output-thread.ts';
import { type ReadmeBudget, startReadmeThread } from './readme-thread.ts';

// The catalog (and with it the core: loader, schemas, policies) is imported when a build starts,
// not with this module: run as a script, this process only starts the build's own process with the
// heap flags below, and at 10,000 products every MB it held counted in the build's peak.
const catalogModule = () => import('../src/lib/load-catalog.ts');
// Astro's configuration likewise: it brings in the MDX integration and its Markdown pipeline.
const astroConfigModule = () => import('./astro-config.ts');

export { repositoryDir, siteDir } from '../src/lib/settings.ts';

export interface BuildOptions {
  /** What to build, and how (site/src/lib/settings.ts: `siteSettings(process.env, flags)` reads them as the command line does). */
  settings: SiteSettings;
  quiet?: boolean;
  /** Time and memory for each README (site/scripts/readme-thread.ts). */
  readmeBudget?: ReadmeBudget;
}

export interface BuildResult {
  outDir: string;
  pages: number;
  indexBytes: number;
  ms: number;
  /** Where the time went: Astro (pages indexed and entity files written meanwhile), the wait for the entity files after the pages, what was left of Pagefind after Astro. */
  phases: { astroMs: number; entityFilesMs: number; pagefindMs: number };
  /** READMEs shown as plain text instead of rendered, with why. */
  readmeFallbacks: { path: string; reason: string }[];
}


const EMPTY_INDEX = (outDir: string) =>
  `no pages to index in ${outDir}: is the site built there, and do its pages have data-pagefind-body?`;

/** Indexes the built site; Pagefind's own errors become one error with them as the cause. */
export async function runPagefind(outDir: string): Promise<void> {
  let pagefind: typeof import('pagefind') | undefined;
  try {
    pagefind = await import('pagefind');
    const { index, errors } = await pagefind.createIndex(PAGEFIND_CONFIG);
    if (!index) throw new Error(errors.join('\n'));
    const added = await index.addDirectory({ path: outDir });
    if (added.errors.length) throw new Error(added.errors.join('\n'));
    // An empty index would publish a search box that never finds anything.
    if (added.page_count === 0) throw new Error(EMPTY_INDEX(outDir));
    const written = await index.writeFiles({ outputPath: join(outDir, 'pagefind') });
    if (written.errors.length) throw new Error(written.errors.join('\n'));
  } catch (cause) {
    throw new Error('Failed to run Pagefind.', { cause });
  } finally {
    // The index runs in a Pagefind process of its own; stop it either way.
    await pagefind?.close();
  }
}

/** Pages handed to Pagefind but not yet indexed; beyond this the renderer waits for the indexer. */
const MAX_PAGES_IN_FLIGHT = 64;

/**
 * Pagefind fed page by page while Astro renders (see site/src/lib/indexing.ts): its process
 * indexes on the second core, so the build pays for indexing only what is left when Astro ends.
 * The pages go to it through the output thread, which does the encoding and the pipe.
 */
export async function startIndexer(output: OutputThread): Promise<{ sink: PageSink; rendered(): number; finish(outDir: string): Promise<number>; close(): Promise<void> }> {
  try {
    await output.startIndex();
  } catch (cause) {
    await output.closeIndex().catch(() => {});
    throw new Error('Failed to run Pagefind.', { cause });
  }
  const inFlight = new Set<Promise<void>>();
  const errors: string[] = [];
  let pages = 0;
  let rendered = 0;
  const sink: PageSink = {
    rendered() {
      rendered += 1;
    },
    async add(url, content) {
      const added: Promise<void> = output.addPage(url, content).then(
        (pageErrors) => {
          if (pageErrors.length) errors.push(...pageErrors.map((error) => `${url}: ${error}`));
          else pages += 1;
        },
        (error: unknown) => void errors.push(`${url}: ${String(error)}`),
      );
      inFlight.add(added);
      void added.finally(() => inFlight.delete(added));
      while (inFlight.size >= MAX_PAGES_IN_FLIGHT) await Promise.race(inFlight);
    },
  };
  return {
    sink,
    rendered: () => rendered,
    async finish(outDir) {
      try {
        await Promise.all(inFlight);
        if (errors.length) throw new Error(errors.join('\n'));
        if (pages === 0) throw new Error(EMPTY_INDEX(outDir));
        const written = await output.writeIndex(join(outDir, 'pagefind'));
        if (written.length) throw new Error(written.join('\n'));
        return pages;
      } catch (cause) {
        throw new Error('Failed to run Pagefind.', { cause });
      } finally {
        // The index runs in a Pagefind process of its own; stop it either way.
        await output.closeIndex();
      }
    },
    close: () => output.closeIndex(),
  };
}

/** Bytes of the files under `dir`. */
function folderBytes(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    bytes += entry.isDirectory() ? folderBytes(path) : statSync(path).size;
  }
  return bytes;
}

/**
 * Writes the raw YAML, the per-entity JSON and the product, contract and canvas pages (see
 * site/src/lib/entity-files.ts) while Astro renders the other pages: from the moment the output
 * folder has been emptied (astro:build:ssr comes after that), so that the two share the time.
 * `onWritten` gets how long the build waited for them once Astro was done, and how many pages they were.
 */
function entityFilesIntegration(
  outDir: string,
  files: Pick<EntityFileOptions, 'writer' | 'readmes' | 'index'>,
  onWritten: (ms: number, pages: number) => void,
  catalog: Promise<Catalog>,
  root: string,
): AstroIntegration {
  let base = '/';
  let writing: Promise<{ files: number; pages: number }> | undefined;
  const start = (): Promise<{ files: number; pages: number }> =>
    (writing ??= (async () => {
      const { writeEntityFiles } = await import('../src/lib/entity-files.ts');
      // Enough in flight to keep the output thread busy while this thread makes the next pages.
      return writeEntityFiles(await catalog, createUrls(base), outDir, root, { parallel: 8, ...files });
    })());
  return {
    name: 'meshgate-entity-files',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base;
      },
      'astro:build:ssr': () => {
        // Started, not awaited: a failure is reported by astro:build:done.
        start().catch(() => {});
      },
      'astro:build:done': async () => {
        const started = performance.now();
        const { pages } = await start();
        onWritten(performance.now() - started, pages);
      },
    },
  };
}

/**
 * Astro writes the pages' server chunks inside the output folder, or, when that folder is outside
 * the working directory, into `<cwd>/.astro/` — shared by every such build started from the same
 * directory, so two concurrent builds (a test and a benchmark, say) delete each other's chunks. Such
 * a build runs from a folder of its own below site/ (where the chunks still resolve node_modules).
 *
 * The one change of the working directory left in the build: Astro 5 asks `process.cwd()` itself
 * (getOutDirWithinCwd in astro/dist/core/build/common.js), and no option moves a static build's
 * chunks (`build.server` is for server output, `cacheDir` holds only Vite's cache).
 */
async function privateWorkDir(outDir: string): Promise<{ restore(): Promise<void> }> {
  const cwd = process.cwd();
  if (outDir.startsWith(cwd)) return { restore: async () => {} };
  const dir = await mkdtemp(join(siteDir, '.astro-build-'));
  process.chdir(dir);
  return {
    async restore() {
      process.chdir(cwd);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Pagefind's memory peaks while it writes the index, after Astro is done. By then the catalog and
 * Astro's build are garbage, but V8 collects (and returns to the system) only when it needs room:
 * at 10,000 products the two processes' peaks added up. One full collection here lets Pagefind's
 * peak come after Node's has gone.
 */
function releaseHeap(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  // The second collection returns what the first freed, so the process holds less when Pagefind
  // begins to write (bench/README.md, "Figures measured").
  gc?.();
  gc?.();
}

export async function buildSite({ settings, quiet, readmeBudget }: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const { outDir } = settings;
  // Astro's own switches, which it reads from the environment only.
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  // Astro lets process.env override import.meta.env at render time; a BASE_URL or SITE left in the
  // environment by another Vite-based tool (vitest sets BASE_URL=/) would silently drop the base.
  for (const key of ['BASE_URL', 'SITE', 'ASSETS_PREFIX', 'MODE', 'DEV', 'PROD', 'SSR']) delete process.env[key];
  const { loadCatalog } = await catalogModule();
  // The mesh is read on the second core while Astro starts and bundles (seconds on a large mesh);
  // a failure is the pages' to report, when they ask for the catalog. Dropped when Astro is done
  // (below), so by the time Pagefind writes the index it is garbage.
  let catalog: Promise<Catalog> | undefined = loadCatalog(settings, { mainThread: false });
  catalog.catch(() => {});
  const [{ build }, { astroConfig }] = await Promise.all([import('astro'), astroConfigModule()]);
  const output = startOutputThread(outDir);
  const readmes = startReadmeThread(readmeBudget);
  try {
    const indexer = await startIndexer(output);
    let entityFilesMs = 0;
    let entityPages = 0;
    const workDir = await privateWorkDir(outDir);
    try {
      const entityFiles = entityFilesIntegration(
        outDir,
        { writer: output.writer, readmes, index: (url, record) => indexer.sink.add(url, record) },
        (ms, pages) => {
          entityFilesMs = ms;
          entityPages = pages;
        },
        catalog,
        settings.root,
      );
      const config = astroConfig(quiet ? { ...settings, logLevel: 'error' } : settings, { shareBuildContext: true, integrations: [entityFiles] });
      // The pages get the catalog, the page sink, the README renderer and the token through the
      // build context (site/src/lib/build-context.ts), for this call only.
      await withBuildContext({ catalog, sink: indexer.sink, readmes, token: settings.token }, () => build({ ...config, configFile: false }));
    } catch (error) {
      await indexer.close().catch(() => {});
      throw error;
    } finally {
      catalog = undefined;
      await workDir.restore();
    }
    const astroDone = performance.now();
    releaseHeap();
    await output.collect();
    await indexer.finish(outDir);
    const pagefindMs = performance.now() - astroDone;
    // Counted as they were rendered: walking the output files afterwards takes long on a large site.
    const pages = indexer.rendered() + entityPages;
    const indexBytes = folderBytes(join(outDir, 'pagefind'));
    const ms = Math.round(performance.now() - started);
    const phases = { astroMs: Math.round(astroDone - started - entityFilesMs), entityFilesMs: Math.round(entityFilesMs), pagefindMs: Math.round(pagefindMs) };
    return { outDir, pages, indexBytes, ms, phases, readmeFallbacks: readmes.fallbacks };
  } finally {
    await readmes.stop();
    await output.stop();
  }
}

/**
 * V8 lets the build's garbage pile up while the heap limit (a quarter of the machine's memory) is
 * far away: on a large mesh the process held several times its live data. A
 * lower limit makes it collect sooner at no cost in time. MESHGATE_SITE_HEAP_MB overrides it; 0
 * keeps Node's default.
 */
const HEAP_MB = Number(process.env.MESHGATE_SITE_HEAP_MB ?? 1536);
/**
 * Rendering makes a lot of short-lived garbage next to a large, long-lived catalog: a young
 * generation of 64 MB (16 MB by default) lets far less of it be promoted and marked again with the
 * catalog, and less CPU for the Astro build (bench/README.md, "Figures measured").
 */
const SEMI_SPACE_MB = 64;
const heapLimited = (): boolean =>
  [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((arg) => arg.startsWith('--max-old-space-size'));

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url) && HEAP_MB > 0 && !heapLimited()) {
  // The limit is fixed when the process starts: run this script again with it.
  const child = spawn(process.execPath, [...process.execArgv, `--max-old-space-size=${HEAP_MB}`, `--max-semi-space-size=${SEMI_SPACE_MB}`, ...process.argv.slice(1)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
} else if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { root: { type: 'string' }, out: { type: 'string' }, base: { type: 'string' }, 'test-results': { type: 'string' } } });
  const settings = siteSettings(process.env, { root: values.root, outDir: values.out, base: values.base, testResults: values['test-results'] });
  buildSite({ settings }).then(
    (result) => {
      console.log(
        `Built ${result.pages} pages into ${result.outDir} in ${(result.ms / 1000).toFixed(1)} s; search index ${(result.indexBytes / 1024 / 1024).toFixed(2)} MB.`,
      );
      const { astroMs, entityFilesMs, pagefindMs } = result.phases;
      const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
      console.log(`Astro ${s(astroMs)} (pages indexed; product, contract, canvas, raw and JSON files written meanwhile), then ${s(entityFilesMs)} for the rest of those files and ${s(pagefindMs)} for Pagefind.`);
      // The build goes on past a README it cannot render; the file is named here for its team.
      for (const { path, reason } of result.readmeFallbacks) console.warn(`warning: ${path}: README shown as plain text: ${reason}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
