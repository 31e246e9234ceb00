import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

// Public: where the API and its description live.
export const GET: RequestHandler = () => json({ name: 'Hearth API', version: 'v1', openapi: '/api/v1/openapi.json' });
