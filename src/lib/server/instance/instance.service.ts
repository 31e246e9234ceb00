import { deviceCookieAfterSignIn } from '../auth/devices';
import { createAccount } from '../accounts/accounts.service';
import { startSession } from '../auth/sessions.service';
import { hmacHex, newHumanCode, normaliseHumanCode, safeEqualHex } from '../auth/tokens';
import type { Ctx } from '../context';
import { ServiceError } from '../errors';
import { createNetworkIn, NETWORK_CREATION_KEY, type NetworkCreation } from '../networks/networks.service';
import { requireAllowed, type Actor } from '../policy/policy';
import { consumeRateLimit } from '../auth/sessions.service';
import * as repo from './instance.repository';
import type { SetupInput } from './instance.schema';

const SETUP_DONE = 'setup_completed_at';
const SETUP_CODE = 'setup_code_hash';
export const DEMO_KEY = 'demo_instance';
/** The id of the key that seals this database's private fields (see privacy/secret.ts). */
const FIELD_KEY_ID = 'field_key_id';

/** The key id inside a sealed value (`v1.<keyId>.…`). */
function keyIdOf(sealed: string): string | undefined {
	const [version, keyId] = sealed.split('.');
	return version === 'v1' ? keyId : undefined;
}

/**
 * Start-up check that this instance holds the key its database was sealed with. A database
 * restored without its `instance.key` (or started with another HEARTH_SECRET) would otherwise run
 * and fail at every reveal, with recovery codes that no longer match. The key id is recorded on
 * first start; a database from before the record is judged by the values it holds.
 * Answers the recorded key id, or throws an Error that names both ids and where the key belongs.
 */
export async function checkInstanceKey(ctx: Ctx, keySource: string): Promise<string> {
	const recorded = await repo.getSetting(ctx.db, FIELD_KEY_ID);
	const expected = recorded ?? (await repo.sampleSealedValues(ctx.db)).map(keyIdOf).find((id) => id !== undefined);
	if (expected !== undefined && expected !== ctx.secrets.fieldKeyId) {
		throw new Error(
			`This database was sealed with instance key ${expected}, but the key in ${keySource} is ${ctx.secrets.fieldKeyId}. ` +
				`Put back the instance.key that was backed up with this database (or set HEARTH_SECRET to it) and start again; ` +
				`without it the private details in this database cannot be read.`
		);
	}
	if (recorded === undefined) await repo.claimSetting(ctx.db, FIELD_KEY_ID, ctx.secrets.fieldKeyId);
	return ctx.secrets.fieldKeyId;
}

export async function isSetupComplete(ctx: Ctx): Promise<boolean> {
	return (await repo.getSetting(ctx.db, SETUP_DONE)) !== undefined;
}

/** How long a setup code printed at start stays good; a start after that prints a new one. */
export const SETUP_CODE_HOURS = 24;

/** Stored as `<keyed hash>|<issued at>`. */
function setupCodeValue(ctx: Ctx, code: string, issuedAt: Date): string {
	return `${hmacHex(ctx.secrets.hmacKey, 'setup-code', normaliseHumanCode(code))}|${issuedAt.toISOString()}`;
}

function parseSetupCode(value: string | undefined): { hash: string; issuedAt: Date } | undefined {
	if (value === undefined) return undefined;
	const [hash, at] = value.split('|');
	const issuedAt = new Date(at ?? '');
	return hash && !Number.isNaN(issuedAt.getTime()) ? { hash, issuedAt } : undefined;
}

export type SetupCodeIssue = { code: string } | { issuedAt: Date };

/**
 * On a fresh instance, the one-time setup code for the console: a new one when none is current,
 * otherwise when and that another start (another process, or an earlier run) issued the current
 * one, which stays good for SETUP_CODE_HOURS. Several processes starting at once: one code, claimed
 * by a conditional insert, so the code one of them prints is the one that works. Only its keyed
 * hash is stored. Answers null once setup is done.
 */
