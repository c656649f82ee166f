// Hands each rendered page to the build's search indexer while Astro renders the next; see lib/indexing.ts.
import { defineMiddleware } from 'astro:middleware';
import { indexUrl, pageSink, searchableHtml, wantsIndexing } from './lib/indexing.ts';

export const onRequest = defineMiddleware(async (context, next) => {
  const response = await next();
  const sink = pageSink();
  if (!sink || !response.headers.get('content-type')?.startsWith('text/html')) return response;
  sink.rendered();
  // A page that says up front it is not indexed (a served contract's) is not read here: at 10,000
  // products that is every one of the 10,509 contract pages, each read and re-wrapped for nothing.
  if (context.locals.searchIndexed === false) return response;
  const html = await response.text();
  if (wantsIndexing(html)) await sink.add(indexUrl(context.url.pathname, import.meta.env.BASE_URL), searchableHtml(html));
  return new Response(html, { status: response.status, statusText: response.statusText, headers: response.headers });
});
