/**
 * GitHub's repository tarball as a file source for the loader. One API call gives the whole tree
 * at a commit, which is what keeps an evaluation's request count constant however large the mesh.
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import type { SourceFile } from '../core/model.ts';

/** The tarball could not be read: not gzip, truncated, or not a tar archive. */
export class TarballError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TarballError';
  }
}

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Reads a gzip'd tarball as GitHub serves it (every entry under one `owner-repo-sha/` folder) into
 * repository-relative files. Links are reported as links without content and never followed: a
 * mesh file that is a symlink could otherwise point the loader at anything in the tree. `label`
 * names the tarball in errors (e.g. `acme/mesh@abc123`).
 */
export async function readTarball(data: Uint8Array, label = 'tarball'): Promise<SourceFile[]> {
  if (data.length < 2 || data[0] !== GZIP_MAGIC[0] || data[1] !== GZIP_MAGIC[1]) {
    throw new TarballError(`The repository tarball of ${label} is not gzip data (${data.length} bytes received).`);
  }
  const files: SourceFile[] = [];
  const tar = extract();
  const gunzip = createGunzip();
  const done = new Promise<void>((resolve, reject) => {
    const fail = (error: unknown) =>
      reject(
        error instanceof TarballError
          ? error
          : new TarballError(`The repository tarball of ${label} is truncated or corrupt: ${(error as Error)?.message ?? error}.`, {
              cause: error,
            }),
      );
    gunzip.on('error', fail);
    tar.on('error', fail);
    tar.on('finish', resolve);
    tar.on('entry', (header, stream, next) => {
      const path = stripRoot(header.name);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: unknown) => {
        chunks.push(chunk as Buffer);
      });
      stream.on('error', fail);
      stream.on('end', () => {
        if (path) {
          if (header.type === 'file' || header.type === 'contiguous-file') {
            files.push({ path, content: new Uint8Array(Buffer.concat(chunks)) });
          } else if (header.type === 'symlink' || header.type === 'link') {
            files.push({ path, link: true });
          }
          // Directories and pax/global headers carry no file of their own.
        }
        next();
      });
    });
  });
  Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)]).pipe(gunzip).pipe(tar);
  await done;
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return files;
}

/** `acme-mesh-1a2b3c/catalog/x.yaml` → `catalog/x.yaml`; the root folder itself → ''. */
function stripRoot(name: string): string {
  const slash = name.indexOf('/');
  if (slash < 0) return '';
  return name.slice(slash + 1).replace(/\/+$/, '');
}
