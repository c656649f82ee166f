/**
 * Git repositories for the CLI review tests: main holds a mesh, a branch commits a change on top.
 * Each test file gets its own temporary folders, removed after every test.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

export const GIT_CONFIG = ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main'];

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', [...GIT_CONFIG, ...args], { cwd: dir, encoding: 'utf8' });
}

/** Writes each file (making its folders); `null` deletes it. */
export async function writeFiles(dir: string, files: Record<string, string | null>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    if (text === null) await rm(join(dir, path));
    else {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
  }
}

/** Temporary repositories named `meshgate-<name>-…`, removed after each test of the calling file. */
export function gitRepos(name: string) {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  const tempDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), `meshgate-${name}-`));
    dirs.push(dir);
    return dir;
  };
  return {
    tempDir,
    /** main holds `base`; `branch` is checked out with `changes` committed on top (message: the branch's name). */
    async withBranch(base: Record<string, string>, changes: Record<string, string | null>, branch = 'change'): Promise<string> {
      const dir = await tempDir();
      git(dir, 'init', '-q');
      await writeFiles(dir, base);
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', 'base');
      git(dir, 'checkout', '-q', '-b', branch);
      await writeFiles(dir, changes);
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', branch);
      return dir;
    },
  };
}
