/**
 * Where rendered pages go to be indexed while Astro is still building. site/scripts/build.ts hands
 * a sink to the pages in its build context (lib/build-context.ts); the middleware hands each
 * indexed HTML page to it, so Pagefind (its own process, on the other core) indexes page N while
 * Astro renders page N+1, instead of re-reading and re-parsing the whole site afterwards. Without a
 * sink (a plain `astro build`) the middleware does nothing and the site is indexed from its
 * folder, as before.
 */
export interface PageSink {
  /** Resolves when the sink can take another page (back-pressure for a slower indexer). */
  add(url: string, html: string): Promise<void>;
  /** Counts an HTML page written, indexed or not: the build reports the count without walking its output. */
  rendered(): void;
}

/**
 * The URL Pagefind would derive from the page's file: relative to the site's base (the search UI
 * adds the base back), a folder URL ending in `/`.
 */
export function indexUrl(pathname: string, base: string): string {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  let path = pathname.startsWith(prefix) ? pathname.slice(prefix.length - 1) : pathname;
  if (!path.startsWith('/')) path = `/${path}`;
  if (path.endsWith('/index.html')) path = path.slice(0, -'index.html'.length);
  if (!path.endsWith('/') && !path.endsWith('.html')) path += '/';
  return path;
}

/** Only pages that ask to be searched (`data-pagefind-body`) are worth sending to the indexer. */
export const wantsIndexing = (html: string): boolean => html.includes('data-pagefind-body');

/**
 * The part of a page Pagefind reads: its `<main>` (body, filters, title meta) in a bare document.
 * Header, footer and head are never indexed; sending them anyway made the build encode and pipe
 * three times the bytes to Pagefind's process and made Pagefind parse them. A page without a
 * `<main>` is sent whole.
 */
export function searchableHtml(html: string): string {
  const start = html.indexOf('<main');
  const end = html.lastIndexOf('</main>');
  if (start < 0 || end < start) return html;
  return `<!doctype html><html lang="en"><body>${html.slice(start, end + '</main>'.length)}</body></html>`;
}

/**
 * Whether a contract's own page goes into the search index. A contract an output port serves is
 * found through its product, whose page indexes the contract's id, name and field names:
 * indexing both pages doubled the index, Pagefind's memory and the page list every
 * first search downloads (21,000 pages at 10,000 products). A contract no port serves keeps its
 * own entry, so every contract stays findable.
 */
export const indexesContractPage = (contract: { product?: unknown; port?: string }): boolean => !(contract.product && contract.port);
