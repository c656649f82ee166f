/**
 * A worker thread for what the build sends out while Astro renders: each page to Pagefind's process
 * and the raw and JSON files to disk. On the rendering thread these took seconds of a large build
 * (encoding every page for Pagefind's pipe, the file writes through the promise API; see
 * bench/README.md, "Figures measured"), and that thread is what the build waits for; on the worker
 * they run beside it, on the other core.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FileWriter } from '../src/lib/entity-files.ts';

// Every page is `lang="en"`; forcing it skips Pagefind's per-page language detection.
export const PAGEFIND_CONFIG = { forceLanguage: 'en' } as const;

/**
 * The output thread's heap: its live data is small. Without limits it took the build's young
 * generation (SEMI_SPACE_MB per semi-space, site/scripts/build.ts) and held far more than that
 * when Pagefind wrote.
 */
const OLD_GENERATION_MB = 256;
const YOUNG_GENERATION_MB = 16;

export type Request = { id: number } & (
  | { op: 'start-index' }
  | { op: 'page'; url: string; html: string }
  | { op: 'write-index'; outputPath: string }
  | { op: 'close-index' }
  | { op: 'collect' }
  | { op: 'folders'; folders: string[] }
  | { op: 'copy'; source: string; target: string }
  | { op: 'write'; target: string; content: string }
);
export type Reply = { id: number } & ({ ok: true; value: unknown } | { ok: false; error: string });
type Operation = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;

export interface OutputThread {
  /** Starts Pagefind's index; rejects with Pagefind's errors. */
  startIndex(): Promise<void>;
  /** Adds a page; resolves with Pagefind's errors for it. */
  addPage(url: string, html: string): Promise<string[]>;
  writeIndex(outputPath: string): Promise<string[]>;
  closeIndex(): Promise<void>;
  /** A full garbage collection in the thread, before Pagefind's write peak. */
  collect(): Promise<void>;
  writer: FileWriter;
  /** Ends the thread; requests still open reject. */
  stop(): Promise<void>;
}

/** `outDir`: the only folder the thread writes in (its writer refuses any other). */
export function startOutputThread(outDir: string): OutputThread {
  // What the thread holds at a time is small (at most MAX_PAGES_IN_FLIGHT pages and a few files in
  // flight); the limit makes it collect its garbage rather than grow beside the build's peak.
  const worker = new Worker(fileURLToPath(new URL('./output-worker.mjs', import.meta.url)), { workerData: { outDir }, resourceLimits: { maxOldGenerationSizeMb: OLD_GENERATION_MB, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
  const open = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  let failure: Error | undefined;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const pending of open.values()) pending.reject(error);
    open.clear();
  };
  worker.on('message', (reply: Reply) => {
    const pending = open.get(reply.id);
    open.delete(reply.id);
    if (reply.ok) pending?.resolve(reply.value);
    else pending?.reject(new Error(reply.error));
  });
  worker.on('error', (error) => failAll(new Error(`the build's output thread failed: ${error.message}`, { cause: error })));
  worker.on('exit', (code) => failAll(new Error(`the build's output thread stopped (exit code ${code})`)));
  const request = <T>(operation: Operation): Promise<T> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      open.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...operation, id });
    });
  };
  return {
    startIndex: () => request<void>({ op: 'start-index' }),
    addPage: (url, html) => request<string[]>({ op: 'page', url, html }),
    writeIndex: (outputPath) => request<string[]>({ op: 'write-index', outputPath }),
    closeIndex: () => request<void>({ op: 'close-index' }),
    collect: () => request<void>({ op: 'collect' }),
    writer: {
      makeFolders: (folders) => request<void>({ op: 'folders', folders }),
      copy: (source, target) => request<void>({ op: 'copy', source, target }),
      write: (target, content) => request<void>({ op: 'write', target, content }),
    },
    async stop() {
      failAll(new Error(`the build's output thread stopped`));
      await worker.terminate();
    },
  };
}
