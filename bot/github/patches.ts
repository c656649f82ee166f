/**
 * A pull request's head, rebuilt from its base tip's files and the pull request's file list
 * (`GET /pulls/{n}/files`) instead of downloading the head's tarball: the list carries each file's
 * status, old name and unified diff. Applying those diffs to the base tip gives what merging the
 * pull request would give, so a branch that is behind no longer shows the base's later changes as
 * removals.
 *
 * Pure and strict: whenever the result could differ from what the pull request really proposes,
 * it answers with a reason instead, and the app downloads the head's tarball as before. Nothing is
 * fuzzed or skipped. Three checks make that hold:
 * - every hunk must match the base file byte for byte at the line it names (the base branch may
 *   have changed the same lines since the branch forked);
 * - every file the loader reads must come out with the blob sha GitHub lists for it, so the
 *   review sees exactly the bytes that were pushed (not GitHub's rendering of them in the patch);
 * - the list must belong to the head commit being judged: its file URLs name that commit, so a
 *   list GitHub already computed for a newer push is never filed under an older commit.
 */
import { createHash } from 'node:crypto';
import { isEntityPath } from '../core/load/mesh.ts';
import type { SourceFile } from '../core/model.ts';

/** One entry of GitHub's pull request file list, as far as the head is rebuilt from it. */
export interface PullFile {
  filename: string;
  status: string;
  previous_filename?: string;
  /** Unified diff without file headers; GitHub leaves it out for binary files and large diffs. */
  patch?: string;
  /** The file's blob sha at the head. */
  sha?: string | null;
  blob_url?: string | null;
  raw_url?: string | null;
  contents_url?: string | null;
}

export type PatchedHead = { ok: true; files: SourceFile[] } | { ok: false; reason: string };

/** GitHub lists at most this many files of a pull request; a longer list is cut without notice. */
export const PULL_FILES_LIMIT = 3000;

/**
 * Files whose content the loader reads: entity YAML under catalog/ and policies/, and the product
 * docs it keeps (README.md/.mdx under catalog/, as bot/core/load/mesh.ts has it). For every other
 * path the review only needs to know whether it changed (platform changes are paths outside
 * catalog/ and policies/, judged by name).
 */
export function needsContent(path: string): boolean {
  return isEntityPath(path) || (path.startsWith('catalog/') && /(^|\/)README\.mdx?$/i.test(path));
}

