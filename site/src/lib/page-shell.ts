/**
 * The page around a body, for the pages the build writes outside Astro (lib/bulk-pages.ts): the
 * same head, header, main and footer as layouts/Base.astro renders, byte for byte as Astro's HTML
 * compression leaves them, and the search filters components/Filters.astro renders.
 * test/site/site.test.ts holds the two together by comparing written pages with the pages Astro
 * rendered in the same build.
 */
import type { Catalog } from './catalog.ts';
import { escapeHtml as e } from './html.ts';
import { filterElements, type Filters } from './search.ts';
import type { Urls } from './urls.ts';

/** An attribute value as Astro writes one (`&` and `"` as numeric references), not as text is escaped. */
const attribute = (value: string): string => value.replace(/&/g, '&#38;').replace(/"/g, '&#34;');

export interface ShellPage {
  title: string;
  /** Any value a document holds there: written as Astro writes an attribute, nothing when falsy. */
  description?: unknown;
  /** Whether search indexes the main content (`data-pagefind-body`). */
  indexed?: boolean;
  /** The title search results show for an indexed page. */
  searchTitle?: string;
}

/**
 * The page's search facets as hidden elements Pagefind reads (lib/search.ts). `data-pagefind-ignore`
 * keeps their text out of the page's indexed content (Pagefind still reads the filters): the spans
 * have no spaces between them, so their text would index as one glued word and open every excerpt.
 */
export const filtersHtml = (filters: Filters): string =>
  `<div hidden data-pagefind-ignore> ${filterElements(filters)
    .map((f) => `<span data-pagefind-filter="${attribute(f.name)}">${e(f.value)}</span>`)
    .join('')} </div>`;

/** A whole document with the header's search box (a page without the search UI, as most are). */
export function pageHtml(catalog: Pick<Catalog, 'title' | 'today' | 'repository'>, urls: Urls, page: ShellPage, mainHtml: string): string {
  const title = page.title === catalog.title ? page.title : `${page.title} · ${catalog.title}`;
  const nav = [
    [urls.home + 'domains/', 'Domains'],
    [urls.home + 'products/', 'Products'],
    [urls.home + 'contracts/', 'Contracts'],
    [urls.map, 'Mesh map'],
    [urls.access, 'Access'],
    [urls.policies, 'Policies'],
    [urls.guides, 'Guides'],
  ]
    .map(([href, text]) => ` <li><a href="${attribute(href!)}">${text}</a></li>`)
    .join('');
  const repository = catalog.repository ? ` <a href="${attribute(catalog.repository.url)}">${e(catalog.repository.url.replace(/^https:\/\//, ''))}</a>` : '';
  return (
    '<!DOCTYPE html><html lang="en"> <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${e(title)}</title>` +
    (page.description ? `<meta name="description" content="${attribute(String(page.description))}">` : '') +
    `<meta name="color-scheme" content="light dark"><link rel="stylesheet" href="${attribute(urls.asset('meshgate.css'))}"><link rel="icon" href="${attribute(urls.asset('favicon.svg'))}" type="image/svg+xml"></head>` +
    ` <body> <a class="skip" href="#main">Skip to content</a> <header class="site"> <div class="inner"> <a class="brand" href="${attribute(urls.home)}">${e(catalog.title)}</a>` +
    ` <nav aria-label="Catalog"> <ul>${nav} </ul> </nav> ` +
    ` <form role="search" action="${attribute(urls.search())}" method="get"> <label class="skip" for="site-search">Search the catalog</label> <input id="site-search" type="search" name="q" placeholder="Search products, fields…"> <button type="submit">Search</button> </form> </div> </header>` +
    ` <main id="main"${page.indexed ? ' data-pagefind-body' : ''}${page.indexed && page.searchTitle ? ` data-pagefind-meta="${attribute(`title:${page.searchTitle}`)}"` : ''}>  ${mainHtml}  </main>` +
    ` <footer class="site"> <p>\nBuilt from the mesh repository${repository} on ${e(catalog.today)}.\n        Data as JSON: <a href="${attribute(urls.api('mesh.json'))}">/api/mesh.json</a> (<a href="${attribute(urls.api('openapi.json'))}">OpenAPI</a>).\n</p> </footer> </body></html>`
  );
}
