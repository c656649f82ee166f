/**
 * File sources on disk. The only module of the core that touches the file system: the loader
 * itself reads from any iterable of SourceFile (tarball entries, git objects, an in-memory map).
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { MeshSnapshot, SourceFile } from '../model.ts';
import { loadMesh } from './mesh.ts';

const SKIPPED = new Set(['node_modules', '.git']);

/**
 * Every file under `folders` of `root` (default: the mesh folders), links reported rather than
 * followed. Missing folders are simply empty.
 */
export async function readDirectory(root: string, folders: readonly string[] = ['catalog', 'policies']): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw error;
    }
    names.sort();
    for (const name of names) {
      if (SKIPPED.has(name)) continue;
      const full = join(dir, name);
      const stat = await lstat(full);
      const path = relative(root, full).split(sep).join('/');
      if (stat.isSymbolicLink()) files.push({ path, link: true });
      else if (stat.isDirectory()) await walk(full);
      else if (stat.isFile()) files.push({ path, content: /\.(ya?ml|mdx?)$/i.test(name) ? await readFile(full) : undefined });
    }
  };
  for (const folder of folders) await walk(join(root, folder));
  return files;
}

/** In-memory files, e.g. `{ 'catalog/checkout/domain.yaml': '…' }`. */
export function fromRecord(record: Record<string, string | Uint8Array>): SourceFile[] {
  return Object.entries(record).map(([path, content]) => ({ path, content }));
}

export async function loadMeshFromDirectory(root: string): Promise<MeshSnapshot> {
  return loadMesh(await readDirectory(root));
}
