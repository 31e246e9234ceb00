import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { addMember, buildNetwork, buildUser } from '../helpers/factories';
import {
	changePassphrase,
	deleteAccount,
	getOwnProfile,
	listWhoViewedMyDetails,
	networksBlockingDeletion,
	recoverAccount,
	recoveryCodeStatus,
	RECOVERY_CODE_COUNT,
	regenerateRecoveryCodes,
	setPreferredLocale,
	signIn,
	signUp,
	updateProfile
} from '../../src/lib/server/accounts/accounts.service';
import { signUpSchema } from '../../src/lib/server/accounts/accounts.schema';
import { createApiToken } from '../../src/lib/server/auth/api-tokens.service';
import { DEVICE_PEOPLE, deviceCookieAfterSignIn, trustedDevice } from '../../src/lib/server/auth/devices';
import { WorkLimiter } from '../../src/lib/server/auth/work-limit';
import { countActiveSessions, resumeSession, startSession } from '../../src/lib/server/auth/sessions.service';
import { sha256Hex } from '../../src/lib/server/auth/tokens';
import type { Ctx } from '../../src/lib/server/context';
import { ServiceError } from '../../src/lib/server/errors';
import { parseWith } from '../../src/lib/server/forms';
import { readPrivate } from '../../src/lib/server/privacy/private-fields';
import { outcome } from '../helpers/outcome';

const MINUTE = 60 * 1000;

async function failure(p: Promise<unknown>): Promise<ServiceError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof ServiceError) return e;
		throw e;
	}
	throw new Error('expected a ServiceError, but the call succeeded');
}

let seq = 0;
/** A sign-in name no other test uses, so rate limits (keyed by name) never leak between tests. */
function uniqueName(prefix: string): string {
	seq += 1;
	return `${prefix}-${seq}`;
}

function signUpInput(username: string, passphrase: string, over: { displayName?: string; email?: string | null } = {}) {
	return {
		username,
		displayName: over.displayName ?? 'Rosa M.',
		email: over.email ?? null,
		passphrase,
		passphraseConfirm: passphrase
	};
}

