/**
 * `meshgate review` tells the truth about what it reviewed: uncommitted changes to the mesh are
 * not reviewed, and it says so on its first line; a branch that changes policies/ is judged by
 * the base's policies, and it says that too.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../bot/cli/review.ts';
import { reviewMesh } from '../fixtures/meshes/review/mesh.ts';

const GIT_CONFIG = ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main'];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const git = (dir: string, ...args: string[]) => execFileSync('git', [...GIT_CONFIG, ...args], { cwd: dir, encoding: 'utf8' });

async function write(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

/** main holds the review fixture mesh; branch `change` adds `committed`. */
async function repo(committed: Record<string, string> = { 'notes.txt': 'x\n' }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'meshgate-notices-'));
  dirs.push(dir);
  git(dir, 'init', '-q');
  await write(dir, reviewMesh);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  git(dir, 'checkout', '-q', '-b', 'change');
  await write(dir, committed);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'change');
  return dir;
}

async function review(dir: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(['--now', '2026-11-24', '--base', 'main', ...args], { cwd: dir, stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

const ORDERS_CONTRACT = 'catalog/checkout/orders/orders-v1.contract.yaml';

describe('meshgate review with uncommitted changes', () => {
  it('says on its first line that uncommitted changes under catalog/ are not reviewed', async () => {
    const dir = await repo();
    await writeFile(join(dir, ORDERS_CONTRACT), `${reviewMesh[ORDERS_CONTRACT]}# edited\n`);
    const { stdout } = await review(dir);
    expect(stdout.split('\n')[0]).toMatch(/^Not reviewed: 1 uncommitted change under catalog\/ or policies\/ \(catalog\/checkout\/orders\/orders-v1\.contract\.yaml\); this review reads commit [0-9a-f]{7}\./);
  });

  it('counts a new, untracked file under policies/', async () => {
    const dir = await repo();
    await write(dir, { 'policies/new.yaml': 'kind: Policy\n' });
    const { stdout } = await review(dir);
    expect(stdout.split('\n')[0]).toContain('(policies/new.yaml)');
  });

  it('says nothing when only files outside the mesh are uncommitted', async () => {
    const dir = await repo();
    await write(dir, { 'README.md': 'draft\n' });
    const { stdout } = await review(dir);
    expect(stdout).not.toContain('Not reviewed');
  });

  it('keeps JSON output parseable: the notice goes to stderr', async () => {
    const dir = await repo();
    await writeFile(join(dir, ORDERS_CONTRACT), `${reviewMesh[ORDERS_CONTRACT]}# edited\n`);
    const { stdout, stderr } = await review(dir, '--format', 'json');
    expect(() => JSON.parse(stdout)).not.toThrow();
    expect(stderr).toMatch(/^Not reviewed: 1 uncommitted change/);
  });
});

describe('meshgate review of a branch that changes policies/', () => {
  it('says the head is judged by the base’s policies, unlike validate', async () => {
    const dir = await repo({ 'policies/extra.yaml': 'apiVersion: meshgate/v1\nkind: Policy\nid: extra\ntitle: Extra\nprinciple: other\nrationale: r\nseverity: warning\nappliesTo: Domain\nrequire: true\n' });
    const { stdout } = await review(dir);
    expect(stdout.split('\n')[0]).toBe('policies/ changes on this branch: the review judges the head by the base\'s policies and governance (as the GitHub App does), while `meshgate validate` uses the working tree\'s.');
  });
});
