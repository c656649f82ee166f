/**
 * The catalog's one-file-per-entity outputs: the raw YAML downloads (`raw/<path>`), the JSON API
 * documents (`api/products/{id}.json`, `api/contracts/{id}.json`) and the pages there is one of per
 * product and per contract (lib/bulk-pages.ts: product, contract and canvas pages). Each is one
 * string, so the build writes them straight to disk while Astro renders the other pages, instead
 * of routing each through Astro's per-page pipeline (a Request, a Response, the layout's components
 * and a write awaited one after another), and hands the search records of the indexed pages to
 * Pagefind as it goes.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { contractDocument, productDocument } from './api.ts';
import { canvasPageHtml, contractPageHtml, productPageHtml } from './bulk-pages.ts';
import type { Catalog } from './catalog.ts';
import { indexesContractPage } from './indexing.ts';
import { insideFolder, pagesFor, pathInside } from './output-paths.ts';
import { readmeHtml, type ReadmeRenderer } from './readme.ts';
import { contractRecord, productRecord } from './search-records.ts';
import type { Urls } from './urls.ts';

export interface EntityFile {
  /** Path below the output folder, `/`-separated. */
  path: string;
  /** The repository file to copy byte for byte, relative to the mesh root. */
  copyOf?: string;
  /** Or the content to write. */
  content?: () => string | Promise<string>;
  /** For a page search indexes: what Pagefind indexes for it (lib/search-records.ts). */
  searchRecord?: () => string;
}

/**
 * Every such file of the catalog, in a stable order. A product's README is rendered by `readmes`
 * (the build's README thread), or on this thread without one.
 */
export function entityFiles(catalog: Catalog, urls: Urls, readmes?: ReadmeRenderer): EntityFile[] {
  const files: EntityFile[] = [];
  // A public build has no raw YAML (lib/public-build.ts): it would carry what the pages leave out.
  const raw = catalog.public ? [] : [...catalog.products.map((p) => p.file), ...catalog.contracts.map((c) => c.file), ...catalog.policies.map((p) => p.file)];
  for (const file of raw) files.push({ path: `raw/${file}`, copyOf: file });
  // Ids that cannot name a file get none, and are named on stderr (links to them are dead).
  for (const product of pagesFor('product', catalog.products, (p) => p.id, (p) => p)) {
    files.push({
      path: `products/${product.id}/index.html`,
      content: async () => productPageHtml(catalog, product, urls, product.readme ? await readmeHtml(product.readme, readmes) : undefined),
      searchRecord: () => productRecord(catalog, product),
    });
    files.push({ path: `products/${product.id}/canvas/index.html`, content: () => canvasPageHtml(catalog, product, urls) });
    files.push({ path: `api/products/${product.id}.json`, content: () => JSON.stringify(productDocument(catalog, product, urls)) });
  }
  for (const contract of pagesFor('contract', catalog.contracts, (c) => c.id, (c) => c)) {
    files.push({
      path: `contracts/${contract.id}/index.html`,
      content: () => contractPageHtml(catalog, contract, urls),
      ...(indexesContractPage(contract) ? { searchRecord: () => contractRecord(catalog, contract) } : {}),
    });
    files.push({ path: `api/contracts/${contract.id}.json`, content: () => JSON.stringify(contractDocument(catalog, contract, urls)) });
  }
  return files;
}

/** The file-system calls a writer makes: the promise API, or the blocking one. */
interface FileCalls {
  mkdir(path: string): Promise<unknown> | unknown;
  copyFile(source: string, target: string): Promise<void> | void;
  writeFile(path: string, content: string): Promise<void> | void;
}

const ASYNC_CALLS: FileCalls = {
  mkdir: (path) => mkdir(path, { recursive: true }),
  copyFile: (source, target) => copyFile(source, target),
  writeFile: (path, content) => writeFile(path, content, 'utf8'),
};

