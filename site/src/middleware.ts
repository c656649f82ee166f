// Hands each rendered page to the build's search indexer while Astro renders the next; see lib/indexing.ts.
// Domains are indexed from their search records (lib/search-records.ts), written from the catalog:
// their pages are not read back at all. Product and contract pages are not Astro's (lib/bulk-pages.ts).
import { defineMiddleware } from 'astro:middleware';
import { buildContext } from './lib/build-context.ts';
import { indexesContractPage, indexUrl, searchableHtml, wantsIndexing } from './lib/indexing.ts';
import { getCatalog } from './lib/mesh.ts';
import { recordForPath } from './lib/search-records.ts';

export const onRequest = defineMiddleware(async (context, next) => {
  const response = await next();
  const sink = buildContext()?.sink;
  if (!sink || !response.headers.get('content-type')?.startsWith('text/html')) return response;
  sink.rendered();
  const url = indexUrl(context.url.pathname, import.meta.env.BASE_URL);
  const record = recordForPath(await getCatalog(), url, indexesContractPage);
  if (record !== undefined) {
    if (record !== null) await sink.add(url, record);
    return response;
  }
  // A page that says up front it is not indexed is not read here.
  if (context.locals.searchIndexed === false) return response;
  const html = await response.text();
  if (wantsIndexing(html)) await sink.add(url, searchableHtml(html));
  return new Response(html, { status: response.status, statusText: response.statusText, headers: response.headers });
});