export async function issueSetupCode(ctx: Ctx): Promise<SetupCodeIssue | null> {
	if (await isSetupComplete(ctx)) return null;
	for (let attempt = 0; attempt < 3; attempt++) {
		const code = newHumanCode(3);
		if (await repo.claimSetting(ctx.db, SETUP_CODE, setupCodeValue(ctx, code, ctx.now()))) return { code };
		const raw = await repo.getSetting(ctx.db, SETUP_CODE);
		const current = parseSetupCode(raw);
		if (current && ctx.now().getTime() - current.issuedAt.getTime() < SETUP_CODE_HOURS * 3600_000) return { issuedAt: current.issuedAt };
		// Expired (or unreadable): remove exactly that value, then claim again; of several
		// processes doing this at once, one claim wins and the others read its time.
		if (raw !== undefined) await repo.deleteSettingIf(ctx.db, SETUP_CODE, raw);
	}
	throw new Error('could not issue a setup code: another process keeps replacing it');
}

/** A fresh setup code that replaces the current one (`npm run setup:code`); null once setup is done. */
export async function reissueSetupCode(ctx: Ctx): Promise<string | null> {
	if (await isSetupComplete(ctx)) return null;
	const code = newHumanCode(3);
	await repo.setSetting(ctx.db, SETUP_CODE, setupCodeValue(ctx, code, ctx.now()));
	return code;
}

/**
 * First run: checks the setup code from the server console, then creates the first admin
 * (an instance admin) and the first network in one transaction. Exactly one caller can win:
 * the "setup done" marker is claimed inside the same transaction.
 */
export async function completeSetup(ctx: Ctx, input: SetupInput, locale: string | null, device: string | null = null) {
	const limit = await consumeRateLimit(ctx, 'setup', 'instance', 20, 15 * 60);
	if (!limit.allowed) throw new ServiceError('rate_limited', undefined, 429);
	if (await isSetupComplete(ctx)) throw new ServiceError('setup_done', undefined, 409);
	const stored = parseSetupCode(await repo.getSetting(ctx.db, SETUP_CODE));
	const given = hmacHex(ctx.secrets.hmacKey, 'setup-code', normaliseHumanCode(input.setupCode));
	const current = stored !== undefined && ctx.now().getTime() - stored.issuedAt.getTime() < SETUP_CODE_HOURS * 3600_000;
	if (!stored || !current || !safeEqualHex(stored.hash, given)) throw new ServiceError('wrong_setup_code', 'setupCode');
	const created = await ctx.db.transaction().execute(async (trx) => {
		if (!(await repo.claimSetting(trx, SETUP_DONE, ctx.now().toISOString()))) {
			throw new ServiceError('setup_done', undefined, 409);
		}
		await repo.deleteSetting(trx, SETUP_CODE);
		const account = await createAccount(ctx, trx, { ...input, locale, isInstanceAdmin: true });
		await createNetworkIn(ctx, trx, account.userId, {
			name: input.networkName,
			slug: input.networkSlug,
			description: '',
			areas: [],
			languages: ['en', 'es'],
			joinPolicy: input.joinPolicy
		});
		return account;
	});
	const session = await startSession(ctx, created.userId);
	return { ...created, session, networkSlug: input.networkSlug, device: deviceCookieAfterSignIn(ctx, device, created.userId) };
}

/** Marks setup done without the form (used when a demo network is seeded). */
export async function markSetupComplete(ctx: Ctx): Promise<void> {
	await repo.claimSetting(ctx.db, SETUP_DONE, ctx.now().toISOString());
	await repo.deleteSetting(ctx.db, SETUP_CODE);
}

export async function isDemoInstance(ctx: Ctx): Promise<boolean> {
	return (await repo.getSetting(ctx.db, DEMO_KEY)) !== undefined;
}

export async function markDemoInstance(ctx: Ctx): Promise<void> {
	await repo.setSetting(ctx.db, DEMO_KEY, ctx.now().toISOString());
}

export async function setNetworkCreation(ctx: Ctx, actor: Actor, value: NetworkCreation): Promise<void> {
	requireAllowed(actor, 'instance.manage', { kind: 'instance', networkCreation: value });
	await repo.setSetting(ctx.db, NETWORK_CREATION_KEY, value);
}
