/**
 * READMEs rendered in isolation (see site/src/lib/readme.ts): a worker thread with a memory limit
 * renders one README at a time, each within a time budget. A README that overruns either ends the
 * thread; its render fails (the page shows it as plain text) and the next README gets a new thread.
 * The thread starts with the first README, so a mesh without READMEs pays nothing.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReadmeRenderer } from '../src/lib/readme.ts';
import type { ReadmeReply, ReadmeRequest } from './readme-worker.ts';

export interface ReadmeBudget {
  /** Time for one README, from when the thread takes it. */
  timeoutMs: number;
  /** The thread's heap (old generation). */
  memoryMb: number;
}

/** Generous: a README of normal size renders in well under a second (the thread's modules load before its budget starts). */
export const DEFAULT_README_BUDGET: ReadmeBudget = { timeoutMs: 15_000, memoryMb: 256 };

export interface ReadmeThread extends ReadmeRenderer {
  /** The READMEs shown as plain text, with why. */
  fallbacks: { path: string; reason: string }[];
  stop(): Promise<void>;
}

const WORKER_FILE = fileURLToPath(new URL('./readme-worker.mjs', import.meta.url));

export function startReadmeThread(budget: ReadmeBudget = DEFAULT_README_BUDGET): ReadmeThread {
  let worker: { thread: Worker; ready: Promise<void> } | undefined;
  let nextId = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const fallbacks: { path: string; reason: string }[] = [];

  const spawn = () => {
    const thread = new Worker(WORKER_FILE, { resourceLimits: { maxOldGenerationSizeMb: budget.memoryMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 1 } });
    const ready = new Promise<void>((resolve, reject) => {
      thread.once('message', () => resolve());
      thread.once('error', reject);
      thread.once('exit', (code) => reject(new Error(`the renderer stopped (exit code ${code})`)));
    });
    ready.catch(() => {});
    return { thread, ready };
  };

  /** One README on the thread; the thread is ended when it overruns. */
  const renderOne = async (text: string, mdx: boolean): Promise<string> => {
    const started = (worker ??= spawn());
    try {
      await started.ready;
    } catch (error) {
      if (worker === started) worker = undefined;
      throw error;
    }
    const current = started.thread;
    return new Promise<string>((resolve, reject) => {
      const id = nextId++;
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        current.off('message', onMessage);
        current.off('error', onError);
        current.off('exit', onExit);
      };
      const end = (error: Error) => {
        done();
        if (worker === started) worker = undefined;
        void current.terminate();
        reject(error);
      };
      const onMessage = (reply: ReadmeReply) => {
        if (reply.id !== id) return;
        done();
        if (reply.ok) resolve(reply.html);
        else reject(new Error(reply.error));
      };
      const onError = (error: Error) =>
        end(new Error((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? `it needed more than ${budget.memoryMb} MB` : error.message, { cause: error }));
      const onExit = (code: number) => end(new Error(`the renderer stopped (exit code ${code})`));
      current.on('message', onMessage);
      current.on('error', onError);
      current.on('exit', onExit);
      current.postMessage({ id, text, mdx } satisfies ReadmeRequest);
      timer = setTimeout(() => end(new Error(`it took longer than ${budget.timeoutMs / 1000} s`)), budget.timeoutMs);
    });
  };

  return {
    fallbacks,
    render(text, { mdx }) {
      const result = queue.then(() => renderOne(text, mdx));
      queue = result.catch(() => {});
      return result;
    },
    fellBack(path, reason) {
      fallbacks.push({ path, reason });
    },
    async stop() {
      await queue;
      await worker?.thread.terminate();
      worker = undefined;
    },
  };
}
