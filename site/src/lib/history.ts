/**
 * What git knows about the mesh: when each file last changed, and each contract's versions with
 * the breaking changes between them. One `git log` for the whole mesh (never one per product) and
 * one `git cat-file --batch` for the contract revisions it names; when the mesh is not a git work
 * tree, file times stand in for the dates and contracts have no history.
 */
import { execFile, spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseYaml } from '../../../bot/core/load/parse.ts';
import { isRecord } from '../../../bot/core/shapes.ts';
import { compareContracts } from '../../../bot/core/review/breaking-changes.ts';
import type { DataContract } from '../../../bot/core/kinds/data-contract.ts';

const run = promisify(execFile);

/** Marks the start of a commit in the log format below; file names never contain NUL. */
const COMMIT = '\u0000';
/** A blob id git prints for "no file" (the new side of a deletion). */
const NO_BLOB = /^0+$/;

/** One commit that changed a file: the commit, its date and the file's blob after it. */
export interface Revision {
  commit: string;
  date: string;
  /** Undefined when the commit deleted the file. */
  blob: string | undefined;
}

export interface GitLog {
  /** Last change per path. */
  changed: Map<string, string>;
  /** Commits that changed each path, newest first; only from a `--raw` log. */
  revisions: Map<string, Revision[]>;
}

/**
 * Parses `git log --format=%x00%H %cI --raw --no-abbrev`: each commit's hash and date, then a line
 * per file it touched (`:100644 100644 <old blob> <new blob> M<TAB>path`). `--name-only` logs (a
 * path per line, no hash) give dates only. The log is newest first, so the first date seen for a
 * path is its last change.
 */
export function parseGitLog(output: string): GitLog {
  const changed = new Map<string, string>();
  const revisions = new Map<string, Revision[]>();
  for (const block of output.split(COMMIT)) {
    const lines = block.split('\n');
    const head = lines[0]?.trim().split(' ') ?? [];
    const [commit, date] = head.length > 1 ? head : [undefined, head[0]];
    if (!date) continue;
    for (const line of lines.slice(1)) {
      const tab = line.indexOf('\t');
      const raw = line.startsWith(':') && tab > 0;
      const path = (raw ? line.slice(tab + 1) : line).trim();
      if (!path) continue;
      if (!changed.has(path)) changed.set(path, date);
      if (raw && commit) {
        const blob = line.slice(1, tab).split(' ')[3];
        let list = revisions.get(path);
        if (!list) revisions.set(path, (list = []));
        list.push({ commit, date, blob: blob && !NO_BLOB.test(blob) ? blob : undefined });
      }
    }
  }
  return { changed, revisions };
}

/** The mesh's git log under catalog/; empty when `root` is not in a git work tree. */
export async function gitLog(root: string, maxCommits = 5000): Promise<GitLog> {
  try {
    const { stdout } = await run(
      'git',
      ['-C', root, 'log', `-n${maxCommits}`, '--format=%x00%H %cI', '--raw', '--no-abbrev', '--relative', '--no-renames', '--', 'catalog'],
      { maxBuffer: 512 * 1024 * 1024 },
    );
    return parseGitLog(stdout);
  } catch {
    return { changed: new Map(), revisions: new Map() };
  }
}

/** Last change per repository-relative path under `root`; empty when `root` is not in a git work tree. */
export async function gitChangeDates(root: string, maxCommits = 5000): Promise<Map<string, string>> {
  return (await gitLog(root, maxCommits)).changed;
}

/** Git dates where known, file modification times for the rest (new, uncommitted files). */
export async function changeDates(root: string, files: readonly string[], log?: GitLog): Promise<Map<string, string>> {
  const dates = new Map((log ?? (await gitLog(root))).changed);
  await Promise.all(
    files
      .filter((file) => !dates.has(file))
      .map(async (file) => {
        try {
          dates.set(file, (await stat(join(root, file))).mtime.toISOString());
        } catch {
          // A file the loader saw but the disk no longer has: leave it undated.
        }
      }),
  );
  return dates;
}

