/**
 * A commit of a local git repository as a file source for the loader, read from git objects (never
 * from the working tree, without a checkout): one `git ls-tree` and one `git cat-file --batch` per
 * tree. Also who wrote a range of commits, from `git log`. Used by `meshgate review`.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import type { SourceFile } from '../core/model.ts';
import { commitLogin } from './identity.ts';

const execFileAsync = promisify(execFile);

/** Mesh content, whose bytes the loader reads; every other path is compared by blob id only. */
const MESH_CONTENT = /^(catalog|policies)\//;

/** A git command failed; the message carries git's own error. */
export class GitError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GitError';
  }
}

export async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync('git', args, { cwd, maxBuffer: 1 << 30, encoding: 'utf8' });
    return stdout;
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
    throw new GitError(`git ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''}`, { cause: error });
  }
}

export interface TreeEntry {
  mode: string;
  type: string;
  sha: string;
  path: string;
}

export async function listTree(cwd: string, commit: string): Promise<TreeEntry[]> {
  const out = await git(cwd, ['ls-tree', '-r', '-z', '--full-tree', commit]);
  const entries: TreeEntry[] = [];
  for (const record of out.split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode, type, sha] = record.slice(0, tab).split(' ');
    entries.push({ mode, type, sha, path: record.slice(tab + 1) });
  }
  return entries;
}

/** Contents of many blobs from one `git cat-file --batch` process. */
export async function readBlobs(cwd: string, shas: string[]): Promise<Map<string, Uint8Array>> {
  const blobs = new Map<string, Uint8Array>();
  if (shas.length === 0) return blobs;
  const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number>((resolveExit, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolveExit(code ?? 1));
  });
  child.stdin.end(`${[...new Set(shas)].join('\n')}\n`);
  const code = await exited;
  if (code !== 0) throw new GitError(`git cat-file --batch exited with ${code}: ${stderr.trim()}`);
  const all = Buffer.concat(chunks);
  let at = 0;
  while (at < all.length) {
    const eol = all.indexOf(0x0a, at);
    if (eol < 0) break;
    const header = all.subarray(at, eol).toString('utf8');
    const [sha, type, size] = header.split(' ');
    if (type === 'missing' || size === undefined) {
      at = eol + 1;
      continue;
    }
    const length = Number(size);
    blobs.set(sha, new Uint8Array(all.subarray(eol + 1, eol + 1 + length)));
    at = eol + 1 + length + 1;
  }
  return blobs;
}

/**
 * The tree of one commit as source files. Mesh content (catalog/, policies/) is read; for every
 * other path the blob id stands in for the bytes, which the review only compares, never reads.
 * A submodule (gitlink, mode 160000) is kept as a gitlink, as the GitHub App sees it in a pull
 * request's file list: dropping it would hide a change from the review.
 */
export async function readCommitTree(cwd: string, commit: string): Promise<SourceFile[]> {
  const entries = (await listTree(cwd, commit)).filter((e) => e.type === 'blob' || e.type === 'commit');
  const wanted = entries.filter((e) => e.type === 'blob' && MESH_CONTENT.test(e.path) && e.mode !== '120000').map((e) => e.sha);
  const blobs = await readBlobs(cwd, wanted);
  return entries.map((e) => {
    if (e.type === 'commit') return { path: e.path, gitlink: true, content: `Subproject commit ${e.sha}` };
    if (e.mode === '120000') return { path: e.path, link: true };
    if (MESH_CONTENT.test(e.path)) return { path: e.path, content: blobs.get(e.sha) ?? new Uint8Array() };
    return { path: e.path, content: `git blob ${e.sha}` };
  });
}

/**
 * The GitHub logins of everyone who authored or committed a commit in `base..head` (see
 * identity.ts for how a commit's identity becomes a login). Sorted, without duplicates.
 */
export async function commitLogins(cwd: string, base: string, head: string): Promise<string[]> {
  // NUL-separated fields, one record per commit: author name, author e-mail, committer name, committer e-mail.
  const out = await git(cwd, ['log', '-z', '--format=%an%x00%ae%x00%cn%x00%ce', `${base}..${head}`]);
  const fields = out.split('\0');
  const logins = new Set<string>();
  for (let i = 0; i + 3 < fields.length; i += 4) {
    for (const [name, email] of [
      [fields[i], fields[i + 1]],
      [fields[i + 2], fields[i + 3]],
    ]) {
      const login = commitLogin({ name: name.replace(/^\n/, ''), email });
      if (login) logins.add(login);
    }
  }
  return [...logins].sort();
}
