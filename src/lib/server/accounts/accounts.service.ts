import type { Ctx } from '../context';
import { newId } from '../db/conventions';
import { isUniqueViolation, type Executor } from '../db/index';
import { ServiceError } from '../errors';
import { networksWhereSoleAdmin } from '../members/members.repository';
import { listAccessLogForSubject } from '../privacy/access-log.repository';
import { readPrivate, sealPrivate } from '../privacy/private-fields';
import { hashPassphrase, passphraseProblem, verifyAgainstDummy, verifyPassphrase } from '../auth/passphrases';
import { deviceCookieAfterSignIn, trustedDevice } from '../auth/devices';
import { passphraseWork } from '../auth/work-limit';
import { clearRateLimit, consumeRateLimit, endAllSessions, startSession } from '../auth/sessions.service';
import { hmacHex, newHumanCode, normaliseHumanCode, safeEqualHex } from '../auth/tokens';
import * as repo from './accounts.repository';
import type { ChangePassphraseInput, ProfileInput, RecoverInput, SignInInput, SignUpInput } from './accounts.schema';

export const RECOVERY_CODE_COUNT = 10;
/**
 * Sign-in and recovery attempts per sign-in name per window (stored in the database). A browser
 * the person has signed in on before (its device cookie) has a limit of its own instead, so the
 * name's limit, which anyone can use up, never keeps them out of their own phone.
 */
const ATTEMPTS = 10;
const WINDOW_SECONDS = 15 * 60;

/**
 * The limit an attempt counts against: the device's own for the person when this browser's
 * cookie shows they signed in on it before, else the sign-in name's (shared by everyone else).
 */
async function attemptLimit(ctx: Ctx, purpose: 'signin' | 'recover', username: string, device: string | null) {
	// The person is looked up once here and handed back, so the caller does not read them again.
	const user = await repo.findUserByUsername(ctx.db, username);
	const deviceId = user && device !== null ? trustedDevice(ctx, device, user.id) : null;
	const limit =
		user && deviceId !== null
			? await consumeRateLimit(ctx, `${purpose}-device`, `${deviceId}:${user.id}`, ATTEMPTS, WINDOW_SECONDS)
			: await consumeRateLimit(ctx, purpose, username, ATTEMPTS, WINDOW_SECONDS);
	return { limit, user };
}

function recoveryHash(ctx: Pick<Ctx, 'secrets'>, code: string): string {
	return hmacHex(ctx.secrets.hmacKey, 'recovery-code', normaliseHumanCode(code));
}

function checkNewPassphrase(passphrase: string, names: { username?: string; displayName?: string }): void {
	const problem = passphraseProblem(passphrase, names);
	if (problem !== null) throw new ServiceError(`passphrase_${problem}`, 'passphrase');
}

/** Makes fresh recovery codes (replacing any old ones); returns them in plain text to show once. */
async function issueRecoveryCodes(ctx: Ctx, db: Executor, userId: string): Promise<string[]> {
	const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => newHumanCode(3));
	await repo.replaceRecoveryCodes(
		db,
		userId,
		codes.map((c) => recoveryHash(ctx, c)),
		ctx.now()
	);
	return codes;
}

/**
 * Creates an account inside the caller's transaction. No email needed: the person gets
 * recovery codes instead, shown once and stored only as keyed hashes.
 */
