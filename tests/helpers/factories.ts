import { createAccount } from '../../src/lib/server/accounts/accounts.service';
import type { Ctx } from '../../src/lib/server/context';
import { insertMembership } from '../../src/lib/server/members/members.repository';
import { createNetworkIn } from '../../src/lib/server/networks/networks.service';
import type { NetworkInput } from '../../src/lib/server/networks/networks.schema';
import { newId } from '../../src/lib/server/db/conventions';

let seq = 0;

/** Creates a person; every value a test asserts on should be passed explicitly. */
export async function buildUser(
	ctx: Ctx,
	over: Partial<{ username: string; displayName: string; passphrase: string; email: string | null; isInstanceAdmin: boolean; locale: string | null }> = {}
) {
	seq += 1;
	const passphrase = over.passphrase ?? 'correct horse battery staple';
	const username = over.username ?? `person-${seq}-${Math.random().toString(36).slice(2, 7)}`;
	const { userId, recoveryCodes } = await createAccount(ctx, ctx.db, {
		username,
		displayName: over.displayName ?? `Person ${seq}`,
		email: over.email ?? null,
		passphrase,
		passphraseConfirm: passphrase,
		locale: over.locale ?? null,
		isInstanceAdmin: over.isInstanceAdmin ?? false
	});
	return { id: userId, username, passphrase, recoveryCodes };
}

/** Creates a network with `adminId` as its first admin. */
export async function buildNetwork(ctx: Ctx, adminId: string, over: Partial<NetworkInput> = {}) {
	seq += 1;
	const input: NetworkInput = {
		name: over.name ?? `Network ${seq}`,
		slug: over.slug ?? `network-${seq}-${Math.random().toString(36).slice(2, 7)}`,
		description: over.description ?? '',
		areas: over.areas ?? ['Riverside', 'Hillcrest'],
		languages: over.languages ?? ['en', 'es'],
		joinPolicy: over.joinPolicy ?? 'open'
	};
	const id = await createNetworkIn(ctx, ctx.db, adminId, input);
	return { id, ...input };
}

export async function addMember(ctx: Ctx, networkId: string, userId: string, role = 'neighbor', status = 'active') {
	await insertMembership(ctx.db, { id: newId(), networkId, userId, role, status, now: ctx.now() });
}
