/**
 * Mesh snapshots: a commit's from its repository tarball, cached by commit (a commit never changes,
 * so the base of many pull requests is downloaded and parsed once), and a pull request's head
 * rebuilt from that base and the pull request's file list, cached by base and head commit.
 */
import { loadMesh } from '../core/load/mesh.ts';
import type { MeshSnapshot, SourceFile } from '../core/model.ts';
import { statusOf, type GitHub } from './octokit.ts';
import { applyPullFiles, gitBlobSha, PULL_FILES_LIMIT, type PullFile } from './patches.ts';
import type { TreeEntry } from './pull-data.ts';
import { readTarball } from '../sources/tarball.ts';

export interface CommitLocator {
  owner: string;
  repo: string;
  sha: string;
}

/** How long one tarball download may take before the evaluation gives up on it. */
export const DEFAULT_TARBALL_TIMEOUT_MS = 60_000;

/** The tarball download timed out. */
export class TimeoutError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TimeoutError';
  }
}

/** The files each tarball snapshot was loaded from, so a pull request's head can be built on them. */
const sourceFiles = new WeakMap<MeshSnapshot, SourceFile[]>();

/**
 * Snapshots kept by the app's process-wide cache. A snapshot holds its mesh's texts, parsed
 * documents and digests (a base also its files' bytes), heap that grows with the mesh
 * (bench/README.md, "Figures measured"), so the default keeps the base and a handful of heads;
 * MESHGATE_SNAPSHOT_CACHE_SIZE raises it where memory allows.
 */
export const DEFAULT_CACHE_SIZE = 8;

/**
 * A least-recently-used cache bounded by entry count. Entries are promises so that two evaluations
 * asking for the same commit at once share one download; a failed load is evicted, never cached.
 */
export class SnapshotCache {
  readonly #entries = new Map<string, Promise<MeshSnapshot>>();
  constructor(readonly maxEntries = DEFAULT_CACHE_SIZE) {}

  get size(): number {
    return this.#entries.size;
  }

