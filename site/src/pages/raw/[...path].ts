// Entity files exactly as they are in the repository (the "download YAML" links).
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCatalog } from '../../lib/mesh.ts';

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
  const catalog = await getCatalog();
  const file = (props as { file: string }).file;
  const text = catalog.texts.get(file) ?? '';
  return new Response(text, { headers: { 'Content-Type': 'text/yaml; charset=utf-8' } });
};