export async function createAccount(
	ctx: Ctx,
	trx: Executor,
	input: SignUpInput & { locale: string | null; isInstanceAdmin?: boolean }
): Promise<{ userId: string; recoveryCodes: string[] }> {
	checkNewPassphrase(input.passphrase, input);
	if (await repo.findUserByUsername(trx, input.username)) throw new ServiceError('username_taken', 'username', 409);
	const userId = newId(ctx.now());
	try {
		await repo.insertUser(trx, {
			id: userId,
			username: input.username,
			displayName: input.displayName,
			emailEnc: sealPrivate(ctx, { resource: 'users', field: 'email' }, input.email),
			passwordHash: await passphraseWork(ctx, () => hashPassphrase(input.passphrase)),
			locale: input.locale,
			isInstanceAdmin: input.isInstanceAdmin ?? false,
			now: ctx.now()
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError('username_taken', 'username', 409);
		throw e;
	}
	const recoveryCodes = await issueRecoveryCodes(ctx, trx, userId);
	return { userId, recoveryCodes };
}

/** Sign-up: creates the account and a session; this browser becomes one the person signed in on. */
export async function signUp(ctx: Ctx, input: SignUpInput, locale: string | null, device: string | null = null) {
	const created = await ctx.db.transaction().execute((trx) => createAccount(ctx, trx, { ...input, locale }));
	const session = await startSession(ctx, created.userId);
	return { ...created, session, device: deviceCookieAfterSignIn(ctx, device, created.userId) };
}

/**
 * Sign-in by sign-in name and passphrase. Unknown names cost the same time as wrong
 * passphrases, and both give the same answer, so neither reveals which accounts exist.
 * `device` is this browser's device cookie; the answer carries the one to set now.
 */
export async function signIn(ctx: Ctx, input: SignInInput, device: string | null = null) {
	const { limit, user } = await attemptLimit(ctx, 'signin', input.username, device);
	if (!limit.allowed) throw new ServiceError('rate_limited', undefined, 429);
	const ok = await passphraseWork(ctx, () => (user ? verifyPassphrase(user.passwordHash, input.passphrase) : verifyAgainstDummy(input.passphrase)));
	if (!user || !ok) throw new ServiceError('wrong_credentials', undefined, 400);
	await clearRateLimit(ctx, limit.key);
	const session = await startSession(ctx, user.id);
	return { userId: user.id, locale: user.locale, session, device: deviceCookieAfterSignIn(ctx, device, user.id) };
}

/** Changing the passphrase ends every other session of the person. */
export async function changePassphrase(ctx: Ctx, userId: string, currentSessionId: string, input: ChangePassphraseInput) {
	const user = await repo.findUserById(ctx.db, userId);
	if (!user) throw new ServiceError('signed_out', undefined, 401);
	const limit = await consumeRateLimit(ctx, 'passphrase', user.id, ATTEMPTS, WINDOW_SECONDS);
	if (!limit.allowed) throw new ServiceError('rate_limited', undefined, 429);
	if (!(await passphraseWork(ctx, () => verifyPassphrase(user.passwordHash, input.current)))) throw new ServiceError('wrong_passphrase', 'current');
	checkNewPassphrase(input.passphrase, user);
	await repo.updateUser(ctx.db, user.id, { passwordHash: await passphraseWork(ctx, () => hashPassphrase(input.passphrase)) }, ctx.now());
	await clearRateLimit(ctx, limit.key);
	return { endedSessions: await endAllSessions(ctx, user.id, currentSessionId) };
}

/**
 * Resets a forgotten passphrase with one recovery code: the code is used up, every session
 * ends, and a new session starts.
 */
export async function recoverAccount(ctx: Ctx, input: RecoverInput, device: string | null = null) {
	const { limit, user } = await attemptLimit(ctx, 'recover', input.username, device);
	if (!limit.allowed) throw new ServiceError('rate_limited', undefined, 429);
	if (!user) throw new ServiceError('wrong_recovery_code', 'code');
	const given = recoveryHash(ctx, input.code);
	const codes = await repo.listUnusedRecoveryCodes(ctx.db, user.id);
	// Compare against every code in constant time, so timing does not reveal how close a guess was.
	let match: string | undefined;
	for (const c of codes) if (safeEqualHex(c.hash, given)) match = c.id;
	if (match === undefined) throw new ServiceError('wrong_recovery_code', 'code');
	checkNewPassphrase(input.passphrase, user);
	const passwordHash = await passphraseWork(ctx, () => hashPassphrase(input.passphrase));
	const used = await ctx.db.transaction().execute(async (trx) => {
		if (!(await repo.useRecoveryCode(trx, match, ctx.now()))) return false;
		await repo.updateUser(trx, user.id, { passwordHash }, ctx.now());
		return true;
	});
	if (!used) throw new ServiceError('wrong_recovery_code', 'code');
	await clearRateLimit(ctx, limit.key);
	await endAllSessions(ctx, user.id);
	const session = await startSession(ctx, user.id);
	const remaining = codes.length - 1;
	return { userId: user.id, locale: user.locale, session, remainingCodes: remaining, device: deviceCookieAfterSignIn(ctx, device, user.id) };
}

/**
 * Checks the passphrase of a signed-in person before a sensitive step. It shares one limit with
 * changing the passphrase, so a stolen session cannot guess the passphrase through any of them.
 */
async function confirmPassphrase(ctx: Ctx, user: repo.UserRow, passphrase: string, field: string): Promise<void> {
	const limit = await consumeRateLimit(ctx, 'passphrase', user.id, ATTEMPTS, WINDOW_SECONDS);
	if (!limit.allowed) throw new ServiceError('rate_limited', undefined, 429);
	if (!(await passphraseWork(ctx, () => verifyPassphrase(user.passwordHash, passphrase)))) throw new ServiceError('wrong_passphrase', field);
	await clearRateLimit(ctx, limit.key);
}

/** New recovery codes replace the old ones; asks for the passphrase first. */
export async function regenerateRecoveryCodes(ctx: Ctx, userId: string, passphrase: string): Promise<string[]> {
	const user = await repo.findUserById(ctx.db, userId);
	if (!user) throw new ServiceError('signed_out', undefined, 401);
	await confirmPassphrase(ctx, user, passphrase, 'passphrase');
	return ctx.db.transaction().execute((trx) => issueRecoveryCodes(ctx, trx, user.id));
}

/** How many recovery codes the person has left, and when the set was made. */
export async function recoveryCodeStatus(ctx: Ctx, userId: string): Promise<{ total: number; unused: number; createdAt: Date | null }> {
	return repo.recoveryCodeCounts(ctx.db, userId);
}

export interface Profile {
	id: string;
	username: string;
	displayName: string;
	email: string | null;
	locale: string | null;
	isInstanceAdmin: boolean;
	createdAt: Date;
	recoveryCodes: { total: number; unused: number };
}

/** The person's own profile, email decrypted for them alone. */
export async function getOwnProfile(ctx: Ctx, userId: string): Promise<Profile> {
	const user = await repo.findUserById(ctx.db, userId);
	if (!user) throw new ServiceError('signed_out', undefined, 401);
	const email = await readPrivate(
		ctx,
		ctx.db,
		userId,
		{ resource: 'users', resourceId: user.id, field: 'email', ownerId: user.id, networkId: null },
		user.emailEnc,
		'own profile'
	);
	const counts = await repo.recoveryCodeCounts(ctx.db, user.id);
	return {
		id: user.id,
		username: user.username,
		displayName: user.displayName,
		email,
		locale: user.locale,
		isInstanceAdmin: user.isInstanceAdmin,
		createdAt: user.createdAt,
		recoveryCodes: { total: counts.total, unused: counts.unused }
	};
}

export async function updateProfile(ctx: Ctx, userId: string, input: ProfileInput): Promise<void> {
	await repo.updateUser(
		ctx.db,
		userId,
		{ displayName: input.displayName, emailEnc: sealPrivate(ctx, { resource: 'users', field: 'email' }, input.email) },
		ctx.now()
	);
}

/** Saves the language a person chose, so every device they use follows it. */
export async function setPreferredLocale(ctx: Ctx, userId: string, locale: string): Promise<void> {
	await repo.updateUser(ctx.db, userId, { locale }, ctx.now());
}

/**
 * Deletes the account and everything personal that hangs off it (sessions, memberships,
 * tokens, recovery codes). Refused while the person is the only admin of a network.
 */
export async function deleteAccount(ctx: Ctx, userId: string, passphrase: string): Promise<void> {
	const user = await repo.findUserById(ctx.db, userId);
	if (!user) throw new ServiceError('signed_out', undefined, 401);
	await confirmPassphrase(ctx, user, passphrase, 'passphrase');
	const sole = await networksWhereSoleAdmin(ctx.db, userId);
	if (sole.length > 0) throw new ServiceError('last_admin', undefined, 409);
	await repo.deleteUser(ctx.db, userId);
}

/** Networks that would be left without an admin if this person left: deletion waits on them. */
export async function networksBlockingDeletion(ctx: Ctx, userId: string): Promise<{ id: string; name: string }[]> {
	return networksWhereSoleAdmin(ctx.db, userId);
}

/** Who has read this person's private details, newest first (the access log, for its subject). */
export async function listWhoViewedMyDetails(ctx: Ctx, userId: string) {
	return listAccessLogForSubject(ctx.db, userId);
}
