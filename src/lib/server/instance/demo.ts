import { createAccount } from '../accounts/accounts.service';
import type { Ctx } from '../context';
import { newId } from '../db/conventions';
import { insertMembership } from '../members/members.repository';
import { createNetworkIn } from '../networks/networks.service';
import { markDemoInstance, markSetupComplete } from './instance.service';
import { countUsers } from '../accounts/accounts.repository';

/** Demo people: one per role, and one who has asked to join. Passphrases work only on a demo instance. */
export const DEMO_PEOPLE = [
	{ username: 'demo-admin', displayName: 'Rosa M.', passphrase: 'maple-admin-demo', role: 'admin', status: 'active', instanceAdmin: true },
	{ username: 'demo-steward', displayName: 'Marcus (Room 12)', passphrase: 'maple-steward-demo', role: 'steward', status: 'active', instanceAdmin: false },
	{ username: 'demo-neighbor', displayName: 'Lin', passphrase: 'maple-neighbor-demo', role: 'neighbor', status: 'active', instanceAdmin: false },
	{ username: 'demo-vecina', displayName: 'Guadalupe R.', passphrase: 'maple-vecina-demo', role: 'neighbor', status: 'active', instanceAdmin: false, locale: 'es' },
	{ username: 'demo-pending', displayName: 'Sam T.', passphrase: 'maple-pending-demo', role: 'neighbor', status: 'pending', instanceAdmin: false }
] as const;

export const DEMO_OTHER = { username: 'demo-other', displayName: 'Ife O.', passphrase: 'eastgate-admin-demo' } as const;

/**
 * Seeds a fictional school community (Maple Street Elementary) and a second, separate network,
 * so a newcomer can sign in as each role. Runs only on an empty demo database.
 */
export async function seedDemo(ctx: Ctx): Promise<boolean> {
	if ((await countUsers(ctx.db)) > 0) return false;
	await ctx.db.transaction().execute(async (trx) => {
		const ids: string[] = [];
		for (const p of DEMO_PEOPLE) {
			const { userId } = await createAccount(ctx, trx, {
				username: p.username,
				displayName: p.displayName,
				email: null,
				passphrase: p.passphrase,
				passphraseConfirm: p.passphrase,
				locale: 'locale' in p ? p.locale : null,
				isInstanceAdmin: p.instanceAdmin
			});
			ids.push(userId);
		}
		const [adminId] = ids;
		if (adminId === undefined) throw new Error('demo seed: no admin');
		const maple = await createNetworkIn(ctx, trx, adminId, {
			name: 'Maple Street School Community',
			slug: 'maple-street',
			description:
				'Families, teachers and neighbours of Maple Street Elementary helping each other: groceries to the door, the Thursday pantry, the clothing closet and rides to clinics. Familias, maestros y vecinos de la escuela Maple Street.',
			areas: ['Riverside', 'Hillcrest', 'Old Town', 'Eastgate'],
			languages: ['en', 'es'],
			joinPolicy: 'approval'
		});
		for (const [i, p] of DEMO_PEOPLE.entries()) {
			const userId = ids[i];
			if (i === 0 || userId === undefined) continue;
			await insertMembership(trx, { id: newId(), networkId: maple, userId, role: p.role, status: p.status, now: ctx.now() });
		}
		const other = await createAccount(ctx, trx, {
			...DEMO_OTHER,
			email: null,
			passphraseConfirm: DEMO_OTHER.passphrase,
			locale: null,
			isInstanceAdmin: false
		});
		await createNetworkIn(ctx, trx, other.userId, {
			name: 'Eastgate Tenants Mutual Aid',
			slug: 'eastgate-tenants',
			description: 'Tenants of the Eastgate blocks: rent support, repairs and rides.',
			areas: ['Eastgate North', 'Eastgate South'],
			languages: ['en', 'es'],
			joinPolicy: 'open'
		});
	});
	await markSetupComplete(ctx);
	await markDemoInstance(ctx);
	return true;
}
