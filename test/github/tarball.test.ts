import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { MeshSnapshot } from '../../bot/core/model.ts';
import { SnapshotCache } from '../../bot/github/snapshots.ts';
import { readTarball, TarballError } from '../../bot/sources/tarball.ts';
import { tarball } from './helpers.ts';

const text = (content: unknown) => new TextDecoder().decode(content as Uint8Array);

describe('readTarball', () => {
  it('returns repository-relative files without the owner-repo-sha folder', async () => {
    const files = await readTarball(await tarball({ 'catalog/a/domain.yaml': 'id: a\n', 'README.md': '# mesh\n' }));
    expect(files.map((f) => f.path)).toEqual(['README.md', 'catalog/a/domain.yaml']);
    expect(text(files[1].content)).toBe('id: a\n');
  });

  it('skips directories and the pax global header', async () => {
    const files = await readTarball(await tarball({ 'catalog/empty': { type: 'directory' }, 'policies/g.yaml': 'x: 1\n' }));
    expect(files.map((f) => f.path)).toEqual(['policies/g.yaml']);
  });

  it('reports symbolic and hard links as links without content', async () => {
    const files = await readTarball(
      await tarball({
        'catalog/a/product.yaml': { type: 'symlink', linkname: '/etc/passwd' },
        'catalog/a/copy.yaml': { type: 'link', linkname: 'acme-mesh-0123abc/catalog/a/domain.yaml' },
        'catalog/a/domain.yaml': 'id: a\n',
      }),
    );
    expect(files).toEqual([
      { path: 'catalog/a/copy.yaml', link: true },
      { path: 'catalog/a/domain.yaml', content: expect.any(Uint8Array) },
      { path: 'catalog/a/product.yaml', link: true },
    ]);
  });

  it('keeps bytes as they are, for the loader to judge the encoding', async () => {
    const latin1 = new Uint8Array([0x69, 0x64, 0x3a, 0x20, 0xe9, 0x0a]);
    const [file] = await readTarball(await tarball({ 'catalog/a.yaml': latin1 }));
    expect(file.content).toEqual(latin1);
  });

  it('rejects data that is not gzip with a TarballError naming the tarball', async () => {
    const error = await readTarball(new TextEncoder().encode('<html>Bad gateway</html>'), 'acme/mesh@abc').catch((e) => e);
    expect(error).toBeInstanceOf(TarballError);
    expect(error.message).toMatchInlineSnapshot(`"The repository tarball of acme/mesh@abc is not gzip data (24 bytes received)."`);
  });

  it('rejects a truncated download with a TarballError', async () => {
    const whole = await tarball({ 'catalog/a/domain.yaml': 'id: a\n'.repeat(2000) });
    const error = await readTarball(whole.subarray(0, Math.floor(whole.length / 2)), 'acme/mesh@abc').catch((e) => e);
    expect(error).toBeInstanceOf(TarballError);
    expect(error.message).toMatch(/^The repository tarball of acme\/mesh@abc is truncated or corrupt: /);
  });

  it('rejects gzip data that holds no tar archive', async () => {
    const error = await readTarball(gzipSync(Buffer.from('not a tar archive at all, but long enough to be read as a header block? '.repeat(10)))).catch((e) => e);
    expect(error).toBeInstanceOf(TarballError);
  });
});

describe('SnapshotCache', () => {
  const snapshot = (id: string) => ({ id }) as unknown as MeshSnapshot;

  it('keeps the most recently used entries up to its bound', async () => {
    const cache = new SnapshotCache(2);
    const loads: string[] = [];
    const get = (key: string) => cache.get(key, async () => (loads.push(key), snapshot(key)));
    await get('a');
    await get('b');
    await get('a'); // a is now the most recent
    await get('c'); // evicts b
    await get('a');
    await get('b');
    expect(loads).toEqual(['a', 'b', 'c', 'b']);
    expect(cache.size).toBe(2);
  });

  it('shares one load between concurrent requests for a commit', async () => {
    const cache = new SnapshotCache(2);
    let loads = 0;
    const load = async () => (loads++, snapshot('x'));
    const [a, b] = await Promise.all([cache.get('x', load), cache.get('x', load)]);
    expect(a).toBe(b);
    expect(loads).toBe(1);
  });

  it('does not keep a failed load', async () => {
    const cache = new SnapshotCache(2);
    await expect(cache.get('x', async () => Promise.reject(new TarballError('truncated')))).rejects.toThrow('truncated');
    expect(cache.size).toBe(0);
  });
});
