import type { Ctx } from '../../src/lib/server/context';
import { decisionSchema, donationSchema, fundRequestSchema, fundSchema, transferSchema } from '../../src/lib/server/funds/funds.schema';
import type { DecisionInput, DonationInput, FundInput, FundRequestInput, TransferInput } from '../../src/lib/server/funds/funds.schema';
import { createFund, loadFund, type FundContext } from '../../src/lib/server/funds/funds.service';
import { loadNetworkAccess, type NetworkAccess } from '../../src/lib/server/networks/networks.service';
import type { Actor } from '../../src/lib/server/policy/policy';
import { addMember, buildNetwork, buildUser } from './factories';

export const actor = (id: string): Actor => ({ userId: id, isInstanceAdmin: false });

/** Form fields as a browser sends them: text everywhere, empty for what was left blank. */
type FormValues = Record<string, string | string[]>;

let seq = 0;

/**
 * A network with an admin, three stewards, three neighbours and someone who is not a member.
 * In a fund decided by its stewards, the admin and the three stewards are its four approvers.
 */
export async function buildFundCommunity(ctx: Ctx) {
	const admin = await buildUser(ctx, { displayName: 'Ada Admin' });
	const net = await buildNetwork(ctx, admin.id);
	const stewards: string[] = [];
	for (const name of ['Sam Steward', 'Sol Steward', 'Sky Steward']) {
		const u = await buildUser(ctx, { displayName: name });
		await addMember(ctx, net.id, u.id, 'steward');
		stewards.push(u.id);
	}
	const neighbours: string[] = [];
	for (const name of ['Nia Neighbour', 'Ned Neighbour', 'Noor Neighbour']) {
		const u = await buildUser(ctx, { displayName: name });
		await addMember(ctx, net.id, u.id);
		neighbours.push(u.id);
	}
	const outsider = await buildUser(ctx, { displayName: 'Otto Outsider' });
	return { net, admin: admin.id, stewards, neighbours, outsider: outsider.id };
}

/** A person's view of a network and one of its funds, as a request handler would load them. */
export interface FundPerson {
	id: string;
	actor: Actor;
	access: NetworkAccess;
	fc: FundContext;
}

export async function asPerson(ctx: Ctx, userId: string, slug: string, fundId: string): Promise<FundPerson> {
	const a = actor(userId);
	const access = await loadNetworkAccess(ctx, a, slug);
	return { id: userId, actor: a, access, fc: await loadFund(ctx, a, access, fundId) };
}

/**
 * A fund's settings form: two approvals by the stewards, US dollars, no limits, no waiting list,
 * public page, 30 days of retention, unless `over` says otherwise.
 */
export function fundInput(over: FormValues = {}): FundInput {
	seq += 1;
	return fundSchema.parse({
		name: `Rent Fund ${seq}`,
		purpose: 'Rent and utility bills for households in the network',
		currency: 'USD',
		approvalsRequired: '2',
		approverMode: 'stewards',
		maxPerRequest: '',
		maxPerHousehold: '',
		allowWaitlist: '',
		kThreshold: '5',
		retentionDays: '30',
		publicPage: 'on',
		...over
	});
}

/** Creates a fund through the admin's form (see `fundInput` for what it holds). */
export async function buildFund(ctx: Ctx, admin: Actor, access: NetworkAccess, over: FormValues = {}): Promise<string> {
	return (await createFund(ctx, admin, access, fundInput(over), 'en')).id;
}

/** Money given, as a steward types it in: 500.00 by bank transfer on 20 November 2026. */
export function donationInput(over: FormValues = {}): DonationInput {
	return donationSchema.parse({
		amount: '500.00',
		fee: '',
		receivedOn: '2026-11-20',
		method: 'bank_transfer',
		donorName: '',
		recurring: '',
		reference: '',
		...over
	});
}

/** A request for 400.00 of rent with nothing private filled in. */
export function requestInput(over: FormValues = {}): FundRequestInput {
	return fundRequestSchema.parse({
		purpose: 'rent',
		amount: '400.00',
		dueOn: '',
		note: '',
		payeeName: '',
		payeeReference: '',
		household: '',
		askId: '',
		confirmSensitive: '',
		...over
	});
}

/** One step on a request; a payment defaults to a bank transfer. */
export function decisionInput(action: string, over: FormValues = {}): DecisionInput {
	return decisionSchema.parse({
		action,
		amount: '',
		reason: '',
		note: '',
		method: action === 'pay' ? 'bank_transfer' : '',
		reference: '',
		paidOn: '',
		confirmSensitive: '',
		...over
	});
}

export function transferInput(toFund: string, amount: string, over: FormValues = {}): TransferInput {
	return transferSchema.parse({ toFund, amount, note: '', ...over });
}