describe.each(DIALECTS)('accounts on %s', (dialect) => {
	let t: TestDb;
	let ctx: Ctx;
	beforeAll(async () => {
		t = await createTestDb(dialect);
		ctx = t.ctx;
	});
	afterAll(async () => t.close());

	describe('sign-up', () => {
		it('creates the account, a session and ten recovery codes stored only as keyed hashes', async () => {
			const username = uniqueName('rosa');
			const result = await signUp(ctx, signUpInput(username, 'blue kettle on tuesdays'), 'es');
			expect(result.recoveryCodes).toHaveLength(RECOVERY_CODE_COUNT);
			expect(new Set(result.recoveryCodes).size).toBe(RECOVERY_CODE_COUNT);
			for (const code of result.recoveryCodes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);

			const user = await ctx.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
			expect(user.id).toBe(result.userId);
			expect(user.locale).toBe('es');
			expect(user.password_hash).toMatch(/^\$argon2id\$/);
			expect(user.password_hash).not.toContain('blue kettle');

			const rows = await ctx.db.selectFrom('recovery_codes').selectAll().where('user_id', '=', result.userId).execute();
			expect(rows).toHaveLength(RECOVERY_CODE_COUNT);
			const stored = JSON.stringify(rows);
			for (const code of result.recoveryCodes) {
				expect(stored).not.toContain(code);
				expect(stored).not.toContain(code.replaceAll('-', ''));
			}
			for (const r of rows) {
				expect(r.code_hash).toMatch(/^[0-9a-f]{64}$/);
				expect(r.used_at).toBeNull();
			}

			const resumed = await resumeSession(ctx, result.session.token);
			expect(resumed?.session.userId).toBe(result.userId);
		});

		it('refuses a sign-in name that is taken, whatever its case', async () => {
			const username = uniqueName('lin');
			await signUp(ctx, signUpInput(username, 'green lanterns at dusk'), null);
			const again = await failure(signUp(ctx, signUpInput(username, 'another fine passphrase'), null));
			expect(again.code).toBe('username_taken');
			expect(again.field).toBe('username');
			expect(again.status).toBe(409);

			// The form lowercases the name before the service sees it.
			const parsed = parseWith(signUpSchema, { ...signUpInput(username.toUpperCase(), 'another fine passphrase'), email: '' });
			if (!parsed.ok) throw new Error(`schema refused: ${JSON.stringify(parsed.errors)}`);
			expect(await outcome(signUp(ctx, parsed.data, null))).toBe('username_taken');
		});

		it('lets exactly one of two simultaneous sign-ups with the same name through', async () => {
			const username = uniqueName('race');
			const results = await Promise.all([
				outcome(signUp(ctx, signUpInput(username, 'first of two racers'), null)),
				outcome(signUp(ctx, signUpInput(username, 'second of two racers'), null))
			]);
			expect(results.sort()).toEqual(['ok', 'username_taken']);
			const n = await ctx.db.selectFrom('users').select('id').where('username', '=', username).execute();
			expect(n).toHaveLength(1);
		});

		it('refuses weak passphrases with a code for each reason', async () => {
			const cases: [string, { displayName?: string }, string][] = [
				['short one', {}, 'passphrase_too_short'],
				['password123', {}, 'passphrase_too_common'],
				['Contraseña123', {}, 'passphrase_too_common'],
				['aaaaaaaaaaaa', {}, 'passphrase_too_common'],
				['Guadalupe Rivera', { displayName: 'Guadalupe Rivera' }, 'passphrase_contains_name']
			];
			for (const [passphrase, over, code] of cases) {
				const e = await failure(signUp(ctx, signUpInput(uniqueName('weak'), passphrase, over), null));
				expect(e.code, passphrase).toBe(code);
				expect(e.field).toBe('passphrase');
			}
			// The sign-in name itself, with a number tacked on, is no passphrase either.
			const username = 'mariposa-azul';
			expect(await outcome(signUp(ctx, signUpInput(username, `${username}2024!`), null))).toBe('passphrase_contains_name');
			expect(await ctx.db.selectFrom('users').select('id').where('username', 'like', 'weak-%').execute()).toHaveLength(0);
		});

		it('checks that the two passphrases match before anything else', () => {
			const parsed = parseWith(signUpSchema, {
				displayName: 'Ana',
				username: 'ana',
				email: '',
				passphrase: 'one two three four',
				passphraseConfirm: 'one two three five'
			});
			expect(parsed).toEqual({ ok: false, errors: { passphraseConfirm: 'passphrase_mismatch' } });
		});
	});

	describe('sign-in', () => {
		it('signs in with the right passphrase and returns the saved language', async () => {
			const user = await buildUser(ctx, { username: uniqueName('amina'), passphrase: 'river stones and tea', locale: 'es' });
			const result = await signIn(ctx, { username: user.username, passphrase: 'river stones and tea' });
			expect(result.userId).toBe(user.id);
			expect(result.locale).toBe('es');
			expect((await resumeSession(ctx, result.session.token))?.session.userId).toBe(user.id);
		});

		it('gives the same answer for a wrong passphrase and for an unknown name', async () => {
			const user = await buildUser(ctx, { username: uniqueName('ife'), passphrase: 'lanterns over the bridge' });
			const wrong = await failure(signIn(ctx, { username: user.username, passphrase: 'lanterns over the river' }));
			const unknown = await failure(signIn(ctx, { username: uniqueName('nobody'), passphrase: 'lanterns over the river' }));
			for (const e of [wrong, unknown]) {
				expect(e.code).toBe('wrong_credentials');
				expect(e.field).toBeUndefined();
				expect(e.status).toBe(400);
			}
			expect(wrong.message).toBe(unknown.message);
		});

		it('follows the saved language chosen later', async () => {
			const user = await buildUser(ctx, { username: uniqueName('sam'), passphrase: 'quiet library mornings', locale: null });
			await setPreferredLocale(ctx, user.id, 'es');
			const result = await signIn(ctx, { username: user.username, passphrase: 'quiet library mornings' });
			expect(result.locale).toBe('es');
		});

		it('stops guessing after 10 attempts, even with the right passphrase, until the window passes', async () => {
			const user = await buildUser(ctx, { username: uniqueName('marcus'), passphrase: 'room twelve paper cranes' });
			for (let i = 0; i < 10; i++) {
				expect(await outcome(signIn(ctx, { username: user.username, passphrase: `guess number ${i}` }))).toBe('wrong_credentials');
			}
			const limited = await failure(signIn(ctx, { username: user.username, passphrase: 'room twelve paper cranes' }));
			expect(limited.code).toBe('rate_limited');
			expect(limited.status).toBe(429);
			t.clock.advance(15 * MINUTE + 1000);
			expect(await outcome(signIn(ctx, { username: user.username, passphrase: 'room twelve paper cranes' }))).toBe('ok');
		});

		it('counts attempts on unknown names too, so guessing names is limited as well', async () => {
			const name = uniqueName('ghost');
			for (let i = 0; i < 10; i++) await outcome(signIn(ctx, { username: name, passphrase: `guess number ${i}` }));
			expect(await outcome(signIn(ctx, { username: name, passphrase: 'guess number 11' }))).toBe('rate_limited');
		});

		it('shares the limit between app processes using the same database', async () => {
			const user = await buildUser(ctx, { username: uniqueName('guadalupe'), passphrase: 'sunflowers by the fence' });
			const other = t.openAnother();
			try {
				const otherCtx: Ctx = { ...ctx, db: other.db };
				for (let i = 0; i < 10; i++) {
					expect(await outcome(signIn(otherCtx, { username: user.username, passphrase: `guess number ${i}` }))).toBe('wrong_credentials');
				}
				expect(await outcome(signIn(ctx, { username: user.username, passphrase: 'sunflowers by the fence' }))).toBe('rate_limited');
			} finally {
				await other.close();
			}
		});

		it('lets no more than 10 of many simultaneous attempts through', async () => {
			const user = await buildUser(ctx, { username: uniqueName('rush'), passphrase: 'twelve doors at once' });
			const results = await Promise.all(
				Array.from({ length: 14 }, (_, i) => outcome(signIn(ctx, { username: user.username, passphrase: `guess number ${i}` })))
			);
			expect(results.filter((r) => r === 'wrong_credentials')).toHaveLength(10);
			expect(results.filter((r) => r === 'rate_limited')).toHaveLength(4);
		});

		it('forgets earlier failures after a successful sign-in', async () => {
			const user = await buildUser(ctx, { username: uniqueName('tom'), passphrase: 'orchard ladder rungs' });
			for (let i = 0; i < 9; i++) await outcome(signIn(ctx, { username: user.username, passphrase: `guess number ${i}` }));
			expect(await outcome(signIn(ctx, { username: user.username, passphrase: 'orchard ladder rungs' }))).toBe('ok');
			for (let i = 0; i < 9; i++) {
				expect(await outcome(signIn(ctx, { username: user.username, passphrase: `guess number ${i}` }))).toBe('wrong_credentials');
			}
		});
	});

	describe('a browser the person signed in on before', () => {
		/** Ten wrong passphrases from anywhere: the name is locked for everyone without a device cookie. */
		async function lockName(username: string): Promise<void> {
			for (let i = 0; i < 10; i++) expect(await outcome(signIn(ctx, { username, passphrase: `guess number ${i}` }))).toBe('wrong_credentials');
			expect(await outcome(signIn(ctx, { username, passphrase: 'guess number 10' }))).toBe('rate_limited');
		}

		it('still gets the person in while someone else has locked their sign-in name, over and over', async () => {
			const user = await buildUser(ctx, { username: uniqueName('lupe'), passphrase: 'marigolds on the sill' });
			const first = await signIn(ctx, { username: user.username, passphrase: 'marigolds on the sill' });
			await lockName(user.username);
			const again = await signIn(ctx, { username: user.username, passphrase: 'marigolds on the sill' }, first.device);
			expect(again.userId).toBe(user.id);
			// The attacker keeps going; the name stays locked for every other browser.
			await lockName(user.username).catch(() => undefined);
			expect(await outcome(signIn(ctx, { username: user.username, passphrase: 'marigolds on the sill' }))).toBe('rate_limited');
			expect(await outcome(signIn(ctx, { username: user.username, passphrase: 'marigolds on the sill' }, again.device))).toBe('ok');
		});

		it('keeps guessing bounded on that browser too: ten wrong tries lock it for that person', async () => {
			const user = await buildUser(ctx, { username: uniqueName('ines'), passphrase: 'kettle on the stove' });
			const { device } = await signIn(ctx, { username: user.username, passphrase: 'kettle on the stove' });
			for (let i = 0; i < 10; i++) {
				expect(await outcome(signIn(ctx, { username: user.username, passphrase: `guess number ${i}` }, device))).toBe('wrong_credentials');
			}
			expect(await outcome(signIn(ctx, { username: user.username, passphrase: 'kettle on the stove' }, device))).toBe('rate_limited');
			// Its tries did not use up the name's limit: another browser still gets in.
			expect(await outcome(signIn(ctx, { username: user.username, passphrase: 'kettle on the stove' }))).toBe('ok');
		});

		it('opens only the names that signed in on it, and no forged or altered cookie opens any', async () => {
			const a = await buildUser(ctx, { username: uniqueName('ana'), passphrase: 'blue door green gate' });
			const b = await buildUser(ctx, { username: uniqueName('bea'), passphrase: 'red door white gate' });
			const { device } = await signIn(ctx, { username: a.username, passphrase: 'blue door green gate' });
			expect(trustedDevice(ctx, device, a.id)).not.toBeNull();
			expect(trustedDevice(ctx, device, b.id)).toBeNull();
			await lockName(b.username);
			expect(await outcome(signIn(ctx, { username: b.username, passphrase: 'red door white gate' }, device))).toBe('rate_limited');
			const [id] = device.split('.');
			for (const forged of [`${id}.${'0'.repeat(32)}`, `${'A'.repeat(22)}.${device.split('.')[1]}`, `${device}~`, 'junk', `${device}.x`, '']) {
				expect(trustedDevice(ctx, forged, a.id), forged).toBeNull();
			}
			// Another instance's key makes other tags.
			expect(trustedDevice({ secrets: { ...ctx.secrets, hmacKey: Buffer.alloc(32, 7) } }, device, a.id)).toBeNull();
		});

		it('remembers the last few people of a shared phone, the most recent first', () => {
			let cookie: string | null = null;
			const people = Array.from({ length: DEVICE_PEOPLE + 1 }, (_, i) => `person-${i}`);
			for (const p of people) cookie = deviceCookieAfterSignIn(ctx, cookie, p);
			expect(trustedDevice(ctx, cookie, people[0]!)).toBeNull();
			for (const p of people.slice(1)) expect(trustedDevice(ctx, cookie, p), p).not.toBeNull();
			// Signing in again moves a person to the front instead of adding them twice.
			const again = deviceCookieAfterSignIn(ctx, cookie, people[1]!);
			expect(again.split('.')[1]!.split('~')).toHaveLength(DEVICE_PEOPLE);
			expect(again.split('.')[0]).toBe(cookie!.split('.')[0]);
		});

		it('lets a recovery code work from that browser while the name is locked for recovery', async () => {
			const user = await buildUser(ctx, { username: uniqueName('rocio'), passphrase: 'lemon tree by the wall' });
			const { device } = await signIn(ctx, { username: user.username, passphrase: 'lemon tree by the wall' });
			const [code] = user.recoveryCodes;
			if (code === undefined) throw new Error('no codes');
			const recovery = (c: string, d: string | null = null) =>
				recoverAccount(ctx, { username: user.username, code: c, passphrase: 'a brand new passphrase', passphraseConfirm: 'a brand new passphrase' }, d);
			for (let i = 0; i < 10; i++) expect(await outcome(recovery(`zzzz-zzzz-zz${i}${i}`))).toBe('wrong_recovery_code');
			expect(await outcome(recovery(code))).toBe('rate_limited');
			const recovered = await recovery(code, device);
			expect(recovered.userId).toBe(user.id);
			expect(trustedDevice(ctx, recovered.device, user.id)).not.toBeNull();
		});
	});

	describe('passphrase work is bounded per process', () => {
		it('runs at most the limit at once, queues a few, and tells the rest the server is busy (503)', async () => {
			const user = await buildUser(ctx, { username: uniqueName('rush-hour'), passphrase: 'many hands at once' });
			const limiter = new WorkLimiter(1, 2);
			const bounded: Ctx = { ...ctx, passphraseWork: limiter };
			const attempts = Array.from({ length: 6 }, (_, i) => failure(signIn(bounded, { username: `${user.username}-${i}`, passphrase: 'not a real one' })));
			const codes = (await Promise.all(attempts)).map((e) => `${e.code}:${e.status}`);
			expect(codes.filter((c) => c === 'wrong_credentials:400')).toHaveLength(3);
			expect(codes.filter((c) => c === 'busy:503')).toHaveLength(3);
			expect(limiter.load).toEqual({ running: 0, waiting: 0 });
			// Once the burst has passed, the next one goes straight through.
			expect(await outcome(signIn(bounded, { username: user.username, passphrase: 'many hands at once' }))).toBe('ok');
		});

		it('frees its place when the work fails', async () => {
			const limiter = new WorkLimiter(1, 0);
			await expect(limiter.run(() => Promise.reject(new Error('argon2 gave up')))).rejects.toThrow('argon2 gave up');
			expect(await limiter.run(() => Promise.resolve('next'))).toBe('next');
			expect(limiter.load).toEqual({ running: 0, waiting: 0 });
		});
	});

	describe('changing the passphrase', () => {
		it('ends every other session but keeps the current one', async () => {
			const user = await buildUser(ctx, { username: uniqueName('nia'), passphrase: 'copper pots on hooks' });
			const here = await startSession(ctx, user.id);
			const phone = await startSession(ctx, user.id);
			const library = await startSession(ctx, user.id);
			const result = await changePassphrase(ctx, user.id, sha256Hex(here.token), {
				current: 'copper pots on hooks',
				passphrase: 'silver spoons in drawers',
				passphraseConfirm: 'silver spoons in drawers'
			});
			expect(result.endedSessions).toBe(2);
			expect(await resumeSession(ctx, here.token)).not.toBeNull();
			expect(await resumeSession(ctx, phone.token)).toBeNull();
			expect(await resumeSession(ctx, library.token)).toBeNull();
			expect(await countActiveSessions(ctx, user.id)).toBe(1);
			expect(await outcome(signIn(ctx, { username: user.username, passphrase: 'copper pots on hooks' }))).toBe('wrong_credentials');
			expect(await outcome(signIn(ctx, { username: user.username, passphrase: 'silver spoons in drawers' }))).toBe('ok');
		});

		it('refuses a wrong current passphrase and a weak new one, changing nothing', async () => {
			const user = await buildUser(ctx, { username: uniqueName('omar'), displayName: 'Omar Haddad', passphrase: 'desert rain in april' });
			const here = await startSession(ctx, user.id);
			const other = await startSession(ctx, user.id);
			const wrong = await failure(
				changePassphrase(ctx, user.id, sha256Hex(here.token), {
					current: 'desert rain in may',
					passphrase: 'a brand new phrase',
					passphraseConfirm: 'a brand new phrase'
				})
			);
			expect([wrong.code, wrong.field]).toEqual(['wrong_passphrase', 'current']);
			const weak = await failure(
				changePassphrase(ctx, user.id, sha256Hex(here.token), { current: 'desert rain in april', passphrase: 'Omar Haddad', passphraseConfirm: 'Omar Haddad' })
			);
			expect([weak.code, weak.field]).toEqual(['passphrase_contains_name', 'passphrase']);
			expect(await resumeSession(ctx, other.token)).not.toBeNull();
			expect(await outcome(signIn(ctx, { username: user.username, passphrase: 'desert rain in april' }))).toBe('ok');
		});
	});

	describe('recovery codes', () => {
		it('resets the passphrase with a code that then stops working, and ends every session', async () => {
			const user = await buildUser(ctx, { username: uniqueName('ada'), passphrase: 'forgotten long ago' });
			const [code] = user.recoveryCodes;
			if (code === undefined) throw new Error('no codes');
			const old = await startSession(ctx, user.id);

			const wrong = await failure(
				recoverAccount(ctx, { username: user.username, code: 'aaaa-bbbb-cccc', passphrase: 'remembered at last', passphraseConfirm: 'remembered at last' })
			);
			expect([wrong.code, wrong.field]).toEqual(['wrong_recovery_code', 'code']);

			// Case, spaces and dashes do not matter when typing a code.
			const typed = code.toUpperCase().replaceAll('-', ' ');
			const result = await recoverAccount(ctx, {
				username: user.username,
				code: typed,
				passphrase: 'remembered at last',
				passphraseConfirm: 'remembered at last'
			});
			expect(result.userId).toBe(user.id);
			expect(result.remainingCodes).toBe(RECOVERY_CODE_COUNT - 1);
			expect(await resumeSession(ctx, old.token)).toBeNull();
			expect(await resumeSession(ctx, result.session.token)).not.toBeNull();
			expect(await outcome(signIn(ctx, { username: user.username, passphrase: 'remembered at last' }))).toBe('ok');
			expect(await recoveryCodeStatus(ctx, user.id)).toMatchObject({ total: RECOVERY_CODE_COUNT, unused: RECOVERY_CODE_COUNT - 1 });

			const again = await failure(
				recoverAccount(ctx, { username: user.username, code, passphrase: 'stolen code reused', passphraseConfirm: 'stolen code reused' })
			);
			expect(again.code).toBe('wrong_recovery_code');
			expect(await outcome(signIn(ctx, { username: user.username, passphrase: 'remembered at last' }))).toBe('ok');
		});

		it('answers an unknown name like a wrong code, and keeps the code when the new passphrase is weak', async () => {
			const user = await buildUser(ctx, { username: uniqueName('bea'), passphrase: 'paper boats drifting' });
			const [code] = user.recoveryCodes;
			if (code === undefined) throw new Error('no codes');
			expect(
				await outcome(recoverAccount(ctx, { username: uniqueName('nobody'), code, passphrase: 'remembered at last', passphraseConfirm: 'remembered at last' }))
			).toBe('wrong_recovery_code');
			expect(await outcome(recoverAccount(ctx, { username: user.username, code, passphrase: 'password123', passphraseConfirm: 'password123' }))).toBe(
				'passphrase_too_common'
			);
			expect(
				await outcome(recoverAccount(ctx, { username: user.username, code, passphrase: 'remembered at last', passphraseConfirm: 'remembered at last' }))
			).toBe('ok');
		});

		it('lets exactly one of two simultaneous recoveries with the same code succeed', async () => {
			const user = await buildUser(ctx, { username: uniqueName('twin'), passphrase: 'two hands one code' });
			const [code] = user.recoveryCodes;
			if (code === undefined) throw new Error('no codes');
			const results = await Promise.all([
				outcome(recoverAccount(ctx, { username: user.username, code, passphrase: 'first hand wins it', passphraseConfirm: 'first hand wins it' })),
				outcome(recoverAccount(ctx, { username: user.username, code, passphrase: 'second hand wins it', passphraseConfirm: 'second hand wins it' }))
			]);
			expect(results.sort()).toEqual(['ok', 'wrong_recovery_code']);
			expect((await recoveryCodeStatus(ctx, user.id)).unused).toBe(RECOVERY_CODE_COUNT - 1);
			const winners = await Promise.all([
				outcome(signIn(ctx, { username: user.username, passphrase: 'first hand wins it' })),
				outcome(signIn(ctx, { username: user.username, passphrase: 'second hand wins it' }))
			]);
			expect(winners.sort()).toEqual(['ok', 'wrong_credentials']);
		});

		it('limits recovery guesses per sign-in name', async () => {
			const user = await buildUser(ctx, { username: uniqueName('guess'), passphrase: 'many wrong codes here' });
			const [code] = user.recoveryCodes;
			if (code === undefined) throw new Error('no codes');
			for (let i = 0; i < 10; i++) {
				await outcome(
					recoverAccount(ctx, {
						username: user.username,
						code: `zzzz-zzzz-zz${i}${i}`,
						passphrase: 'remembered at last',
						passphraseConfirm: 'remembered at last'
					})
				);
			}
			const limited = await failure(
				recoverAccount(ctx, { username: user.username, code, passphrase: 'remembered at last', passphraseConfirm: 'remembered at last' })
			);
			expect([limited.code, limited.status]).toEqual(['rate_limited', 429]);
		});

		it('makes a new set on request, after the passphrase, and the old set stops working', async () => {
			const user = await buildUser(ctx, { username: uniqueName('kofi'), passphrase: 'drums at the market' });
			const [oldCode] = user.recoveryCodes;
			if (oldCode === undefined) throw new Error('no codes');
			expect(await outcome(regenerateRecoveryCodes(ctx, user.id, 'drums at the park'))).toBe('wrong_passphrase');
			const fresh = await regenerateRecoveryCodes(ctx, user.id, 'drums at the market');
			expect(fresh).toHaveLength(RECOVERY_CODE_COUNT);
			expect(fresh).not.toContain(oldCode);
			expect(await recoveryCodeStatus(ctx, user.id)).toMatchObject({ total: RECOVERY_CODE_COUNT, unused: RECOVERY_CODE_COUNT });
			expect(
				await outcome(recoverAccount(ctx, { username: user.username, code: oldCode, passphrase: 'a new start today', passphraseConfirm: 'a new start today' }))
			).toBe('wrong_recovery_code');
			const [newCode] = fresh;
			if (newCode === undefined) throw new Error('no codes');
			expect(
				await outcome(recoverAccount(ctx, { username: user.username, code: newCode, passphrase: 'a new start today', passphraseConfirm: 'a new start today' }))
			).toBe('ok');
		});
	});

	describe('passphrase confirmations share one limit', () => {
		it('stops passphrase guesses through new recovery codes and account deletion alike', async () => {
			const user = await buildUser(ctx, { username: uniqueName('stolen'), passphrase: 'only the owner knows' });
			for (let i = 0; i < 5; i++) expect(await outcome(regenerateRecoveryCodes(ctx, user.id, `guess number ${i}`))).toBe('wrong_passphrase');
			for (let i = 5; i < 10; i++) expect(await outcome(deleteAccount(ctx, user.id, `guess number ${i}`))).toBe('wrong_passphrase');
			const limited = await failure(regenerateRecoveryCodes(ctx, user.id, 'only the owner knows'));
			expect([limited.code, limited.status]).toEqual(['rate_limited', 429]);
			expect(await outcome(deleteAccount(ctx, user.id, 'only the owner knows'))).toBe('rate_limited');
			const session = await startSession(ctx, user.id);
			expect(
				await outcome(
					changePassphrase(ctx, user.id, sha256Hex(session.token), {
						current: 'only the owner knows',
						passphrase: 'a different phrase now',
						passphraseConfirm: 'a different phrase now'
					})
				)
			).toBe('rate_limited');
			t.clock.advance(15 * MINUTE + 1000);
			expect(await outcome(regenerateRecoveryCodes(ctx, user.id, 'only the owner knows'))).toBe('ok');
		});
	});

	describe('profile and private email', () => {
		it('stores the email encrypted and shows it to its owner without logging that', async () => {
			const email = `rosa.${uniqueName('m')}@example.org`;
			const username = uniqueName('private');
			const { userId } = await signUp(ctx, signUpInput(username, 'secret garden gate', { email }), null);
			const raw = await ctx.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
			expect(raw.email_enc).not.toBeNull();
			expect(raw.email_enc).toMatch(/^v1\./);
			expect(JSON.stringify(raw)).not.toContain(email);
			expect(JSON.stringify(raw)).not.toContain('example.org');

			const profile = await getOwnProfile(ctx, userId);
			expect(profile.email).toBe(email);
			expect(profile.recoveryCodes).toEqual({ total: RECOVERY_CODE_COUNT, unused: RECOVERY_CODE_COUNT });
			expect(await listWhoViewedMyDetails(ctx, userId)).toEqual([]);

			if (t.sqliteFile !== undefined) {
				// A raw look at the database file (and its write-ahead log) shows no plaintext email,
				// while the sign-in name, stored in the clear, is found: the scan does see the row.
				const bytes = Buffer.concat([t.sqliteFile, `${t.sqliteFile}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
				expect(bytes.includes(Buffer.from(username, 'utf8'))).toBe(true);
				expect(bytes.includes(Buffer.from(email, 'utf8'))).toBe(false);
				expect(bytes.includes(Buffer.from('example.org', 'utf8'))).toBe(false);
			}
		});

		it('updates the name and email, and an empty email removes it', async () => {
			const user = await buildUser(ctx, { username: uniqueName('edit'), displayName: 'Old Name', email: 'old@example.org' });
			await updateProfile(ctx, user.id, { displayName: 'New Name', email: 'new@example.org' });
			expect(await getOwnProfile(ctx, user.id)).toMatchObject({ displayName: 'New Name', email: 'new@example.org' });
			await updateProfile(ctx, user.id, { displayName: 'New Name', email: null });
			expect((await getOwnProfile(ctx, user.id)).email).toBeNull();
			const raw = await ctx.db.selectFrom('users').select('email_enc').where('id', '=', user.id).executeTakeFirstOrThrow();
			expect(raw.email_enc).toBeNull();
		});

		it('lists who else read a private detail, naming them', async () => {
			const owner = await buildUser(ctx, { username: uniqueName('subject'), email: 'subject@example.org' });
			const reader = await buildUser(ctx, { username: uniqueName('reader'), displayName: 'Marcus (Room 12)' });
			const raw = await ctx.db.selectFrom('users').select('email_enc').where('id', '=', owner.id).executeTakeFirstOrThrow();
			const seen = await readPrivate(
				ctx,
				ctx.db,
				reader.id,
				{ resource: 'users', resourceId: owner.id, field: 'email', ownerId: owner.id, networkId: null },
				raw.email_enc,
				'delivery'
			);
			expect(seen).toBe('subject@example.org');
			const log = await listWhoViewedMyDetails(ctx, owner.id);
			expect(log).toHaveLength(1);
			expect(log[0]).toMatchObject({ actorName: 'Marcus (Room 12)', resource: 'users', field: 'email', purpose: 'delivery' });
			expect(await listWhoViewedMyDetails(ctx, reader.id)).toEqual([]);
		});
	});

	describe('deleting an account', () => {
		it('is refused while the person is the only admin of a network, and allowed once another admin exists', async () => {
			const admin = await buildUser(ctx, { username: uniqueName('admin'), passphrase: 'keys to the pantry' });
			const helper = await buildUser(ctx, { username: uniqueName('helper') });
			const network = await buildNetwork(ctx, admin.id, { name: 'Maple Street Pantry' });
			await addMember(ctx, network.id, helper.id, 'neighbor');
			await startSession(ctx, admin.id);
			await createApiToken(ctx, admin.id, { name: 'spreadsheet', expiresInDays: null });

			expect(await networksBlockingDeletion(ctx, admin.id)).toEqual([{ id: network.id, name: 'Maple Street Pantry' }]);
			const refused = await failure(deleteAccount(ctx, admin.id, 'keys to the pantry'));
			expect([refused.code, refused.status, refused.field]).toEqual(['last_admin', 409, undefined]);
			expect(await outcome(deleteAccount(ctx, admin.id, 'keys to the shed'))).toBe('wrong_passphrase');

			await ctx.db.updateTable('memberships').set({ role: 'admin' }).where('network_id', '=', network.id).where('user_id', '=', helper.id).execute();
			expect(await networksBlockingDeletion(ctx, admin.id)).toEqual([]);
			await deleteAccount(ctx, admin.id, 'keys to the pantry');

			expect(await ctx.db.selectFrom('users').select('id').where('id', '=', admin.id).execute()).toEqual([]);
			for (const table of ['sessions', 'memberships', 'api_tokens', 'recovery_codes'] as const) {
				const rows = await ctx.db.selectFrom(table).select('user_id').where('user_id', '=', admin.id).execute();
				expect(rows, table).toEqual([]);
			}
			// The network and its other admin carry on.
			const left = await ctx.db.selectFrom('memberships').select(['user_id', 'role']).where('network_id', '=', network.id).execute();
			expect(left).toEqual([{ user_id: helper.id, role: 'admin' }]);
			expect(await outcome(signIn(ctx, { username: admin.username, passphrase: 'keys to the pantry' }))).toBe('wrong_credentials');
		});

		it('deletes a plain member right away', async () => {
			const admin = await buildUser(ctx, { username: uniqueName('owner') });
			const member = await buildUser(ctx, { username: uniqueName('member'), passphrase: 'leaving with thanks' });
			const network = await buildNetwork(ctx, admin.id);
			await addMember(ctx, network.id, member.id, 'steward');
			await deleteAccount(ctx, member.id, 'leaving with thanks');
			const rows = await ctx.db.selectFrom('memberships').select('user_id').where('network_id', '=', network.id).execute();
			expect(rows.map((r) => r.user_id)).toEqual([admin.id]);
		});
	});
});
