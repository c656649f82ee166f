/**
 * `meshgate review` tells the truth about what it reviewed: uncommitted changes to the mesh are
 * not reviewed, and it says so on its first line; a branch that changes policies/ is judged by
 * the base's policies, and it says that too.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../bot/cli/review.ts';
import { reviewMesh } from '../fixtures/meshes/review/mesh.ts';
import { gitRepos, writeFiles } from './git-repo.ts';

const repos = gitRepos('notices');

/** main holds the review fixture mesh; branch `change` adds `committed`. */
const repo = (committed: Record<string, string> = { 'notes.txt': 'x\n' }): Promise<string> => repos.withBranch(reviewMesh, committed);

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
    await writeFiles(dir, { 'policies/new.yaml': 'kind: Policy\n' });
    const { stdout } = await review(dir);
    expect(stdout.split('\n')[0]).toContain('(policies/new.yaml)');
  });

  it('says nothing when only files outside the mesh are uncommitted', async () => {
    const dir = await repo();
    await writeFiles(dir, { 'README.md': 'draft\n' });
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
