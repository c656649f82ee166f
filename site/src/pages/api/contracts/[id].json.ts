import type { APIRoute, GetStaticPaths } from 'astro';
import { contractDocument } from '../../../lib/api.ts';
import { getCatalog } from '../../../lib/mesh.ts';
import { createUrls } from '../../../lib/urls.ts';

export const getStaticPaths = (async () => (await getCatalog()).contracts.map((contract) => ({ params: { id: contract.id } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const catalog = await getCatalog();
  return Response.json(contractDocument(catalog, catalog.contractById.get(params.id!)!, createUrls(import.meta.env.BASE_URL)));
};
