/**
 * The fixture catalog (test/fixtures/meshes/site) built for real, for the tests that check the
 * built site on disk and in Chromium. Test files run in parallel processes, and two Astro builds
 * from one working directory break each other (they share its staging folder), so builds take
 * turns through a lock folder.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { launchChromium, type ChromiumSession } from '../../site/scripts/browser.ts';
import { createStaticServer } from '../../site/scripts/serve.ts';

export const repo = resolve(import.meta.dirname, '../..');
export const fixture = join(repo, 'test/fixtures/meshes/site');
const LOCK = join(tmpdir(), 'meshgate-fixture-site-build.lock');
/** A lock older than this was left by a killed run. */
const STALE_MS = 10 * 60_000;

async function withBuildLock<T>(run: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(LOCK).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > STALE_MS) await rm(LOCK, { recursive: true, force: true });
      else await new Promise((done) => setTimeout(done, 250));
    }
  }
  try {
    return await run();
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

export interface FixtureSite {
  /** A temporary folder holding the build; remove it when done. */
  work: string;
  out: string;
  /** What the build printed. */
  stdout: string;
}

/** Builds the fixture mesh's catalog under `base` into a fresh temporary folder. */
export async function buildFixtureSite(base: string): Promise<FixtureSite> {
  // Below the repository, as `npm run build:site` and `npm start` build: Astro then stages its
  // server chunks in the output folder itself and sweeps its empty folders at the end, while the
  // build is still writing the raw and JSON files (a race only this layout has).
  await mkdir(join(repo, 'test/.tmp'), { recursive: true });
  const work = await mkdtemp(join(repo, 'test/.tmp/site-'));
  const out = join(work, 'dist');
  const { stdout } = await withBuildLock(() =>
    // A child process: Astro runs its own Vite, which must not share vitest's.
    promisify(execFile)(join(repo, 'node_modules/.bin/tsx'), ['site/scripts/build.ts', '--root', fixture, '--out', out, '--base', base], {
      cwd: repo,
      env: { ...process.env, MESHGATE_TODAY: '2026-11-24', MESHGATE_SITE_TOKEN: '', MESHGATE_SITE_CACHE: join(work, 'cache'), ASTRO_TELEMETRY_DISABLED: '1' },
      maxBuffer: 64 * 1024 * 1024,
    }),
  );
  return { work, out, stdout };
}

/** A built site served on a free local port under `base`, and Chromium to visit it. */
export interface ServedSite {
  origin: string;
  chromium: ChromiumSession;
  close(): Promise<void>;
}

export async function serveInChromium(dir: string, base: string): Promise<ServedSite> {
  const server = createStaticServer({ dir, base });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const chromium = await launchChromium();
    return {
      origin,
      chromium,
      async close() {
        await chromium.close();
        await new Promise((done) => server.close(done));
      },
    };
  } catch (error) {
    await new Promise((done) => server.close(done));
    throw error;
  }
}