  async get(key: string, load: () => Promise<MeshSnapshot>): Promise<MeshSnapshot> {
    const hit = this.#entries.get(key);
    if (hit) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const pending = load();
    this.#entries.set(key, pending);
    while (this.#entries.size > this.maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value as string);
    }
    try {
      return await pending;
    } catch (error) {
      if (this.#entries.get(key) === pending) this.#entries.delete(key);
      throw error;
    }
  }

  clear(): void {
    this.#entries.clear();
  }
}


/** The process-wide cache used by the app; tests pass their own. */
export const defaultSnapshotCache = new SnapshotCache(
  Number.parseInt(process.env.MESHGATE_SNAPSHOT_CACHE_SIZE ?? '', 10) > 0 ? Number.parseInt(process.env.MESHGATE_SNAPSHOT_CACHE_SIZE!, 10) : DEFAULT_CACHE_SIZE,
);

/**
 * The mesh at one commit. The key includes the repository because a fork's head commit is read from
 * the fork: the cache must not answer one repository's request with another's download.
 */
export function loadCommitSnapshot(
  octokit: GitHub,
  commit: CommitLocator,
  {
    cache = defaultSnapshotCache,
    timeoutMs = DEFAULT_TARBALL_TIMEOUT_MS,
    previous,
  }: {
    cache?: SnapshotCache;
    timeoutMs?: number;
    /** A related commit's snapshot (the PR's base): its unchanged files are not parsed again. */
    previous?: Promise<MeshSnapshot>;
  } = {},
): Promise<MeshSnapshot> {
  const key = `${commit.owner}/${commit.repo}@${commit.sha}`.toLowerCase();
  return cache.get(key, async () => {
    const files = await readTarball(await downloadTarball(octokit, commit, timeoutMs), key);
    // The download ran alongside the previous one; only parsing waits for it.
    const related = previous ? await previous.catch(() => undefined) : undefined;
    const snapshot = loadMesh(files, { previous: related });
    // Kept to rebuild pull request heads on top of this commit (see loadPullHead).
    sourceFiles.set(snapshot, files);
    return snapshot;
  });
}

async function downloadTarball(octokit: GitHub, { owner, repo, sha }: CommitLocator, timeoutMs: number): Promise<Uint8Array> {
  try {
    const response = await octokit.request('GET /repos/{owner}/{repo}/tarball/{ref}', {
      owner,
      repo,
      ref: sha,
      request: { signal: AbortSignal.timeout(timeoutMs) },
    });
    const data = response.data as unknown;
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    if (data instanceof Uint8Array) return data;
    // A text body (wrong content type) still goes through the gzip check, which names the problem.
    return new TextEncoder().encode(String(data ?? ''));
  } catch (error) {
    if (isTimeout(error)) {
      throw new TimeoutError(`Downloading the repository tarball of ${owner}/${repo}@${sha} took longer than ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}.`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** The tarball leaves out files the commit has, so the review would not see them. */
export class IncompleteArchiveError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IncompleteArchiveError';
  }
}

export interface PullLocator {
  owner: string;
  repo: string;
  number: number;
  baseSha: string;
  headSha: string;
  /** Where the head commit lives (a fork's), for the tarball fallback. */
  headRepo: { owner: string; repo: string };
}

export interface PullHeadOptions {
  cache?: SnapshotCache;
  timeoutMs?: number;
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

/**
 * The mesh the pull request proposes: the base tip with the pull request's changes applied, built
 * from its file list (one request per 100 changed files, whatever the size of the mesh) and the
 * base snapshot's files. When the list cannot be applied exactly (see patches.ts), the head
 * commit's tarball is downloaded instead and checked against the list, as GitHub's tarball leaves
 * out `export-ignore` paths. Cached by base and head commit: the list depends on both.
 */
export function loadPullHead(octokit: GitHub, pull: PullLocator, base: Promise<MeshSnapshot>, { cache = defaultSnapshotCache, timeoutMs, log }: PullHeadOptions = {}): Promise<MeshSnapshot> {
  const { owner, repo, number, baseSha, headSha } = pull;
  const key = `${owner}/${repo}@${baseSha}...${headSha}`.toLowerCase();
  return cache.get(key, async () => {
    const files = (await octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { owner, repo, pull_number: number, per_page: 100 })) as PullFile[];
    const baseSnapshot = await base;
    const baseFiles = sourceFiles.get(baseSnapshot);
    const patched = baseFiles ? applyPullFiles(baseFiles, files, { headSha }) : ({ ok: false, reason: 'the base snapshot keeps no files' } as const);
    if (patched.ok) return loadMesh(patched.files, { previous: baseSnapshot });
    log?.info({ pull: number, head: headSha, reason: patched.reason }, 'Pull request not rebuilt from its file list; downloading the head tarball.');
    const head = await loadHeadTarball(octokit, pull, base, { cache, timeoutMs, log });
    checkArchive(files, head, pull);
    return head;
  });
}

async function loadHeadTarball(octokit: GitHub, { owner, repo, number, headSha, headRepo }: PullLocator, base: Promise<MeshSnapshot>, { cache, timeoutMs, log }: PullHeadOptions): Promise<MeshSnapshot> {
  const options = { cache, timeoutMs, previous: base };
  try {
    return await loadCommitSnapshot(octokit, { ...headRepo, sha: headSha }, options);
  } catch (error) {
    // A private fork the installation cannot see answers 404; the base repository holds the
    // same commit under refs/pull/N/head, so one more request usually saves the evaluation.
    if (statusOf(error) !== 404 || (headRepo.owner === owner && headRepo.repo === repo)) throw error;
    log?.warn({ pull: number, head: `${headRepo.owner}/${headRepo.repo}` }, 'Head tarball not found in the fork; reading it from the base repository.');
    return loadCommitSnapshot(octokit, { owner, repo, sha: headSha }, options);
  }
}

/**
 * Checks a head tarball against the files the pull request adds or changes: GitHub's tarball is
 * `git archive`, which leaves out every path a .gitattributes marks `export-ignore`, and a
 * .gitattributes may hide itself. A pull request could otherwise add an access grant the review
 * never sees. (A head rebuilt from the file list needs no such check: the list is the diff.)
 */
export function checkArchive(files: readonly PullFile[], snapshot: MeshSnapshot, { owner, repo, number }: { owner: string; repo: string; number: number }): void {
  if (files.length >= PULL_FILES_LIMIT) {
    throw new IncompleteArchiveError(
      `pull request #${number} changes ${files.length} or more files; GitHub lists no more than ${PULL_FILES_LIMIT}, so Meshgate cannot check that the repository tarball holds every one of them.`,
    );
  }
  const paths = new Set(snapshot.paths);
  const missing = files.flatMap((file) => (file.status !== 'removed' && !paths.has(file.filename) ? [file.filename] : []));
  if (missing.length > 0) {
    const shown = missing.slice(0, 5).map((path) => `\`${path}\``).join(', ') + (missing.length > 5 ? ` and ${missing.length - 5} more` : '');
    throw new IncompleteArchiveError(
      `The repository tarball of ${owner}/${repo} for pull request #${number} leaves out ${missing.length === 1 ? 'a file' : `${missing.length} files`} the pull request changes (${shown}), ` +
        'most likely because a .gitattributes marks them export-ignore. Meshgate cannot judge files it cannot see.',
    );
  }
}

/** The base tarball is not the commit's tree: a `.gitattributes` (or a filter) changed what the archive holds. */
export class AlteredArchiveError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AlteredArchiveError';
  }
}

const MESH_FOLDER = /^(catalog|policies)\//;
const encoder = new TextEncoder();
/** Snapshots already checked against their commit's tree (a commit never changes). */
const verified = new WeakSet<MeshSnapshot>();

/**
 * Checks a commit snapshot loaded from its tarball against the commit's git tree under catalog/
 * and policies/ (from the API, see pull-data.ts): every file must be there with the blob id git
 * has, links as links, and nothing more. `git archive` applies `.gitattributes`: `export-ignore`
 * hides a file (a policy, an owner file), `export-subst` rewrites one, `eol` converts line ends;
 * any of these in the base would let a pull request be judged by rules that are not the base's.
 * Submodules are not in a tarball; they are left to the pull request's file list.
 */
export function verifyCommitSnapshot(snapshot: MeshSnapshot, tree: ReadonlyMap<string, TreeEntry>, label: string): void {
  if (verified.has(snapshot)) return;
  const files = sourceFiles.get(snapshot);
  if (!files) throw new AlteredArchiveError(`The snapshot of ${label} keeps no files to check against git.`);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    if (!MESH_FOLDER.test(file.path)) continue;
    seen.add(file.path);
    const entry = tree.get(file.path);
    if (!entry) problems.push(`\`${file.path}\` is in the archive but not in git`);
    else if (file.link) {
      if (entry.mode !== '120000') problems.push(`\`${file.path}\` is a link in the archive but not in git`);
    } else if (entry.mode === '120000' || entry.mode === '160000') problems.push(`\`${file.path}\` is a file in the archive but not in git`);
    else {
      const content = file.content ?? new Uint8Array();
      if (gitBlobSha(typeof content === 'string' ? encoder.encode(content) : content) !== entry.oid) problems.push(`\`${file.path}\` differs from git (export-subst, eol or a filter)`);
    }
  }
  for (const [path, entry] of tree) {
    if (!seen.has(path) && entry.mode !== '160000') problems.push(`\`${path}\` is in git but missing from the archive (export-ignore)`);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('; ') + (problems.length > 5 ? `; and ${problems.length - 5} more` : '');
    throw new AlteredArchiveError(
      `The repository tarball of ${label} is not what git holds under catalog/ and policies/: ${shown}. ` +
        'A .gitattributes (export-ignore, export-subst, eol) changes the archive GitHub serves, so Meshgate cannot judge against it. ' +
        'Remove those attributes for catalog/ and policies/ in a pull request of its own (it needs the platform approvers).',
    );
  }
  verified.add(snapshot);
}

/** Octokit wraps an aborted fetch in a RequestError; the abort is somewhere down the cause chain. */
function isTimeout(error: unknown): boolean {
  for (let e = error as { name?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
  }
  return false;
}
