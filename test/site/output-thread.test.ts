import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startIndexer } from '../../site/scripts/build.ts';
import { type OutputThread, startOutputThread } from '../../site/scripts/output-thread.ts';

const page = (title: string) =>
  `<!doctype html><html lang="en"><body><main data-pagefind-body><h1>${title}</h1><p>Orders placed in the web shop.</p></main></body></html>`;

describe('the build’s output thread', () => {
  let dir: string;
  let output: OutputThread;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshgate-output-'));
    output = startOutputThread(join(dir, 'dist'));
  });
  afterEach(async () => {
    await output.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a file into a folder it made', async () => {
    await output.writer.makeFolders([join(dir, 'dist/api/products')]);
    await output.writer.write(join(dir, 'dist/api/products/orders.json'), '{"id":"orders"}');
    expect(await readFile(join(dir, 'dist/api/products/orders.json'), 'utf8')).toBe('{"id":"orders"}');
  });

  it('copies a file byte for byte, BOM and CRLF included', async () => {
    const bytes = Buffer.from('\uFEFFid: orders\r\n', 'utf8');
    await writeFile(join(dir, 'source.yaml'), bytes);
    await output.writer.copy(join(dir, 'source.yaml'), join(dir, 'dist/raw/copy.yaml'));
    expect(await readFile(join(dir, 'dist/raw/copy.yaml'))).toEqual(bytes);
  });

  it('refuses to write a file outside the output folder', async () => {
    await expect(output.writer.write(join(dir, 'dist/../escaped.json'), '{}')).rejects.toThrow(/outside the output folder/);
    expect(await readdir(dir)).not.toContain('escaped.json');
  });

  it('rejects a copy whose source is missing, so the build can write the kept text instead', async () => {
    await expect(output.writer.copy(join(dir, 'gone.yaml'), join(dir, 'dist/raw/gone.yaml'))).rejects.toThrow(/ENOENT/);
  });

  it('indexes the pages it is sent and writes the index', async () => {
    const indexer = await startIndexer(output);
    await indexer.sink.add('/products/orders/', page('Orders'));
    await indexer.sink.add('/products/refunds/', page('Refunds'));
    expect(await indexer.finish(dir)).toBe(2);
    expect(await readdir(join(dir, 'pagefind/fragment'))).toHaveLength(2);
  });

  it('fails the index when no page was sent, naming the folder', async () => {
    const indexer = await startIndexer(output);
    const error = await indexer.finish(dir).then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).toBe('Failed to run Pagefind.');
    expect((error?.cause as Error).message).toMatch(/^no pages to index in /);
  });

  it('rejects requests once it has stopped', async () => {
    await output.stop();
    await expect(output.writer.write(join(dir, 'late.json'), '{}')).rejects.toThrow(/output thread stopped/);
  });
});
