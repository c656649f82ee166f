/**
 * The page around a body, for the pages the build writes outside Astro (the product canvases,
 * lib/entity-files.ts): the same head, header and footer as layouts/Base.astro renders, byte for
 * byte as Astro's HTML compression leaves them. test/site/canvas.test.ts holds the two together by
 * comparing a written page with the pages Astro rendered in the same build.
 */
import type { Catalog } from './catalog.ts';
import { escapeHtml as e } from './html.ts';
import type { Urls } from './urls.ts';

/** An attribute value as Astro writes one (`&` and `"` as numeric references), not as text is escaped. */
const attribute = (value: string): string => value.replace(/&/g, '&#38;').replace(/"/g, '&#34;');

export interface ShellPage {
  title: string;
  description?: string;
}

/** A whole document: a page that is not indexed and shows the header's search box (as Base.astro's defaults). */
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
    (page.description ? `<meta name="description" content="${attribute(page.description)}">` : '') +
    `<meta name="color-scheme" content="light dark"><link rel="stylesheet" href="${attribute(urls.asset('meshgate.css'))}"><link rel="icon" href="${attribute(urls.asset('favicon.svg'))}" type="image/svg+xml"></head>` +
    ` <body> <a class="skip" href="#main">Skip to content</a> <header class="site"> <div class="inner"> <a class="brand" href="${attribute(urls.home)}">${e(catalog.title)}</a>` +
    ` <nav aria-label="Catalog"> <ul>${nav} </ul> </nav> ` +
    ` <form role="search" action="${attribute(urls.search())}" method="get"> <label class="skip" for="site-search">Search the catalog</label> <input id="site-search" type="search" name="q" placeholder="Search products, fields…"> <button type="submit">Search</button> </form> </div> </header>` +
    ` <main id="main">  ${mainHtml}  </main>` +
    ` <footer class="site"> <p>\nBuilt from the mesh repository${repository} on ${e(catalog.today)}.\n        Data as JSON: <a href="${attribute(urls.api('mesh.json'))}">/api/mesh.json</a> (<a href="${attribute(urls.api('openapi.json'))}">OpenAPI</a>).\n</p> </footer> </body></html>`
  );
}
