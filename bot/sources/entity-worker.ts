/**
 * Reads entity files in a worker thread for threads.ts: claims the next chunk of paths from
 * the counter it shares with the other threads, reads each file as the loader does and posts the
 * chunk's results back. A file it cannot read is left out; the main thread then reads it itself
 * and reports whatever went wrong.
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { type FileLoad, loadEntityFile } from '../core/load/mesh.ts';
import { readContent } from './directory.ts';
import type { WorkerInput } from './threads.ts';

const { root, paths, counter, chunk } = workerData as WorkerInput;
const next = new Int32Array(counter);
for (;;) {
  const start = Atomics.add(next, 0, chunk);
  if (start >= paths.length) break;
  const results: [string, FileLoad][] = [];
  for (let i = start; i < Math.min(start + chunk, paths.length); i++) {
    const path = paths[i];
    try {
      results.push([path, loadEntityFile({ path, content: readContent(join(root, path)) })]);
    } catch {
      // Left to the main thread.
    }
  }
  parentPort!.postMessage(results);
}
