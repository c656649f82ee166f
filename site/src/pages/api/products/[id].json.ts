import type { APIRoute, GetStaticPaths } from 'astro';
import { productDocument } from '../../../lib/api.ts';
import { getCatalog } from '../../../lib/mesh.ts';
import { createUrls } from '../../../lib/urls.ts';

export const getStaticPaths = (async () => (await getCatalog()).products.map((product) => ({ params: { id: product.id } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const catalog = await getCatalog();
  return Response.json(productDocument(catalog, catalog.productById.get(params.id!)!, createUrls(import.meta.env.BASE_URL)));
};
