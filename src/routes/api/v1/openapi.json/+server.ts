import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { openApiDocument } from '$lib/server/api/openapi';

// Public: the API description (OpenAPI 3.1).
export const GET: RequestHandler = () => json(openApiDocument, { headers: { 'cache-control': 'public, max-age=300' } });
