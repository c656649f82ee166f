import type { APIRoute } from 'astro';
import { accessDocument } from '../../lib/api.ts';
import { getCatalog } from '../../lib/mesh.ts';

export const GET: APIRoute = async () => Response.json(accessDocument(await getCatalog()));
