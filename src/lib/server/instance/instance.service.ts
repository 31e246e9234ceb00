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

export async function isSetupComplete(ctx: Ctx): Promise<boolean> {
	return (await repo.getSetting(ctx.db, SETUP_DONE)) !== undefined;
}

/**
 * On a fresh instance, makes a new one-time setup code and returns it for the console; only its
 * keyed hash is stored. Answers null once setup is done. Each start replaces the previous code.
 */
export async function issueSetupCode(ctx: Ctx): Promise<string | null> {
	if (await isSetupComplete(ctx)) return null;
	const code = newHumanCode(3);
	await repo.setSetting(ctx.db, SETUP_CODE, hmacHex(ctx.secrets.hmacKey, 'setup-code', normaliseHumanCode(code)));
	return code;
}

/**
 * First run: checks the setup code from the server console, then creates the first admin
 * (an instance admin) and the first network in one transaction. Exactly one caller can win:
 * the "setup done" marker is claimed inside the same transaction.
 */
export async function completeSetup(ctx: Ctx, input: SetupInput, locale: string | null) {
	const limit = await consumeRateLimit(ctx, 'setup', 'instance', 20, 15 * 60);
	if (!limit.allowed) throw new ServiceError('rate_limited', undefined, 429);
	if (await isSetupComplete(ctx)) throw new ServiceError('setup_done', undefined, 409);
	const stored = await repo.getSetting(ctx.db, SETUP_CODE);
	const given = hmacHex(ctx.secrets.hmacKey, 'setup-code', normaliseHumanCode(input.setupCode));
	if (stored === undefined || !safeEqualHex(stored, given)) throw new ServiceError('wrong_setup_code', 'setupCode');
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
	return { ...created, session, networkSlug: input.networkSlug };
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
