/**
 * Reading a large mesh on more than one core. Parsing and schema-checking a file depends on nothing
 * but the file (mesh.ts: loadEntityFile), so a worker thread takes chunks of the paths from a
 * counter it shares with the main thread and posts each chunk's results back; the loader then
 * registers every file in path order, as if it had read them all itself.
 *
 * A worker is not free: it starts and compiles the schemas before it reads a file, posting a file's
 * result costs it a share of what reading the file cost, and taking the result in costs the main
 * thread a share too. So a mesh of fewer than MIN_FILES_PER_WORKER files is read on the main thread
 * alone, where a worker makes `meshgate validate` slower (bench/README.md, "Figures measured").
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type FileLoad, loadEntityFile } from '../core/load/mesh.ts';

export interface ThreadOptions {
  /**
   * Worker threads beside the main one. Default: one on a machine with a second core when the mesh
   * has at least MIN_FILES_PER_WORKER files, else none; MESHGATE_LOAD_WORKERS overrides the default.
   */
  workers?: number;
  /**
   * Whether the main thread reads files too (default true). False leaves it free for other work
   * while the workers read: the site's build loads the mesh while Astro starts.
   */
  mainThread?: boolean;
}

/** What a worker is given. */
export interface WorkerInput {
  root: string;
  paths: string[];
  /** One Int32: the index of the next unclaimed path. */
  counter: SharedArrayBuffer;
  chunk: number;
}

/** Below this many files per worker, starting one costs more than it saves. */
export const MIN_FILES_PER_WORKER = 6_000;
/** Paths claimed at a time: small enough to balance the threads, large enough to post few messages. */
const CHUNK = 32;
const WORKER_FILE = fileURLToPath(new URL('./entity-worker.mjs', import.meta.url));

function workerCount(files: number, options: ThreadOptions): number {
  if (options.workers !== undefined) return options.workers;
  const fromEnv = process.env.MESHGATE_LOAD_WORKERS;
  if (fromEnv !== undefined && fromEnv !== '' && Number.isInteger(Number(fromEnv))) return Math.max(0, Number(fromEnv));
  return availableParallelism() > 1 && files >= MIN_FILES_PER_WORKER ? 1 : 0;
}

/**
 * The load of each of `paths` (relative to `root`), by path. `read` reads a file on the main
 * thread; a file a worker could not read or that a failed worker left is read there too, so every
 * path has its load (or `read`'s error is thrown, as loadMesh would).
 */
export async function readEntityFiles(
  root: string,
  paths: readonly string[],
  read: (path: string) => string | Uint8Array,
  options: ThreadOptions = {},
): Promise<Map<string, FileLoad>> {
  const loads = new Map<string, FileLoad>();
  const readHere = (path: string) => loads.set(path, loadEntityFile({ path, content: read(path) }));
  // Inside a bundle (the site's server build) the worker's file is not beside this module.
  const workers = existsSync(WORKER_FILE) ? Math.min(workerCount(paths.length, options), Math.ceil(paths.length / CHUNK)) : 0;
  if (workers === 0) {
    for (const path of paths) readHere(path);
    return loads;
  }
  const input: WorkerInput = { root, paths: [...paths], counter: new SharedArrayBuffer(4), chunk: CHUNK };
  const next = new Int32Array(input.counter);
  const finished = Array.from({ length: workers }, () => {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_FILE, { workerData: input });
    } catch {
      // No worker (the platform refused one): the main thread reads everything.
      return Promise.resolve();
    }
    worker.on('message', (results: [string, FileLoad][]) => {
      for (const [path, load] of results) loads.set(path, load);
    });
    // An error ends the worker; what it claimed and did not post is read below.
    worker.on('error', () => {});
    return new Promise<void>((done) => worker.once('exit', () => done()));
  });
  if (options.mainThread !== false) {
    for (;;) {
      const start = Atomics.add(next, 0, CHUNK);
      if (start >= paths.length) break;
      for (let i = start; i < Math.min(start + CHUNK, paths.length); i++) readHere(paths[i]);
      // Takes in what the workers posted meanwhile, so that is not all left for the end.
      await new Promise<void>((resume) => setImmediate(resume));
    }
  }
  await Promise.all(finished);
  for (const path of paths) if (!loads.has(path)) readHere(path);
  return loads;
}
