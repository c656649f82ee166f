/**
 * Screenshots of the demo catalog for the README: builds the site (unless --no-build), serves it,
 * and saves home, a product, a contract, the mesh map and the policies page to docs/screenshots/.
 * Usage: tsx site/scripts/screenshots.ts [--no-build] [--dark]
 */
import { mkdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium, hasChromium, INSTALL_HINT } from './browser.ts';
import { buildSite } from './build.ts';
import { repositoryDir, siteDir, siteSettings } from '../src/lib/settings.ts';
import { createStaticServer } from './serve.ts';

interface MeshIndex {
  products: { id: string; url: string }[];
  contracts: { id: string; url: string; dataProduct: string | null }[];
  lineage: { from: string; to: string }[];
}

const { values } = parseArgs({ options: { 'no-build': { type: 'boolean' }, dark: { type: 'boolean' }, out: { type: 'string' } } });
if (!hasChromium()) {
  console.error(INSTALL_HINT);
  process.exit(1);
}
const dist = join(siteDir, 'dist');
if (!values['no-build']) await buildSite({ settings: siteSettings(process.env, { outDir: dist, base: '/' }) });
const mesh = JSON.parse(await readFile(join(dist, 'api/mesh.json'), 'utf8')) as MeshIndex;

// The product with the most lineage shows the most on one page.
const degree = new Map<string, number>();
for (const edge of mesh.lineage) for (const id of [edge.from, edge.to]) degree.set(id, (degree.get(id) ?? 0) + 1);
const product = [...mesh.products].sort((a, b) => (degree.get(b.id) ?? 0) - (degree.get(a.id) ?? 0))[0];
const contract = mesh.contracts.find((c) => c.dataProduct === product?.id) ?? mesh.contracts[0];

const server = createStaticServer({ dir: dist });
await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const outDir = resolve(values.out ?? join(repositoryDir, 'docs/screenshots'));
await mkdir(outDir, { recursive: true });
const session = await launchChromium();
try {
  const page = await session.context.newPage();
  await page.emulateMedia({ colorScheme: values.dark ? 'dark' : 'light' });
  const shots: [string, string][] = [
    ['home', '/'],
    ['product', product?.url ?? '/'],
    ['contract', contract?.url ?? '/'],
    ['mesh-map', '/map/'],
    ['policies', '/policies/'],
  ];
  for (const [name, path] of shots) {
    await page.goto(origin + path, { waitUntil: 'networkidle' });
    const file = join(outDir, `${name}${values.dark ? '-dark' : ''}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`Saved ${file}`);
  }
} finally {
  await session.close();
  server.close();
}
