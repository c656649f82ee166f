import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticServer } from '../../site/scripts/serve.ts';

let dir: string;
let server: Server;
let origin: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshgate-serve-'));
  await mkdir(join(dir, 'products/orders'), { recursive: true });
  await mkdir(join(dir, 'pagefind'), { recursive: true });
  await writeFile(join(dir, 'index.html'), '<html>home</html>');
  await writeFile(join(dir, '404.html'), '<html>not found</html>');
  await writeFile(join(dir, 'products/orders/index.html'), '<html>orders</html>');
  await writeFile(join(dir, 'pagefind/pagefind.js'), 'export {}');
  await writeFile(join(dir, 'pagefind/wasm.en.pagefind'), 'x');
  await writeFile(join(dir, 'orders.yaml'), 'id: orders\n');
  server = createStaticServer({ dir, base: '/mesh/' });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
  await rm(dir, { recursive: true, force: true });
});

describe('the static server', () => {
  it('serves a folder’s index.html under the base path', async () => {
    const response = await fetch(`${origin}/mesh/products/orders/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe('<html>orders</html>');
  });

  it.each([
    ['/mesh/pagefind/pagefind.js', 'text/javascript; charset=utf-8'],
    ['/mesh/pagefind/wasm.en.pagefind', 'application/octet-stream'],
    ['/mesh/orders.yaml', 'text/yaml; charset=utf-8'],
  ])('serves %s as %s', async (path, type) => {
    expect((await fetch(origin + path)).headers.get('content-type')).toBe(type);
  });

  it('adds the trailing slash to a folder', async () => {
    const response = await fetch(`${origin}/mesh/products/orders`, { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/mesh/products/orders/');
  });

  it('answers 404 with the site’s 404 page outside the base path', async () => {
    const response = await fetch(`${origin}/products/orders/`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('<html>not found</html>');
  });

  it('never serves files outside its folder', async () => {
    const response = await fetch(`${origin}/mesh/%2e%2e/%2e%2e/etc/passwd`);
    expect(response.status).toBe(404);
  });
});
