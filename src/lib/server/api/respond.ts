import { json, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { errorMessage } from '$lib/i18n/translate';
import { ServiceError, type ErrorCode } from '../errors';
import { hasForbiddenControls, parseWith, translateErrors } from '../forms';
import { actorOf, ctxOf } from '../http';
import { loadNetworkAccess, type NetworkAccess } from '../networks/networks.service';
import { authorize, PolicyError, type Action, type Actor, type Resource } from '../policy/policy';
import type { Ctx } from '../context';

/** Largest JSON body the API reads; anything bigger is refused before parsing. */
const MAX_BODY_BYTES = 64 * 1024;

/** An error answer: a stable code, a message in the caller's language, and messages per field. */
export class ApiError extends Error {
	constructor(
		public readonly status: number,
		public readonly code: ErrorCode | 'unsupported_media_type' | 'payload_too_large' | 'bad_json',
		public readonly fields: Record<string, ErrorCode> = {}
	) {
		super(code);
	}
}

function errorBody(code: string, fields: Record<string, ErrorCode>) {
	const message = code === 'unsupported_media_type' || code === 'payload_too_large' || code === 'bad_json' ? errorMessage('invalid') : errorMessage(code);
	return { error: { code, message, ...(Object.keys(fields).length > 0 ? { fields: translateErrors(fields) } : {}) } };
}

export interface ApiContext {
	ctx: Ctx;
	actor: Actor;
	event: RequestEvent;
}

/**
 * Wraps an endpoint: gives it the service context and the token's actor, and turns expected
 * failures (ApiError, ServiceError) into JSON 4xx answers. Anything else is a 500 logged once.
 */
export function endpoint(handler: (api: ApiContext) => Promise<Response>) {
	return async (event: RequestEvent): Promise<Response> => {
		try {
			return await handler({ ctx: await ctxOf(), actor: actorOf(event.locals), event });
		} catch (e) {
			if (e instanceof ApiError) return json(errorBody(e.code, e.fields), { status: e.status });
			if (e instanceof PolicyError) {
				const status = e.reason === 'signed_out' ? 401 : 403;
				return json(errorBody(e.reason === 'signed_out' ? 'token_required' : 'forbidden', {}), { status });
			}
			if (e instanceof ServiceError) {
				// The API is signed in with a token only: "your session has ended" would mislead.
				const code = e.code === 'signed_out' ? 'token_required' : e.code;
				if (Object.keys(e.params).length > 0) {
					const message = errorMessage(code, e.params);
					return json({ error: { code, message, ...(e.field ? { fields: { [e.field]: message } } : {}) } }, { status: e.status });
				}
				return json(errorBody(code, e.field ? { [e.field]: code } : {}), { status: e.status });
			}
			throw e;
		}
	};
}

/** Authorizes at the top of every endpoint: 401 without a valid token, 403 when not allowed. */
export function apiGuard(actor: Actor, action: Action, resource: Resource): void {
	if (authorize(actor, action, resource)) return;
	throw actor.userId === null ? new ApiError(401, 'token_required') : new ApiError(403, 'forbidden');
}

/** Reads and validates a JSON body with a schema; 415/413/400 with field messages otherwise. */
export async function readBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
	if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
		throw new ApiError(415, 'unsupported_media_type');
	}
	const text = await request.text();
	if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) throw new ApiError(413, 'payload_too_large');
	let body: unknown;
	try {
		body = text.length === 0 ? {} : JSON.parse(text);
	} catch {
		throw new ApiError(400, 'bad_json');
	}
	const parsed = parseWith(schema, body);
	if (!parsed.ok) throw new ApiError(400, 'invalid', parsed.errors);
	return parsed.data;
}

export async function apiNetwork(api: ApiContext): Promise<NetworkAccess> {
	try {
		return await loadNetworkAccess(api.ctx, api.actor, api.event.params.slug ?? '');
	} catch (e) {
		if (e instanceof ServiceError && e.code === 'not_found') throw new ApiError(404, 'network_not_found');
		throw e;
	}
}

export function publicNetwork(access: NetworkAccess, memberCount: number) {
	const n = access.network;
	return {
		slug: n.slug,
		name: n.name,
		description: n.description,
		areas: access.areas.map((a) => ({ id: a.id, name: a.name })),
		languages: n.languages,
		joinPolicy: n.joinPolicy,
		memberCount,
		createdAt: n.createdAt.toISOString()
	};
}

/** A query parameter of an API call, or null; 400 with the field's message when it holds a control character. */
export function apiQueryParam(url: URL, name: string): string | null {
	const value = url.searchParams.get(name);
	if (value !== null && hasForbiddenControls(value)) throw new ApiError(400, 'invalid', { [name]: 'control_characters' });
	return value;
}

export function pageParam(url: URL): number {
	const raw = apiQueryParam(url, 'page');
	if (raw === null) return 1;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new ApiError(400, 'invalid', { page: 'invalid' });
	return n;
}
