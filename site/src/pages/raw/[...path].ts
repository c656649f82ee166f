// Entity files byte for byte as they are in the repository (the "download YAML" links).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCatalog, meshRoot } from '../../lib/mesh.ts';

export const getStaticPaths = (async () => {
  const catalog = await getCatalog();
  const files = [
    ...catalog.products.map((p) => p.file),
    ...catalog.contracts.map((c) => c.file),
    ...catalog.policies.map((p) => p.file),
  ];
  return files.map((file) => ({ params: { path: file }, props: { file } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) => {
  const file = (props as { file: string }).file;
  // The loader keeps decoded text; the download should be the file itself, BOM and line endings included.
  const bytes = await readFile(join(meshRoot(), file)).catch(async () => Buffer.from((await getCatalog()).texts.get(file) ?? '', 'utf8'));
  return new Response(bytes, { headers: { 'Content-Type': 'text/yaml; charset=utf-8' } });
};
