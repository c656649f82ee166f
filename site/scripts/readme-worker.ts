/**
 * Renders READMEs for readme-thread.ts, one at a time. A stack overflow comes back as an error;
 * running out of memory or time ends the thread, which readme-thread.ts notices.
 */
import { parentPort } from 'node:worker_threads';
import { renderMarkdown } from '../src/lib/markdown.ts';

export interface ReadmeRequest {
  id: number;
  text: string;
  mdx: boolean;
}
export type ReadmeReply = { id: number } & ({ ok: true; html: string } | { ok: false; error: string });

// The Markdown processor loads before the thread says it is ready: a README's time budget is for the README.
await renderMarkdown('');
parentPort!.postMessage('ready');

parentPort!.on('message', (request: ReadmeRequest) => {
  renderMarkdown(request.text, { mdx: request.mdx }).then(
    (html) => parentPort!.postMessage({ id: request.id, ok: true, html } satisfies ReadmeReply),
    (error: unknown) => parentPort!.postMessage({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies ReadmeReply),
  );
});