/** The contents of blobs by id, through one `git cat-file --batch`; missing or unreadable blobs are left out. */
export function readBlobs(root: string, ids: readonly string[]): Promise<Map<string, string>> {
  const blobs = new Map<string, string>();
  if (ids.length === 0) return Promise.resolve(blobs);
  return new Promise((done) => {
    const git = spawn('git', ['-C', root, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    git.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    git.on('error', () => done(blobs));
    git.on('close', () => {
      // Each answer: `<id> blob <size>\n<size bytes>\n`, or `<id> missing\n`.
      const out = Buffer.concat(chunks);
      let at = 0;
      while (at < out.length) {
        const eol = out.indexOf(10, at);
        if (eol < 0) break;
        const [id, type, size] = out.subarray(at, eol).toString('utf8').split(' ');
        at = eol + 1;
        if (type !== 'blob' || size === undefined) continue;
        const end = at + Number(size);
        blobs.set(id!, out.subarray(at, end).toString('utf8'));
        at = end + 1;
      }
      done(blobs);
    });
    git.stdin.on('error', () => undefined);
    git.stdin.end(`${ids.join('\n')}\n`);
  });
}

/** One version of a contract, as git recorded it. */
export interface ContractVersion {
  version: string;
  /** When this version was first committed; undefined for a version not committed yet. */
  date: string | undefined;
  /** The commit that first had this version. */
  commit: string | undefined;
  /** What this version breaks for consumers of the one before it (empty for the first version). */
  breaking: { reason: string; severity: 'error' | 'warning' }[];
}

/** A contract's committed text at one commit. */
export interface ContractRevision {
  commit: string;
  date: string;
  text: string;
}

/**
 * A contract's versions, newest first, from its revisions (newest first, as git logs them) and the
 * document the site shows. Consecutive revisions with the same `version` are one version; each is
 * compared with the one before it in its last committed form. Revisions that do not parse as a
 * contract are skipped.
 */
export function contractVersions(revisions: readonly ContractRevision[], current: DataContract): ContractVersion[] {
  const groups: { version: string; first: ContractRevision | undefined; doc: DataContract }[] = [];
  for (const revision of [...revisions].reverse()) {
    // Parsed, not validated: an old revision need not pass today's schema, and compareContracts
    // guards every shape it reads.
    const parsed = parseYaml(revision.text);
    if (!parsed.ok || !isRecord(parsed.doc) || parsed.doc.kind !== 'DataContract') continue;
    const doc = parsed.doc as unknown as DataContract;
    const version = String(doc.version ?? '');
    const last = groups.at(-1);
    if (last && last.version === version) last.doc = doc;
    else groups.push({ version, first: revision, doc });
  }
  const currentVersion = String(current.version ?? '');
  if (groups.at(-1)?.version !== currentVersion) groups.push({ version: currentVersion, first: undefined, doc: current });
  else groups.at(-1)!.doc = current;
  const versions = groups.map((group, i): ContractVersion => ({
    version: group.version,
    date: group.first?.date,
    commit: group.first?.commit,
    breaking: i === 0 ? [] : compareContracts(groups[i - 1]!.doc, group.doc).map(({ reason, severity }) => ({ reason, severity })),
  }));
  return versions.reverse();
}

/**
 * Every contract's versions, by file, from the mesh's git log: at most `perContract` revisions of
 * each (the newest), read in one batch.
 */
export async function contractHistories(
  root: string,
  log: GitLog,
  contracts: readonly { file: string; doc: DataContract }[],
  perContract = 20,
): Promise<Map<string, ContractVersion[]>> {
  const wanted = contracts.map((c) => ({ ...c, revisions: (log.revisions.get(c.file) ?? []).slice(0, perContract) }));
  const texts = await readBlobs(root, [...new Set(wanted.flatMap((w) => w.revisions.flatMap((r) => (r.blob ? [r.blob] : []))))]);
  const histories = new Map<string, ContractVersion[]>();
  for (const { file, doc, revisions } of wanted) {
    // A deletion ends the history before it: the file as it is now was added after.
    const deleted = revisions.findIndex((r) => !r.blob);
    const kept = (deleted < 0 ? revisions : revisions.slice(0, deleted)).flatMap((r) => {
      const text = texts.get(r.blob!);
      return text === undefined ? [] : [{ commit: r.commit, date: r.date, text }];
    });
    histories.set(file, contractVersions(kept, doc));
  }
  return histories;
}

/** `git remote get-url origin` and the current branch, for the Request-access fallback. */
export async function gitRemote(root: string): Promise<{ remote?: string; branch?: string }> {
  const read = async (args: string[]): Promise<string | undefined> => {
    try {
      return (await run('git', ['-C', root, ...args])).stdout.trim() || undefined;
    } catch {
      return undefined;
    }
  };
  const [remote, branch] = await Promise.all([read(['remote', 'get-url', 'origin']), read(['rev-parse', '--abbrev-ref', 'HEAD'])]);
  return { remote, branch: branch === 'HEAD' ? undefined : branch };
}
