/**
 * `npm run dev`: the catalog for authors previewing their product's docs. Builds the mesh once,
 * serves it, and builds it again whenever a file under catalog/ or policies/ changes; a reload of
 * the page shows the new build. Each build goes to a fresh folder and the server switches to it
 * only when it succeeded, so a page is never served half-written and a broken YAML file keeps the
 * last good catalog up. Usage: tsx site/scripts/dev.ts [--root <mesh>] [--port 4321] [--host 127.0.0.1]
 */
import { spawn } from 'node:child_process';
import { type FSWatcher, watch } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createStaticServer } from './serve.ts';

export interface Rebuilder {
  /** Resolves when no build is running or queued (tests wait on it). */
  idle(): Promise<void>;
  close(): void;
}

/**
 * Watches `folders` and calls `rebuild` after a change, `debounceMs` after the last of a burst
 * (an editor's save is several events). A change during a build queues one more build after it.
 */
export function watchAndRebuild(folders: string[], rebuild: () => Promise<void>, debounceMs = 200): Rebuilder {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let queued = false;
  const start = (): void => {
    if (running) {
      queued = true;
      return;
    }
    running = rebuild().finally(() => {
      running = undefined;
      if (queued) {
        queued = false;
        start();
      }
    });
  };
  const changed = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      start();
    }, debounceMs);
  };
  const watchers: FSWatcher[] = folders.map((folder) => watch(folder, { recursive: true }, changed));
  return {
    async idle() {
      while (timer !== undefined || running) await (running?.catch(() => undefined) ?? new Promise((r) => setTimeout(r, debounceMs)));
    },
    close() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}

/** What `npm run dev` prints (the README quotes it). */
export const DEV_MESSAGES = {
  serving: (url: string) => `Serving the catalog at ${url} and rebuilding it when catalog/ or policies/ change; Ctrl-C stops.`,
  rebuilt: (seconds: string) => `Rebuilt in ${seconds} s; reload the page.`,
};

/** One build of the mesh at `root` into `outDir`, in its own process as `npm run build:site` runs it. */
function buildInto(root: string, outDir: string): Promise<void> {
  const script = fileURLToPath(new URL('./build.ts', import.meta.url));
  return new Promise((resolveBuild, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, '--root', root, '--out', outDir], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolveBuild() : reject(new Error(`the catalog build exited with ${code}; the last good build stays served`))));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { root: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } } });
  const root = resolve(values.root ?? fileURLToPath(new URL('../..', import.meta.url)));
  const port = Number(values.port ?? process.env.PORT ?? 4321);
  const host = values.host ?? '127.0.0.1';
  const work = await mkdtemp(join(tmpdir(), 'meshgate-dev-'));
  let build = 0;
  let current = createStaticServer({ dir: join(work, 'none') });
  const rebuild = async (): Promise<void> => {
    const outDir = join(work, String(++build));
    const started = Date.now();
    try {
      await buildInto(root, outDir);
    } catch (error) {
      console.error(`Build failed: ${(error as Error).message}`);
      return;
    }
    const previous = current;
    current = createStaticServer({ dir: outDir });
    previous.close();
    if (build > 1) await rm(join(work, String(build - 1)), { recursive: true, force: true });
    console.log(DEV_MESSAGES.rebuilt(((Date.now() - started) / 1000).toFixed(1)));
  };
  await rebuild();
  createServer((request, response) => current.emit('request', request, response)).listen(port, host, () => {
    console.log(DEV_MESSAGES.serving(`http://${host}:${port}/`));
  });
  watchAndRebuild([join(root, 'catalog'), join(root, 'policies')], rebuild);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void rm(work, { recursive: true, force: true }).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143)));
  }
}
