/**
 * A product's README on its page, such that one README can never stop the build: a README past the
 * limits below is shown as plain text without being parsed (a 4 KB README of nested quotes
 * overflowed the stack, a 1,000-column table took the build out of memory); the others are rendered
 * by a renderer the build provides (site/scripts/readme-thread.ts: a worker thread with a time and
 * memory budget), and whatever fails there is shown as plain text too. Either way the page says so
 * and the build reports the file.
 */
import { buildContext } from './build-context.ts';
import { escapeHtml } from './html.ts';
import { renderMarkdown } from './markdown.ts';

export const README_LIMITS = {
  /** Bytes of a README; a longer one belongs in the product's own documentation. */
  bytes: 100 * 1024,
  /** Cells in a table row. */
  tableColumns: 64,
  /** Quotes and list items inside one another (an indentation of two columns counts as one). */
  nesting: 24,
};

/** Why a README is not rendered, or undefined when it is within the limits. */
export function readmeRisk(text: string): string | undefined {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > README_LIMITS.bytes) return `it is ${Math.ceil(bytes / 1024)} KB (the limit is ${README_LIMITS.bytes / 1024} KB)`;
  let lineNumber = 0;
  for (const line of text.split('\n')) {
    lineNumber += 1;
    if (line.includes('|')) {
      const cells = line.replace(/\\\|/g, '').replace(/^\s*\|/, '').replace(/\|\s*$/, '').split('|').length;
      if (cells > README_LIMITS.tableColumns) return `line ${lineNumber} has a table row of ${cells} cells (the limit is ${README_LIMITS.tableColumns})`;
    }
    const prefix = /^[\s>]*(?:(?:[-*+]|\d{1,9}[.)])(?=\s)[\s>]*)*/.exec(line)![0];
    const markers = (prefix.match(/>|[-*+](?=\s)|\d{1,9}[.)](?=\s)/g) ?? []).length;
    const indent = prefix.replace(/\t/g, '    ').replace(/[^ ]/g, '').length;
    const depth = markers + Math.floor(indent / 2);
    if (depth > README_LIMITS.nesting) return `line ${lineNumber} nests quotes or lists ${depth} deep (the limit is ${README_LIMITS.nesting})`;
  }
  return undefined;
}

/** The README as text, under a notice that says why it is not rendered. */
export function plainReadmeHtml(text: string, reason: string): string {
  return (
    `<p class="notice readme-fallback" role="note"><strong>This README is shown as plain text</strong>: ${escapeHtml(reason)}.</p>` +
    `<pre class="readme-plain">${escapeHtml(text)}</pre>`
  );
}

/** Renders a README's Markdown to safe HTML; rejects when it could not within its budget. */
export interface ReadmeRenderer {
  render(text: string, options: { mdx: boolean }): Promise<string>;
  /** Told of every README shown as plain text, so the build can list them. */
  fellBack(path: string, reason: string): void;
}

/**
 * The README's HTML for the product page, by the renderer in the build's context
 * (lib/build-context.ts). Without one (a plain `astro build`) it is rendered on this thread, still
 * within the limits.
 */
export async function readmeHtml(readme: { path: string; text: string }, renderer = buildContext()?.readmes): Promise<string> {
  const mdx = readme.path.endsWith('.mdx');
  let reason = readmeRisk(readme.text);
  if (!reason) {
    try {
      return renderer ? await renderer.render(readme.text, { mdx }) : await renderMarkdown(readme.text, { mdx });
    } catch (error) {
      reason = `it could not be rendered (${error instanceof Error ? error.message : String(error)})`;
    }
  }
  if (renderer) renderer.fellBack(readme.path, reason);
  else console.warn(`${readme.path}: README shown as plain text: ${reason}`);
  return plainReadmeHtml(readme.text, reason);
}
