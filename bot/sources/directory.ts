/**
 * Files from a directory on disk. The core never touches the file system: the loader reads from any
 * iterable of SourceFile (a directory here, tarball entries, git objects, an in-memory map).
 */
import { type Dirent, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { MeshSnapshot, SourceFile } from '../core/model.ts';
import { isEntityPath, loadMesh } from '../core/load/mesh.ts';
import { readEntityFiles, type ThreadOptions } from './threads.ts';
import { MAX_FILE_BYTES } from '../core/load/parse.ts';

const SKIPPED = new Set(['node_modules', '.git']);

/**
 * Every file under `folders` of `root` (default: the mesh folders), links reported rather than
 * followed. Missing folders are simply empty.
 *
 * The walk is synchronous on purpose: its callers (the CLI, the site build) wait for the whole tree
 * anyway, and an awaited lstat and readFile per file cost thread-pool round trips that took many
 * times the CPU of this way (bench/README.md, "Figures measured"). Directory entries carry their
 * type, so no file is stat'ed unless the file system does not report one.
 */
export async function readDirectory(
  root: string,
  folders: readonly string[] = ['catalog', 'policies'],
  options: { lazy?: boolean } = {},
): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  /** `prefix`: the folder's path from `root`, with '/' and a trailing '/' (entry names hold no separator). */
  const walk = (dir: string, prefix: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw new Error(`cannot read the folder ${dir}: ${(error as Error).message}; check that it exists and is readable`, { cause: error });
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (SKIPPED.has(entry.name)) continue;
      const full = join(dir, entry.name);
      const path = prefix + entry.name;
      // Some file systems report no type in directory entries; ask for it then.
      const type = entry.isFile() || entry.isDirectory() || entry.isSymbolicLink() ? entry : lstatSync(full);
      if (type.isSymbolicLink()) files.push({ path, link: true });
      else if (type.isDirectory()) walk(full, `${path}/`);
      else if (!type.isFile()) continue;
      else if (!/\.(ya?ml|mdx?)$/i.test(entry.name)) files.push({ path });
      else if (!options.lazy) files.push({ path, content: readFileSync(full) });
      // Read when the loader gets to it, so each file's bytes can be dropped once parsed instead
      // of the whole tree's bytes living until the load ends.
      else files.push({ path, get content() { return readContent(full); } });
    }
  };
  for (const folder of folders) {
    const dir = join(root, folder);
    const path = relative(root, dir).split(sep).join('/');
    walk(dir, path === '' ? '' : `${path}/`);
  }
  return files;
}

/**
 * A file as text when it is plain UTF-8, read in one call as the validate floor reads (no Buffer,
 * no decoder); else as bytes, for the loader to report NUL bytes and invalid UTF-8 at their
 * position, strip a BOM and measure the size in bytes exactly as it does for any bytes. Node's
 * decoder turns every invalid sequence into U+FFFD, so text without one is the file's exact bytes.
 */
export function readContent(full: string): string | Uint8Array {
  const text = readFileSync(full, 'utf8');
  const plain = text.length * 3 <= MAX_FILE_BYTES && text.charCodeAt(0) !== 0xfeff && !text.includes('\uFFFD') && !text.includes('\u0000');
  return plain ? text : readFileSync(full);
}

/**
 * The mesh under `root`. On a large mesh a worker thread reads, parses and checks files beside
 * this one (bot/sources/threads.ts); the snapshot is the same either way.
 */
export async function loadMeshFromDirectory(root: string, options: ThreadOptions = {}): Promise<MeshSnapshot> {
  const files = await readDirectory(root, undefined, { lazy: true });
  const paths: string[] = [];
  for (const file of files) if (!file.link && isEntityPath(file.path)) paths.push(file.path);
  return loadMesh(files, { prepared: await readEntityFiles(root, paths, (path) => readContent(join(root, path)), options) });
}
