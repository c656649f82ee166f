import type { APIRoute } from 'astro';
import { openApi } from '../../lib/api.ts';
import { getCatalog } from '../../lib/mesh.ts';
import { createUrls } from '../../lib/urls.ts';

export const GET: APIRoute = async () => Response.json(openApi(await getCatalog(), createUrls(import.meta.env.BASE_URL)));
