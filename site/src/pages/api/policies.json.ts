import type { APIRoute } from 'astro';
import { policiesDocument } from '../../lib/api.ts';
import { getCatalog } from '../../lib/mesh.ts';

export const GET: APIRoute = async () => Response.json(policiesDocument(await getCatalog()));
