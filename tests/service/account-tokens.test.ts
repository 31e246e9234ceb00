import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { buildUser } from '../helpers/factories';
import {
	API_TOKEN_PREFIX,
	apiTokenSchema,
	authenticateApiToken,
	createApiToken,
	listApiTokens,
	revokeApiToken
} from '../../src/lib/server/auth/api-tokens.service';
import { sha256Hex } from '../../src/lib/server/auth/tokens';
import type { Ctx } from '../../src/lib/server/context';
import { parseWith } from '../../src/lib/server/forms';
import { outcome } from '../helpers/outcome';

const DAY = 24 * 60 * 60 * 1000;

describe.each(DIALECTS)('personal API tokens on %s', (dialect) => {
	let t: TestDb;
	let ctx: Ctx;
	beforeAll(async () => {
		t = await createTestDb(dialect);
		ctx = t.ctx;
	});
	afterAll(async () => t.close());

	it('authenticates its owner and is stored only as a SHA-256 hash', async () => {
		const user = await buildUser(ctx, { displayName: 'Rosa M.', locale: 'es' });
		const { token, id } = await createApiToken(ctx, user.id, { name: 'pantry sheet', expiresInDays: null });
		expect(token.startsWith(API_TOKEN_PREFIX)).toBe(true);

		const rows = await ctx.db.selectFrom('api_tokens').selectAll().where('user_id', '=', user.id).execute();
		expect(rows).toHaveLength(1);
		expect(rows[0]?.id).toBe(id);
		expect(rows[0]?.token_hash).toBe(sha256Hex(token));
		expect(JSON.stringify(rows)).not.toContain(token);
		expect(JSON.stringify(rows)).not.toContain(token.slice(API_TOKEN_PREFIX.length));

		expect(await authenticateApiToken(ctx, token)).toEqual({
			id: user.id,
			username: user.username,
			displayName: 'Rosa M.',
			locale: 'es',
			isInstanceAdmin: false
		});
		expect(await authenticateApiToken(ctx, sha256Hex(token))).toBeNull();
		expect(await authenticateApiToken(ctx, `${API_TOKEN_PREFIX}not-a-real-token`)).toBeNull();
		expect(await authenticateApiToken(ctx, token.slice(API_TOKEN_PREFIX.length))).toBeNull();
	});

	it('lists name, creation, last use and expiry, and records use at most once a minute', async () => {
		const user = await buildUser(ctx);
		const created = ctx.now();
		const { token } = await createApiToken(ctx, user.id, { name: 'rota script', expiresInDays: 30 });
		const [before] = await listApiTokens(ctx, user.id);
		expect(before).toMatchObject({ name: 'rota script', lastUsedAt: null });
		expect(before?.createdAt.getTime()).toBe(created.getTime());
		expect(before?.expiresAt?.getTime()).toBe(created.getTime() + 30 * DAY);

		t.clock.advance(5000);
		const firstUse = ctx.now();
		await authenticateApiToken(ctx, token);
		t.clock.advance(30_000);
		await authenticateApiToken(ctx, token);
		expect((await listApiTokens(ctx, user.id))[0]?.lastUsedAt?.getTime()).toBe(firstUse.getTime());
		t.clock.advance(60_000);
		await authenticateApiToken(ctx, token);
		expect((await listApiTokens(ctx, user.id))[0]?.lastUsedAt?.getTime()).toBe(ctx.now().getTime());
	});

	it('stops working when it expires', async () => {
		const user = await buildUser(ctx);
		const { token } = await createApiToken(ctx, user.id, { name: 'short lived', expiresInDays: 2 });
		t.clock.advance(2 * DAY - 1000);
		expect(await authenticateApiToken(ctx, token)).not.toBeNull();
		t.clock.advance(1000);
		expect(await authenticateApiToken(ctx, token)).toBeNull();
	});

	it('is revoked by its owner only, and then stops working', async () => {
		const owner = await buildUser(ctx);
		const stranger = await buildUser(ctx);
		const { token, id } = await createApiToken(ctx, owner.id, { name: 'old laptop', expiresInDays: null });
		expect(await outcome(revokeApiToken(ctx, stranger.id, id))).toBe('not_found');
		expect(await authenticateApiToken(ctx, token)).not.toBeNull();
		await revokeApiToken(ctx, owner.id, id);
		expect(await authenticateApiToken(ctx, token)).toBeNull();
		expect(await listApiTokens(ctx, owner.id)).toEqual([]);
		expect(await outcome(revokeApiToken(ctx, owner.id, id))).toBe('not_found');
	});

	it('refuses a second token with the same name, whatever its case', async () => {
		const user = await buildUser(ctx);
		await createApiToken(ctx, user.id, { name: 'Pantry Sheet', expiresInDays: null });
		expect(await outcome(createApiToken(ctx, user.id, { name: 'pantry sheet', expiresInDays: null }))).toBe('token_name_taken');
		const other = await buildUser(ctx);
		expect(await outcome(createApiToken(ctx, other.id, { name: 'pantry sheet', expiresInDays: null }))).toBe('ok');
	});

	it('reads the form: an empty expiry means none, and days must be a whole number from 1', () => {
		expect(parseWith(apiTokenSchema, { name: ' sheet ', expiresInDays: '' })).toEqual({ ok: true, data: { name: 'sheet', expiresInDays: null } });
		expect(parseWith(apiTokenSchema, { name: 'sheet', expiresInDays: '30' })).toEqual({ ok: true, data: { name: 'sheet', expiresInDays: 30 } });
		expect(parseWith(apiTokenSchema, { name: 'sheet' })).toEqual({ ok: true, data: { name: 'sheet', expiresInDays: null } });
		for (const bad of ['0', '-3', '1.5', 'soon']) {
			const parsed = parseWith(apiTokenSchema, { name: 'sheet', expiresInDays: bad });
			expect(parsed.ok, bad).toBe(false);
		}
		expect(parseWith(apiTokenSchema, { name: '  ', expiresInDays: '' })).toEqual({ ok: false, errors: { name: 'required' } });
	});
});
