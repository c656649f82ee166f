/**
 * The build's output thread (see output-thread.ts): feeds Pagefind the pages and writes the raw and
 * JSON files, so that their encoding, pipes and file-system calls cost the rendering thread nothing.
 * Every request is answered once, with its result or its error.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { outputWriter } from '../src/lib/entity-files.ts';
import { PAGEFIND_CONFIG, type Reply, type Request } from './output-thread.ts';

type Pagefind = typeof import('pagefind');
type Index = NonNullable<Awaited<ReturnType<Pagefind['createIndex']>>['index']>;
let pagefind: Pagefind | undefined;
let index: Index | undefined;
/** Writes only inside the build's output folder; blocking calls, as this thread does nothing else meanwhile. */
const writer = outputWriter((workerData as { outDir: string }).outDir, { blocking: true });

async function handle(request: Request): Promise<unknown> {
  switch (request.op) {
    case 'start-index': {
      pagefind = await import('pagefind');
      const created = await pagefind.createIndex(PAGEFIND_CONFIG);
      if (!created.index) throw new Error(created.errors.join('\n'));
      index = created.index;
      return null;
    }
    case 'page': {
      const added = await index!.addHTMLFile({ url: request.url, content: request.html });
      return added.errors;
    }
    case 'write-index': {
      const written = await index!.writeFiles({ outputPath: request.outputPath });
      return written.errors;
    }
    case 'close-index':
      await pagefind?.close();
      pagefind = undefined;
      index = undefined;
      return null;
    case 'collect':
      v8.setFlagsFromString('--expose-gc');
      (runInNewContext('gc') as () => void)();
      return null;
    case 'folders':
      return writer.makeFolders(request.folders);
    case 'copy':
      return writer.copy(request.source, request.target);
    case 'write':
      return writer.write(request.target, request.content);
  }
}

parentPort!.on('message', (request: Request) => {
  handle(request).then(
    (value) => parentPort!.postMessage({ id: request.id, ok: true, value } satisfies Reply),
    (error: unknown) => parentPort!.postMessage({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies Reply),
  );
});
