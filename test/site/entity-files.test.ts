import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contractDocument, productDocument } from '../../site/src/lib/api.ts';
import { canvasPageHtml } from '../../site/src/lib/canvas.ts';
import { buildCatalog } from '../../site/src/lib/catalog.ts';
import { entityFiles, writeEntityFiles, writeInto } from '../../site/src/lib/entity-files.ts';
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

  it('has a canvas page below each product’s page, in the page shell', () => {
    const files = entityFiles(catalog, urls);
    for (const p of catalog.products) {
      const canvas = files.find((f) => f.path === `products/${p.id}/canvas/index.html`);
      expect(canvas?.content?.()).toBe(canvasPageHtml(catalog, p, urls));
    }
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

  it('counts the canvases as the pages among the files it wrote', async () => {
    const count = await writeEntityFiles(catalog, urls, out, join(root, 'missing'));
    expect(count.pages).toBe(catalog.products.length);
    expect(await readFile(join(out, `products/${catalog.products[0].id}/canvas/index.html`), 'utf8')).toMatch(/^<!DOCTYPE html>.*<h1>Data Product Canvas: /s);
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
