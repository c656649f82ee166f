/**
 * When each file last changed: from git history when the mesh is a git checkout, else from file
 * times. One `git log` for the whole mesh, never one per product.
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Marks the start of a commit in the log format below; file names never contain NUL. */
const COMMIT = '\u0000';

/**
 * Parses `git log --format=%x00%cI --name-only`: each commit's date, then the files it touched.
 * The log is newest first, so the first date seen for a path is its last change.
 */
export function parseGitLog(output: string): Map<string, string> {
  const changed = new Map<string, string>();
  for (const block of output.split(COMMIT)) {
    const lines = block.split('\n');
    const date = lines[0]?.trim();
    if (!date) continue;
    for (const line of lines.slice(1)) {
      const path = line.trim();
      if (path && !changed.has(path)) changed.set(path, date);
    }
  }
  return changed;
}

/** Last change per repository-relative path under `root`; empty when `root` is not in a git work tree. */
export async function gitChangeDates(root: string, maxCommits = 5000): Promise<Map<string, string>> {
  try {
    const { stdout } = await run(
      'git',
      ['-C', root, 'log', `-n${maxCommits}`, '--format=%x00%cI', '--name-only', '--relative', '--no-renames', '--', 'catalog'],
      { maxBuffer: 256 * 1024 * 1024 },
    );
    return parseGitLog(stdout);
  } catch {
    return new Map();
  }
}

/** Git dates where known, file modification times for the rest (new, uncommitted files). */
export async function changeDates(root: string, files: readonly string[]): Promise<Map<string, string>> {
  const dates = await gitChangeDates(root);
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
