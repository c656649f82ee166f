/**
 * `npm run dev` rebuilds the catalog when the mesh changes: its watcher, with a stand-in for the
 * (slow) site build, so that the test counts builds instead of waiting for Astro.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Rebuilder, watchAndRebuild } from '../../site/scripts/dev.ts';

const cleanup: (() => Promise<void> | void)[] = [];
// Last in, first out: the watcher closes before its folder is removed (Node's recursive watcher
// throws an uncaught ENOENT if it reads a folder that is being deleted under it).
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function mesh(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'meshgate-dev-'));
  await mkdir(join(root, 'catalog/checkout/orders'), { recursive: true });
  await mkdir(join(root, 'policies'), { recursive: true });
  cleanup.push(() => rm(root, { recursive: true, force: true }));
  return root;
}

function watching(root: string, rebuild: () => Promise<void>): Rebuilder {
  const watcher = watchAndRebuild([join(root, 'catalog'), join(root, 'policies')], rebuild, 50);
  cleanup.push(() => watcher.close());
  return watcher;
}

/** Waits until `condition` holds (file events arrive asynchronously), at most a few seconds. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 25));
}

describe('npm run dev', () => {
  it('rebuilds once after a product’s README is edited, however many events the save makes', async () => {
    const root = await mesh();
    let builds = 0;
    const watcher = watching(root, async () => void builds++);
    for (let i = 0; i < 3; i++) await writeFile(join(root, 'catalog/checkout/orders/README.md'), `# Orders ${i}\n`);
    await until(() => builds > 0);
    await watcher.idle();
    expect(builds).toBe(1);
  });

  it('builds again after a change made while a build was running', async () => {
    const root = await mesh();
    let builds = 0;
    let release!: () => void;
    const watcher = watching(root, () => {
      builds++;
      return builds === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve();
    });
    await writeFile(join(root, 'policies/a.yaml'), 'x: 1\n');
    await until(() => builds === 1);
    await writeFile(join(root, 'catalog/checkout/orders/product.yaml'), 'x: 2\n');
    await new Promise((r) => setTimeout(r, 200));
    release();
    await until(() => builds === 2);
    await watcher.idle();
    expect(builds).toBe(2);
  });
});