const BLOCKING_CALLS: FileCalls = {
  mkdir: (path) => mkdirSync(path, { recursive: true }),
  copyFile: (source, target) => copyFileSync(source, target),
  writeFile: (path, content) => writeFileSync(path, content, 'utf8'),
};

/**
 * Runs `write` for a file in `target`'s folder, making the folder again when it has gone. The build
 * writes these files while Astro renders, and once its pages are written Astro removes the output's
 * empty folders — a folder made for a file not written yet goes with them.
 */
export async function writeInto(target: string, write: () => Promise<void> | void, calls: Pick<FileCalls, 'mkdir'> = ASYNC_CALLS): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await write();
      return;
    } catch (error) {
      // A missing source fails three times and is the caller's to handle.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 3) throw error;
      await calls.mkdir(dirname(target));
    }
  }
}

/** What writes the files: this thread's file system, or another thread's (site/scripts/output-thread.ts). */
export interface FileWriter {
  makeFolders(folders: string[]): Promise<void>;
  /** Copies `source` to `target`; rejects when `source` cannot be read. */
  copy(source: string, target: string): Promise<void>;
  write(target: string, content: string): Promise<void>;
}

/**
 * This thread's file system, writing only inside `outDir`: every folder and file is checked here,
 * where the writing happens, and one outside is refused with an error (lib/output-paths.ts).
 * `blocking` makes each call a blocking one, for a thread that does nothing but write (the build's
 * output thread): one system call each instead of a round trip through libuv's thread pool for each
 * of open, write and close, and no promise per step.
 */
export function outputWriter(outDir: string, { blocking = false } = {}): FileWriter {
  const calls = blocking ? BLOCKING_CALLS : ASYNC_CALLS;
  return {
    async makeFolders(folders) {
      for (const folder of folders) await calls.mkdir(pathInside(outDir, folder));
    },
    async copy(source, target) {
      const path = pathInside(outDir, target);
      return writeInto(path, () => calls.copyFile(source, path), calls);
    },
    async write(target, content) {
      const path = pathInside(outDir, target);
      return writeInto(path, () => calls.writeFile(path, content), calls);
    },
  };
}

export interface EntityFileOptions {
  /** Files written at once. */
  parallel?: number;
  writer?: FileWriter;
  /** Renders the products' READMEs (the build's README thread). */
  readmes?: ReadmeRenderer;
  /** Takes the search record of each indexed page, by its URL below the base (`/products/orders/`). */
  index?: (url: string, record: string) => Promise<void>;
}

/**
 * Writes the files into `outDir`, a few at a time, and says how many it wrote and how many of them
 * are pages (HTML). A raw file that cannot be read from the mesh root is written from the text the
 * loader kept (the download then lacks only a BOM or CRLFs).
 */
export async function writeEntityFiles(catalog: Catalog, urls: Urls, outDir: string, meshRoot: string, options: EntityFileOptions = {}): Promise<{ files: number; pages: number }> {
  const { parallel = 16, writer = outputWriter(outDir), readmes, index } = options;
  const files = entityFiles(catalog, urls, readmes);
  await writer.makeFolders([...new Set(files.map((file) => dirname(join(outDir, file.path))))]);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++];
      const target = join(outDir, file.path);
      if (file.copyOf !== undefined) {
        const source = file.copyOf;
        // Only a file of the mesh is published as it is on disk.
        if (!insideFolder(meshRoot, source)) {
          console.warn(`warning: not publishing ${JSON.stringify(source)}: it is outside the mesh ${meshRoot}`);
          continue;
        }
        await writer.copy(join(meshRoot, source), target).catch(() => writer.write(target, catalog.texts.get(source) ?? ''));
      } else {
        await writer.write(target, await file.content!());
        if (file.searchRecord && index) await index(`/${dirname(file.path)}/`, file.searchRecord());
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, files.length) }, worker));
  return { files: files.length, pages: files.filter((file) => file.path.endsWith('.html')).length };
}
