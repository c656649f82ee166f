/**
 * A small static server for the built catalog: the right content types, `index.html` for
 * folders, the site under its base path (as GitHub Pages serves project sites), nothing outside
 * the output folder. Usage: tsx site/scripts/serve.ts [--dir site/dist] [--port 4321] [--base /]
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.yml': 'text/yaml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.wasm': 'application/wasm',
  // Pagefind's index files: opaque binary chunks.
  '.pagefind': 'application/octet-stream',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pf_filter': 'application/octet-stream',
};

export interface ServeOptions {
  dir: string;
  /** URL path prefix, `/` or `/mesh/`. */
  base?: string;
  port?: number;
  host?: string;
}

async function fileFor(root: string, urlPath: string): Promise<string | undefined> {
  const decoded = decodeURIComponent(urlPath);
  const candidate = normalize(join(root, decoded));
  if (candidate !== root && !candidate.startsWith(root + sep)) return undefined;
  for (const path of [candidate, join(candidate, 'index.html')]) {
    try {
      if ((await stat(path)).isFile()) return path;
    } catch {
      // try the next candidate
    }
  }
  return undefined;
}

export function createStaticServer(options: ServeOptions): Server {
  const root = resolve(options.dir);
  const base = `/${(options.base ?? '/').replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
  return createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (base !== '/' && url.pathname === base.slice(0, -1)) {
      response.writeHead(301, { Location: base }).end();
      return;
    }
    const inside = url.pathname.startsWith(base) ? url.pathname.slice(base.length - 1) : undefined;
    let file: string | undefined;
    try {
      file = inside === undefined ? undefined : await fileFor(root, inside);
    } catch {
      file = undefined; // malformed percent-encoding
    }
    if (file && inside && !inside.endsWith('/') && !extname(inside) && file.endsWith(`${sep}index.html`)) {
      // Folders get their slash, so relative links inside pages resolve as on GitHub Pages.
      response.writeHead(301, { Location: `${url.pathname}/${url.search}` }).end();
      return;
    }
    const status = file ? 200 : 404;
    file ??= await fileFor(root, '/404.html');
    if (!file) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    response.writeHead(status, {
      'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'X-Content-Type-Options': 'nosniff',
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });
}

/** What `npm start` prints once the catalog is served (the README quotes it). */
export const servingMessage = (url: string, dir: string): string =>
  `Serving the catalog at ${url} (from ${dir}) until you stop it with Ctrl-C; \`npm run dev\` rebuilds it when the mesh changes.`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, port: { type: 'string' }, base: { type: 'string' }, host: { type: 'string' } } });
  const dir = values.dir ?? resolve(fileURLToPath(new URL('../dist', import.meta.url)));
  const port = Number(values.port ?? process.env.PORT ?? 4321);
  const host = values.host ?? '127.0.0.1';
  const base = values.base ?? process.env.MESHGATE_SITE_BASE ?? '/';
  createStaticServer({ dir, base, port, host }).listen(port, host, () => {
    console.log(servingMessage(`http://${host}:${port}${base === '/' ? '/' : base}`, dir));
  });
}