/** git's object id of a blob with these bytes. */
export function gitBlobSha(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

const fail = (reason: string): PatchedHead => ({ ok: false, reason });

/**
 * The head's files: `base` (every file of the base tip) with the pull request's `files` applied.
 * `headSha` is the commit the result stands for.
 */
export function applyPullFiles(base: readonly SourceFile[], files: readonly PullFile[], { headSha }: { headSha: string }): PatchedHead {
  if (files.length >= PULL_FILES_LIMIT) {
    return fail(`the pull request lists ${files.length} files, GitHub's limit, so the list may be cut short`);
  }
  if (files.length === 0) return fail('the file list is empty, so nothing ties it to the head commit');
  const bound = belongsTo(files, headSha);
  if (bound !== true) return fail(bound);

  const before = new Map(base.map((file) => [file.path, file]));
  const after = new Map(before);
  const seen = new Set<string>();
  // Old names go first: a pull request may rename a file and add a new one under its old name.
  for (const file of files) {
    if (seen.has(file.filename)) return fail(`\`${file.filename}\` is listed twice`);
    seen.add(file.filename);
    if (file.status === 'removed') after.delete(file.filename);
    else if (file.status === 'renamed') {
      if (!file.previous_filename) return fail(`\`${file.filename}\` is renamed but the list names no previous file`);
      if (!before.has(file.previous_filename)) return fail(`\`${file.filename}\` is renamed from \`${file.previous_filename}\`, which the base does not have`);
      after.delete(file.previous_filename);
    }
  }
  for (const file of files) {
    const path = file.filename;
    const submodule = file.status === 'removed' ? undefined : gitlinkOf(file);
    if (submodule) {
      after.set(path, submodule);
      continue;
    }
    let from: string;
    switch (file.status) {
      case 'removed':
      case 'unchanged':
        continue;
      case 'added':
        if (after.has(path)) return fail(`\`${path}\` is added, but the base already has it`);
        from = '';
        break;
      case 'modified':
        from = path;
        break;
      case 'renamed':
      case 'copied':
        if (!file.previous_filename) return fail(`\`${path}\` is ${file.status} but the list names no previous file`);
        if (file.status === 'renamed' && after.has(path)) return fail(`\`${path}\` is a rename target, but the base already has it`);
        from = file.previous_filename;
        break;
      default:
        // `changed` is a change of file type (a file became a link, say): the patch cannot tell.
        if (!needsContent(path)) {
          after.set(path, unread(file));
          continue;
        }
        return fail(`\`${path}\` has status \`${file.status}\`, which Meshgate does not rebuild from a patch`);
    }
    if (!needsContent(path)) {
      // Only the name matters here; the content only has to differ from the base's when it changed.
      after.set(path, file.status === 'modified' && file.sha && before.has(path) && blobShaOf(before.get(path)!) === file.sha ? before.get(path)! : unread(file));
      continue;
    }
    if (!file.sha) return fail(`GitHub lists no blob sha for \`${path}\``);
    let text = '';
    if (from !== '') {
      const source = before.get(from);
      if (!source) return fail(`\`${path}\` is ${file.status}${from !== path ? ` from \`${from}\`` : ''}, which the base does not have`);
      const decoded = textOf(source);
      if (decoded === undefined) return fail(`\`${from}\` in the base is a link or not UTF-8 text`);
      text = decoded;
    }
    if (file.patch !== undefined && file.patch !== '') {
      const patched = applyPatch(text, file.patch);
      if (typeof patched !== 'string') return fail(`the patch of \`${path}\` does not apply to the base: ${patched.reason}`);
      text = patched;
    }
    const bytes = encoder.encode(text);
    if (gitBlobSha(bytes) !== file.sha) {
      return fail(
        file.patch === undefined || file.patch === ''
          ? `GitHub sent no patch for \`${path}\` (a binary file or a large diff)`
          : `\`${path}\` rebuilt from the base and its patch is not the file that was pushed (the base branch changed it too, or the patch is not the exact bytes)`,
      );
    }
    after.set(path, { path, content: bytes });
  }
  return { ok: true, files: [...after.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}

/**
 * Whether the list was computed for `headSha`: GitHub's file URLs name the commit (`/blob/<sha>/`,
 * `?ref=<sha>`). A removed file's URLs may name another commit, so they are not required to match,
 * but at least one entry must, and no file that exists at the head may name another commit.
 */
function belongsTo(files: readonly PullFile[], headSha: string): true | string {
  const sha = headSha.toLowerCase();
  const names = (file: PullFile) => [file.blob_url, file.raw_url, file.contents_url].some((url) => typeof url === 'string' && url.toLowerCase().includes(sha));
  let any = false;
  for (const file of files) {
    if (names(file)) any = true;
    else if (file.status !== 'removed') return `the entry for \`${file.filename}\` does not name the head commit ${headSha.slice(0, 7)} (the list is of another push)`;
  }
  return any ? true : `no entry names the head commit ${headSha.slice(0, 7)}`;
}

/**
 * A submodule (gitlink) as GitHub lists it: its `sha` is the submodule's commit and its patch
 * sets the one line `Subproject commit <that sha>`. A file whose text were that line has another
 * blob sha, so the two cannot be confused. Kept as a gitlink, as the CLI reads it from git.
 */
function gitlinkOf(file: PullFile): SourceFile | undefined {
  if (!file.sha || file.patch === undefined) return undefined;
  const added = /(?:^|\n)\+Subproject commit ([0-9a-f]{40})(?:\n|$)/.exec(file.patch);
  if (!added || added[1] !== file.sha.toLowerCase()) return undefined;
  return { path: file.filename, gitlink: true, content: `Subproject commit ${added[1]}` };
}

/** Stands in for a file whose content is not read: its digest differs from any real file's. */
function unread(file: PullFile): SourceFile {
  return { path: file.filename, content: `meshgate: content not read; blob ${file.sha ?? 'unknown'} of ${file.filename}\n` };
}

function blobShaOf(file: SourceFile): string | undefined {
  if (file.link || file.content === undefined) return undefined;
  return gitBlobSha(typeof file.content === 'string' ? encoder.encode(file.content) : file.content);
}

function textOf(file: SourceFile): string | undefined {
  if (file.link || file.content === undefined) return undefined;
  if (typeof file.content === 'string') return file.content;
  try {
    return utf8.decode(file.content);
  } catch {
    return undefined;
  }
}

/** Lines with their terminators; the last one may have none. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n').map((line) => `${line}\n`);
  const last = lines.length - 1;
  lines[last] = lines[last].slice(0, -1);
  if (lines[last] === '') lines.pop();
  return lines;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Applies a unified diff (hunks only, as GitHub's `patch` field has it) to `text`. Each hunk must
 * match at exactly the line it names; the result keeps the base's line endings wherever the patch
 * does not replace a line. Returns the new text, or why the patch does not apply.
 */
export function applyPatch(text: string, patch: string): string | { reason: string } {
  const old = splitLines(text);
  const lines = patch.split('\n');
  const out: string[] = [];
  let cursor = 0;
  let i = 0;
  let hunks = 0;
  while (i < lines.length) {
    const header = HUNK.exec(lines[i]);
    if (!header) {
      // A patch string may end with a newline; nothing else may stand between hunks.
      if (lines[i] === '' && i === lines.length - 1 && hunks > 0) break;
      return { reason: `line ${i + 1} of the patch is not a hunk header` };
    }
    hunks++;
    const oldStart = Number(header[1]);
    const oldCount = header[2] === undefined ? 1 : Number(header[2]);
    const newStart = Number(header[3]);
    const newCount = header[4] === undefined ? 1 : Number(header[4]);
    const removed: string[] = [];
    const added: string[] = [];
    i++;
    while (removed.length < oldCount || added.length < newCount) {
      const line = lines[i];
      if (line === undefined || line === '' || HUNK.test(line)) return { reason: `hunk ${hunks} ends before its ${oldCount} old and ${newCount} new lines` };
      const noNewline = lines[i + 1]?.startsWith('\\') === true;
      const content = line.slice(1) + (noNewline ? '' : '\n');
      if (line[0] === ' ') {
        removed.push(content);
        added.push(content);
      } else if (line[0] === '-') removed.push(content);
      else if (line[0] === '+') added.push(content);
      else return { reason: `hunk ${hunks} has a line that is neither context, removal nor addition` };
      i += noNewline ? 2 : 1;
    }
    if (removed.length !== oldCount || added.length !== newCount) return { reason: `hunk ${hunks} has more lines than its header says` };
    // A hunk without old lines inserts after line `oldStart`; otherwise it starts at that line.
    const at = oldCount === 0 ? oldStart : oldStart - 1;
    if (at < cursor) return { reason: `hunk ${hunks} overlaps the one before it` };
    if (at + oldCount > old.length) return { reason: `hunk ${hunks} reaches past the end of the base file (${old.length} lines)` };
    for (let k = 0; k < oldCount; k++) {
      if (old[at + k] !== removed[k]) return { reason: `line ${at + k + 1} of the base differs from hunk ${hunks}` };
    }
    out.push(...old.slice(cursor, at));
    const expectedNew = newCount === 0 ? newStart : newStart - 1;
    if (expectedNew !== out.length) return { reason: `hunk ${hunks} says it lands on line ${newStart} of the new file, not line ${out.length + 1}` };
    out.push(...added);
    cursor = at + oldCount;
  }
  if (hunks === 0) return { reason: 'the patch has no hunk' };
  out.push(...old.slice(cursor));
  // Only the file's last line may lack its newline.
  for (let k = 0; k < out.length - 1; k++) if (!out[k].endsWith('\n')) return { reason: 'a line without a newline is not the last line of the result' };
  return out.join('');
}
