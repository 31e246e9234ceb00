import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { apiTokenSchema, createApiToken, listApiTokens, revokeApiToken } from '$lib/server/auth/api-tokens.service';
import { failForm, failFromService, keepValues, parseWith, queryParam, readForm } from '$lib/server/forms';
import { ctxOf, requireUser } from '$lib/server/http';
import { formatDate, formatDateTime } from '../dates';

const revokeSchema = z.object({ id: z.string().min(1, 'required').max(64, 'invalid') });

export const load: PageServerLoad = async (event) => {
	const userId = requireUser(event);
	const locale = event.locals.locale;
	const ctx = await ctxOf();
	const now = ctx.now().getTime();
	const tokens = (await listApiTokens(ctx, userId)).map((t) => ({
		id: t.id,
		name: t.name,
		created: formatDate(t.createdAt, locale),
		lastUsed: t.lastUsedAt === null ? null : formatDateTime(t.lastUsedAt, locale),
		expires: t.expiresAt === null ? null : formatDate(t.expiresAt, locale),
		expired: t.expiresAt !== null && t.expiresAt.getTime() <= now
	}));
	// Revoking takes two steps without JavaScript: the link asks, the form confirms.
	const revokeId = queryParam(event.url, 'revoke');
	return {
		tokens,
		confirmRevoke: tokens.find((t) => t.id === revokeId) ?? null,
		revoked: queryParam(event.url, 'revoked') === '1',
		apiBase: `${event.url.origin}/api/v1/`
	};
};

export const actions: Actions = {
	create: async (event) => {
		const userId = requireUser(event);
		const input = await readForm(event.request);
		const values = keepValues(input);
		const parsed = parseWith(apiTokenSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		let created;
		try {
			created = await createApiToken(await ctxOf(), userId, parsed.data);
		} catch (e) {
			return failFromService(e, values);
		}
		// Shown in this response only, never put in a URL: only its hash is kept.
		return { created: { name: parsed.data.name, token: created.token } };
	},
	revoke: async (event) => {
		const userId = requireUser(event);
		const input = await readForm(event.request);
		const parsed = parseWith(revokeSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, {});
		try {
			await revokeApiToken(await ctxOf(), userId, parsed.data.id);
		} catch (e) {
			return failFromService(e, {});
		}
		redirect(303, '/account/tokens?revoked=1');
	}
};
