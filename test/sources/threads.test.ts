import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeshSnapshot } from '../../bot/core/model.ts';
import { isEntityPath } from '../../bot/core/load/mesh.ts';
import { loadMeshFromDirectory, readContent } from '../../bot/sources/directory.ts';
import { readEntityFiles } from '../../bot/sources/threads.ts';
import { validateMesh } from '../../bot/core/validate/mesh.ts';
import { hostileCases } from '../fixtures/hostile.ts';
import { smallMesh } from '../fixtures/meshes/small.ts';

/** Everything a snapshot holds, in a form toEqual compares whole. */
const contents = (mesh: MeshSnapshot) => ({
  entities: mesh.entities,
  findings: mesh.findings,
  paths: mesh.paths,
  texts: [...mesh.texts],
  digests: [...mesh.digests],
  docs: [...mesh.docs],
  validation: validateMesh(mesh),
});

describe('reading a mesh on more than one thread', () => {
  let root: string;
  let paths: string[];
  beforeAll(async () => {
    // The small mesh, forty more products (more files than one chunk of work) and every hostile file.
    root = await mkdtemp(join(tmpdir(), 'meshgate-threads-'));
    const files: [string, string | Uint8Array | 'link'][] = [...Object.entries(smallMesh), ...hostileCases.map((c) => [c.path, c.content] as [string, string | Uint8Array | 'link'])];
    const product = Object.entries(smallMesh).find(([path]) => path.endsWith('product.yaml'))!;
    for (let i = 0; i < 40; i++) files.push([product[0].replace(/[^/]+\/product\.yaml$/, `copy-${i}/product.yaml`), (product[1] as string).replace(/^id: .*$/m, `id: copy-${i}`)]);
    for (const [path, content] of files) {
      const target = join(root, path);
      await mkdir(dirname(target), { recursive: true });
      if (content === 'link') await symlink('/etc/passwd', target);
      else await writeFile(target, content);
    }
    paths = files.filter(([path, content]) => content !== 'link' && isEntityPath(path)).map(([path]) => path);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('loads the same snapshot from a worker as on the main thread', async () => {
    const alone = await loadMeshFromDirectory(root, { workers: 0 });
    const shared = await loadMeshFromDirectory(root, { workers: 1, mainThread: false });
    expect(alone.byKind.DataProduct.size).toBeGreaterThan(40);
    expect(contents(shared)).toEqual(contents(alone));
  });

  it('leaves every file to the worker when the main thread is kept free', async () => {
    const readOnMain: string[] = [];
    const loads = await readEntityFiles(root, paths, (path) => (readOnMain.push(path), readContent(join(root, path))), { workers: 1, mainThread: false });
    expect(readOnMain).toEqual([]);
    expect([...loads.keys()].sort()).toEqual([...paths].sort());
  });

  it('reads a file the worker could not read on the main thread', async () => {
    const ghost = 'catalog/ghost/domain.yaml';
    const text = 'apiVersion: meshgate/v1\nkind: Domain\nid: ghost\n';
    const readOnMain: string[] = [];
    const read = (path: string) => (readOnMain.push(path), path === ghost ? text : readContent(join(root, path)));
    const loads = await readEntityFiles(root, [...paths, ghost], read, { workers: 1, mainThread: false });
    expect(readOnMain).toEqual([ghost]);
    expect(loads.get(ghost)?.text).toBe(text);
  });

  it('reads on the main thread alone when no worker is wanted', async () => {
    const readOnMain: string[] = [];
    await readEntityFiles(root, paths, (path) => (readOnMain.push(path), readContent(join(root, path))), { workers: 0 });
    expect(readOnMain).toEqual(paths);
  });
});
