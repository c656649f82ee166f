import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outputWriter } from '../../site/src/lib/entity-files.ts';
import { insideFolder, isPageSegment, pagesFor, pathInside } from '../../site/src/lib/output-paths.ts';

describe('insideFolder', () => {
  it.each(['index.html', 'products/orders/index.html', 'raw/catalog/x/..hidden.yaml'])('holds %s inside the folder', (path) => {
    expect(insideFolder('/site/dist', path)).toBe(true);
  });

  it.each(['..', '../x', 'products/../../x', '/etc/passwd', '', '.', 'products/..'])('keeps %j out', (path) => {
    expect(insideFolder('/site/dist', path)).toBe(false);
  });

  it('keeps a sibling folder whose name starts like the output folder out', () => {
    expect(insideFolder('/site/dist', '/site/dist-other/x')).toBe(false);
  });
});

describe('pathInside', () => {
  it('names the path and the folder when it refuses', () => {
    expect(() => pathInside('/site/dist', 'api/products/../../../x.json')).toThrow('refusing to write "api/products/../../../x.json": it is outside the output folder /site/dist');
  });

  it('refuses a NUL byte', () => {
    expect(() => pathInside('/site/dist', 'a\0b')).toThrow(/refusing/);
  });
});

describe('isPageSegment', () => {
  it.each(['orders', 'orders-v1', 'a.b_c-d', '53581432-6c55-4ba2-a65f-72344a91553a'])('takes %s', (id) => {
    expect(isPageSegment(id)).toBe(true);
  });

  it.each(['.', '..', '../../x', 'a/b', 'a\\b', 'Orders', 'a b', '', '-x', 'x'.repeat(129), 'ü'])('refuses %j', (id) => {
    expect(isPageSegment(id)).toBe(false);
  });
});

describe('pagesFor', () => {
  it('gives a page to each item whose id is a page segment and to no other', () => {
    const pages = pagesFor('product', [{ id: 'orders' }, { id: '..' }, { id: '../../x' }], (item) => item.id, (item, id) => ({ params: { id }, props: { item } }));
    expect(pages.map((page) => page.params.id)).toEqual(['orders']);
  });
});

describe.each([
  ['outputWriter', false],
  ['outputWriter with blocking calls (the output thread’s)', true],
])('%s', (_name, blocking) => {
  const writerFor = (outDir: string) => outputWriter(outDir, { blocking });
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'meshgate-output-paths-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('writes a file inside the output folder', async () => {
    await writerFor(join(root, 'dist')).write(join(root, 'dist/api/products/orders.json'), '{}');
    expect(await readdir(join(root, 'dist/api/products'))).toEqual(['orders.json']);
  });

  it('refuses a file outside it and writes nothing', async () => {
    await expect(writerFor(join(root, 'dist')).write(join(root, 'dist/api/products/../../../escaped.json'), '{}')).rejects.toThrow(/outside the output folder/);
    expect(await readdir(root)).toEqual([]);
  });

  it('refuses a folder outside it', async () => {
    await expect(writerFor(join(root, 'dist')).makeFolders([join(root, 'elsewhere')])).rejects.toThrow(/outside the output folder/);
    expect(await readdir(root)).toEqual([]);
  });

  it('refuses a copy outside it', async () => {
    await expect(writerFor(join(root, 'dist')).copy('/etc/hostname', join(root, 'copy'))).rejects.toThrow(/outside the output folder/);
    expect(await readdir(root)).toEqual([]);
  });

  it('makes a file’s folder again when it was removed before the file was written (Astro sweeps empty folders)', async () => {
    await writerFor(join(root, 'dist')).write(join(root, 'dist/api/contracts/orders-v1.json'), '{}');
    expect(await readdir(join(root, 'dist/api/contracts'))).toEqual(['orders-v1.json']);
  });

  it('rejects a copy whose source cannot be read', async () => {
    await expect(writerFor(join(root, 'dist')).copy(join(root, 'no-such-file.yaml'), join(root, 'dist/raw/x.yaml'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
