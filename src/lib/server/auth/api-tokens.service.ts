import { z } from 'zod';
import type { Ctx } from '../context';
import { newId } from '../db/conventions';
import { isUniqueViolation } from '../db/index';
import { ServiceError } from '../errors';
import * as repo from './api-tokens.repository';
import { newToken, sha256Hex } from './tokens';

export const API_TOKEN_PREFIX = 'hth_';
const MAX_TOKENS = 20;

export const apiTokenSchema = z.object({
	name: z.string().trim().min(1, 'required').max(60, 'too_long'),
	expiresInDays: z
		.union([z.literal(''), z.coerce.number().int('invalid').min(1, 'invalid').max(3650, 'too_long')])
		.optional()
		.transform((v) => (v === '' || v === undefined ? null : v))
});
export type ApiTokenInput = z.infer<typeof apiTokenSchema>;

/** Creates a personal API token; the token is shown once, only its SHA-256 is stored. */
export async function createApiToken(ctx: Ctx, userId: string, input: ApiTokenInput): Promise<{ token: string; id: string }> {
	if ((await repo.countApiTokens(ctx.db, userId)) >= MAX_TOKENS) throw new ServiceError('too_many_tokens', 'name', 409);
	const existing = await repo.listApiTokens(ctx.db, userId);
	if (existing.some((t) => t.name.toLowerCase() === input.name.toLowerCase())) throw new ServiceError('token_name_taken', 'name', 409);
	const token = `${API_TOKEN_PREFIX}${newToken(32)}`;
	const now = ctx.now();
	const id = newId(now);
	const expiresAt = input.expiresInDays === null ? null : new Date(now.getTime() + input.expiresInDays * 86_400_000);
	try {
		await repo.insertApiToken(ctx.db, { id, userId, name: input.name, tokenHash: sha256Hex(token), now, expiresAt });
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError('token_name_taken', 'name', 409);
		throw e;
	}
	return { token, id };
}

export async function listApiTokens(ctx: Ctx, userId: string) {
	return repo.listApiTokens(ctx.db, userId);
}

export async function revokeApiToken(ctx: Ctx, userId: string, id: string): Promise<void> {
	if (!(await repo.deleteApiToken(ctx.db, userId, id))) throw new ServiceError('not_found', undefined, 404);
}

/** Resolves `Authorization: Bearer hth_…` to its owner; expired or unknown tokens answer null. */
export async function authenticateApiToken(ctx: Ctx, token: string) {
	if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 100) return null;
	const found = await repo.findUserByApiTokenHash(ctx.db, sha256Hex(token));
	if (!found) return null;
	const now = ctx.now();
	if (found.expiresAt !== null && found.expiresAt.getTime() <= now.getTime()) return null;
	// Record use at most once a minute, so a busy client does not turn reads into writes.
	if (found.lastUsedAt === null || now.getTime() - found.lastUsedAt.getTime() > 60_000) {
		await repo.touchApiToken(ctx.db, found.tokenId, now);
	}
	return found.user;
}
