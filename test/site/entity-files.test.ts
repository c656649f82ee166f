import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contractDocument, productDocument } from '../../site/src/lib/api.ts';
import { canvasPageHtml } from '../../site/src/lib/bulk-pages.ts';
import { buildCatalog } from '../../site/src/lib/catalog.ts';
import { entityFiles, writeEntityFiles, writeInto } from '../../site/src/lib/entity-files.ts';
import { productRecord } from '../../site/src/lib/search-records.ts';
import { createUrls } from '../../site/src/lib/urls.ts';
import { demoEntities, snapshotOf } from './snapshot.ts';

const catalog = buildCatalog({ snapshot: snapshotOf(demoEntities()), findings: [], evaluations: [], today: '2026-11-24' });
const urls = createUrls('/mesh/');

describe('entityFiles', () => {
  it('has one raw download per product, contract and policy file, at its repository path', () => {
    const raw = entityFiles(catalog, urls).filter((f) => f.path.startsWith('raw/'));
    const expected = [...catalog.products, ...catalog.contracts, ...catalog.policies].map((e) => `raw/${e.file}`);
    expect(raw.map((f) => f.path)).toEqual(expected);
    expect(raw.every((f) => f.copyOf === f.path.slice('raw/'.length))).toBe(true);
  });

  it('has a page and a canvas page for each product, and a page for each contract', async () => {
    const files = entityFiles(catalog, urls);
    const content = (path: string) => files.find((f) => f.path === path)?.content?.();
    for (const p of catalog.products) {
      expect(await content(`products/${p.id}/canvas/index.html`)).toBe(canvasPageHtml(catalog, p, urls));
      expect(await content(`products/${p.id}/index.html`)).toMatch(new RegExp(`<main id="main" data-pagefind-body data-pagefind-meta="title:${p.name} \\(data product\\)">`));
    }
    for (const c of catalog.contracts) expect(await content(`contracts/${c.id}/index.html`)).toContain(`<title>${c.name} contract · `);
  });

  it('gives each product page, and only the contract pages no port serves, a search record', () => {
    const indexed = entityFiles(catalog, urls).filter((f) => f.searchRecord).map((f) => f.path);
    const contracts = catalog.contracts.filter((c) => !(c.product && c.port));
    expect(contracts.length).toBeLessThan(catalog.contracts.length);
    expect(indexed.sort()).toEqual([...catalog.products.map((p) => `products/${p.id}/index.html`), ...contracts.map((c) => `contracts/${c.id}/index.html`)].sort());
  });

  it('names on stderr a product whose id cannot name a page, and gives it no files', () => {
    const odd = { ...catalog, products: [...catalog.products, { ...catalog.products[0], id: '../x' }] };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const paths = entityFiles(odd, urls).map((f) => f.path);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('no product page for "../x"'));
    warn.mockRestore();
    expect(paths.filter((p) => p.includes('..'))).toEqual([]);
  });

  it('has one JSON document per product and per contract where the OpenAPI document says', () => {
    const paths = entityFiles(catalog, urls).map((f) => f.path);
    for (const p of catalog.products) expect(paths).toContain(`api/products/${p.id}.json`);
    for (const c of catalog.contracts) expect(paths).toContain(`api/contracts/${c.id}.json`);
  });
});

describe('writeEntityFiles', () => {
  let root: string;
  let out: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'meshgate-entity-files-'));
    out = join(root, 'dist');
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('copies a raw file byte for byte, BOM and CRLF included', async () => {
    const file = catalog.contracts[0].file;
    const bytes = Buffer.from('\uFEFFid: x\r\nname: y\r\n', 'utf8');
    await mkdir(dirname(join(root, 'mesh', file)), { recursive: true });
    await writeFile(join(root, 'mesh', file), bytes);
    await writeEntityFiles(catalog, urls, out, join(root, 'mesh'));
    expect(await readFile(join(out, 'raw', file))).toEqual(bytes);
  });

  it('writes a raw file the mesh root no longer has from the text the loader kept', async () => {
    const file = catalog.products[0].file;
    await writeEntityFiles(catalog, urls, out, join(root, 'missing'));
    expect(await readFile(join(out, 'raw', file), 'utf8')).toBe(catalog.texts.get(file));
  });

  it('counts the product, canvas and contract pages among the files it wrote', async () => {
    const count = await writeEntityFiles(catalog, urls, out, join(root, 'missing'));
    expect(count.pages).toBe(2 * catalog.products.length + catalog.contracts.length);
    expect(await readFile(join(out, `products/${catalog.products[0].id}/canvas/index.html`), 'utf8')).toMatch(/^<!DOCTYPE html>.*<h1>Data Product Canvas: /s);
  });

  it('hands each indexed page’s search record to the index, by its URL below the base', async () => {
    const indexed = new Map<string, string>();
    await writeEntityFiles(catalog, urls, out, join(root, 'missing'), { index: async (url, record) => void indexed.set(url, record) });
    const product = catalog.products[0];
    expect(indexed.get(`/products/${product.id}/`)).toBe(productRecord(catalog, product));
    expect(indexed.size).toBe(entityFiles(catalog, urls).filter((f) => f.searchRecord).length);
  });

  it('writes the product and contract documents of the JSON API', async () => {
    const count = await writeEntityFiles(catalog, urls, out, join(root, 'missing'));
    expect(count.files).toBe(entityFiles(catalog, urls).length);
    const product = catalog.products[0];
    const contract = catalog.contracts[0];
    expect(JSON.parse(await readFile(join(out, `api/products/${product.id}.json`), 'utf8'))).toEqual(JSON.parse(JSON.stringify(productDocument(catalog, product, urls))));
    expect(JSON.parse(await readFile(join(out, `api/contracts/${contract.id}.json`), 'utf8'))).toEqual(JSON.parse(JSON.stringify(contractDocument(catalog, contract, urls))));
  });
});

describe('writeInto', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'meshgate-write-into-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('makes the folder again when it was removed before the file was written (Astro sweeps empty folders)', async () => {
    const target = join(root, 'api', 'products', 'orders.json');
    await writeInto(target, () => writeFile(target, '{}'));
    expect(await readFile(target, 'utf8')).toBe('{}');
  });

  it('leaves a missing source to the caller', async () => {
    const target = join(root, 'raw.yaml');
    await expect(writeInto(target, () => copyFile(join(root, 'no-such-file.yaml'), target))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
