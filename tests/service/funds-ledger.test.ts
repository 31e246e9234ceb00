import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/lib/domain/money';
import { ServiceError } from '../../src/lib/server/errors';
import { newId, toDbTime } from '../../src/lib/server/db/conventions';
import { countTxns } from '../../src/lib/server/funds/funds.repository';
import {
	actOnRequest,
	checkLedger,
	createRequest,
	fundBalances,
	getRequest,
	listLedger,
	purgeFundPrivate,
	recordDonation,
	revealRequest,
	reverseDonation,
	transferBetweenFunds,
	updateFund,
	yearlySummary
} from '../../src/lib/server/funds/funds.service';
import { changeRole } from '../../src/lib/server/members/members.service';
import { loadNetworkAccess } from '../../src/lib/server/networks/networks.service';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { addMember, buildUser } from '../helpers/factories';
import { actor, asPerson, buildFund, buildFundCommunity, decisionInput, donationInput, fundInput, requestInput, transferInput } from '../helpers/funds';
import { outcome } from '../helpers/outcome';

const DAY = 24 * 60 * 60 * 1000;
const STEP = 60_000;
type FormValues = Record<string, string>;

/** Short calls for one test database and its community; every amount is typed as in a form. */
async function setUp(t: TestDb) {
	const c = await buildFundCommunity(t.ctx);
	const [s1 = '', s2 = '', s3 = ''] = c.stewards;
	const [n1 = '', n2 = '', n3 = ''] = c.neighbours;
	const as = (userId: string, fundId: string) => asPerson(t.ctx, userId, c.net.slug, fundId);
	const db = t.ctx.db;
	return {
		...c,
		s1,
		s2,
		s3,
		n1,
		n2,
		n3,
		as,
		async fund(over: FormValues = {}) {
			return buildFund(t.ctx, actor(c.admin), await loadNetworkAccess(t.ctx, actor(c.admin), c.net.slug), over);
		},
		async donate(fundId: string, over: FormValues = {}, by: string = s1) {
			const p = await as(by, fundId);
			const r = await recordDonation(t.ctx, p.actor, p.access, p.fc, donationInput(over), 'en');
			t.clock.advance(STEP);
			return r;
		},
		async reverse(fundId: string, donationId: string, by: string = s1) {
			const p = await as(by, fundId);
			return reverseDonation(t.ctx, p.actor, p.access, p.fc, donationId);
		},
		/** A request for oneself, or recorded by a steward for a neighbour when `household` is given. */
		async request(fundId: string, by: string, over: FormValues = {}) {
			const p = await as(by, fundId);
			const mode = over.household === undefined ? 'self' : 'on_behalf';
			return (await createRequest(t.ctx, p.actor, p.access, p.fc, requestInput(over), mode, 'en')).id;
		},
		async act(userId: string, fundId: string, requestId: string, action: string, over: FormValues = {}) {
			const p = await as(userId, fundId);
			const r = await actOnRequest(t.ctx, p.actor, p.access, p.fc, requestId, decisionInput(action, over), 'en');
			// Decisions are listed by time: a minute between steps keeps their order certain.
			t.clock.advance(STEP);
			return r;
		},
		async detail(userId: string, fundId: string, requestId: string) {
			const p = await as(userId, fundId);
			return getRequest(t.ctx, p.actor, p.access, p.fc, requestId);
		},
		/** The fund's figures, with a negative zero read as zero: how zeros are shown is tested on its own below. */
		async summary(fundId: string) {
			const p = await as(c.admin, fundId);
			const s = await fundBalances(t.ctx, p.actor, p.access, p.fc);
			return Object.fromEntries(Object.entries(s).map(([key, v]) => [key, v === 0 ? 0 : v]));
		},
		async rawSummary(fundId: string) {
			const p = await as(c.admin, fundId);
			return fundBalances(t.ctx, p.actor, p.access, p.fc);
		},
		async transfer(fromFund: string, toFund: string, amount: string, by: string = c.admin) {
			const p = await as(by, fromFund);
			return transferBetweenFunds(t.ctx, p.actor, p.access, p.fc, transferInput(toFund, amount), 'en');
		},
		async ledger(fundId: string) {
			const p = await as(s1, fundId);
			return (await listLedger(t.ctx, p.actor, p.access, p.fc, 1)).items;
		},
		/** How many rows of each kind a fund has, to prove a refused step wrote nothing. */
		async counts(fundId: string) {
			const n = async (table: 'fund_donations' | 'fund_requests') =>
				Number(
					(
						await db
							.selectFrom(table)
							.select((eb) => eb.fn.countAll().as('n'))
							.where('fund_id', '=', fundId)
							.executeTakeFirstOrThrow()
					).n
				);
			const decisions = await db
				.selectFrom('fund_decisions')
				.innerJoin('fund_requests', 'fund_requests.id', 'fund_decisions.request_id')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('fund_requests.fund_id', '=', fundId)
				.executeTakeFirstOrThrow();
			return { txns: await countTxns(db, fundId), donations: await n('fund_donations'), requests: await n('fund_requests'), decisions: Number(decisions.n) };
		},
		async expectCleanLedger() {
			const check = await checkLedger(t.ctx);
			expect(check.drift).toEqual([]);
			expect(check.unbalanced).toEqual([]);
			expect(check.transactions).toBeGreaterThan(0);
		}
	};
}

/** The error a call throws, for assertions on its code and HTTP status. */
async function failure(p: Promise<unknown>): Promise<ServiceError> {
	const e: unknown = await p.then(
		() => undefined,
		(err: unknown) => err
	);
	if (!(e instanceof ServiceError)) throw new Error(`expected a ServiceError, got ${String(e)}`);
	return e;
}

describe.each(DIALECTS)('a mutual-aid fund on %s', (dialect) => {
	let t: TestDb;
	let k: Awaited<ReturnType<typeof setUp>>;
	beforeAll(async () => {
		t = await createTestDb(dialect);
		k = await setUp(t);
	});
	afterAll(async () => t.close());

	it('takes donations, decides a request with two people, sets the money aside, pays it and keeps the books balanced', async () => {
		const fund = await k.fund({ approvalsRequired: '2' });
		await k.donate(fund, { amount: '1,000.00' });
		await k.donate(fund, { amount: '250.00', fee: '8.05', method: 'card_processor', reference: 'ch_3QX1' });
		expect(await k.summary(fund)).toMatchObject({ cashMinor: 124_195, donatedMinor: 125_000, feesMinor: 805, owedMinor: 0, availableMinor: 124_195 });

		// A steward records a request for a neighbour without an account.
		const id = await k.request(fund, k.s1, { amount: '600.00', purpose: 'rent', household: 'The Ortega household, 14 Birch Lane', note: 'Rent for December' });
		expect(await k.detail(k.s2, fund, id)).toMatchObject({ source: 'on_behalf', status: 'pending', amountMinor: 60_000, approvals: 0, approvalsRequired: 2 });

		expect(await k.act(k.s2, fund, id, 'approve')).toEqual({ status: 'pending' });
		expect(await k.summary(fund)).toMatchObject({ availableMinor: 124_195, owedMinor: 0 });
		expect(await k.act(k.s3, fund, id, 'approve')).toEqual({ status: 'approved' });
		// Approved money is set aside at once: less is available, the cash has not moved yet.
		expect(await k.summary(fund)).toMatchObject({ cashMinor: 124_195, owedMinor: 60_000, availableMinor: 64_195, grantedMinor: 60_000 });
		expect(await k.detail(k.s2, fund, id)).toMatchObject({ status: 'approved', approvedMinor: 60_000, approvals: 2 });

		expect(await k.act(k.s2, fund, id, 'pay', { method: 'check', reference: 'Check 1042', paidOn: '2026-11-24' })).toEqual({ status: 'paid' });
		expect(await k.summary(fund)).toMatchObject({ cashMinor: 64_195, owedMinor: 0, availableMinor: 64_195, grantedMinor: 60_000 });
		const paid = await k.detail(k.s1, fund, id);
		expect(paid).toMatchObject({ status: 'paid', paymentMethod: 'check', paymentReference: 'Check 1042', actions: [] });
		expect(paid.decisions.map((d) => d.kind)).toEqual(['approve', 'approve', 'pay']);

		const ledger = await k.ledger(fund);
		expect(ledger.map((x) => x.kind).sort()).toEqual(['approval', 'donation', 'donation', 'fee', 'payment']);
		const payment = ledger.find((x) => x.kind === 'payment');
		expect(payment).toMatchObject({ requestId: id, occurredOn: '2026-11-24', purpose: 'rent' });
		await k.expectCleanLedger();
	});

	it('undoes a donation with new opposite entries, keeps the original, and refuses to undo it twice', async () => {
		const fund = await k.fund();
		await k.donate(fund, { amount: '100.00' });
		const { id } = await k.donate(fund, { amount: '300.00', fee: '10.00' });
		expect(await k.counts(fund)).toMatchObject({ txns: 3, donations: 2 });

		await k.reverse(fund, id);
		expect(await k.counts(fund)).toMatchObject({ txns: 5, donations: 2 });
		const ledger = await k.ledger(fund);
		const originals = ledger.filter((x) => x.donationId === id && x.kind !== 'reversal');
		const reversals = ledger.filter((x) => x.kind === 'reversal');
		expect(originals.map((x) => x.kind).sort()).toEqual(['donation', 'fee']);
		expect(reversals.map((x) => x.reversesId).sort()).toEqual(originals.map((x) => x.id).sort());
		for (const r of reversals) {
			const original = originals.find((o) => o.id === r.reversesId);
			expect(r.lines.map((l) => [l.account, -l.amountMinor]).sort()).toEqual(original?.lines.map((l) => [l.account, l.amountMinor]).sort());
		}
		expect(await k.summary(fund)).toMatchObject({ cashMinor: 10_000, donatedMinor: 10_000, feesMinor: 0, availableMinor: 10_000 });

		const again = await failure(k.reverse(fund, id));
		expect({ code: again.code, status: again.status }).toEqual({ code: 'already_reversed', status: 409 });
		expect(await k.counts(fund)).toMatchObject({ txns: 5 });
		await k.expectCleanLedger();
	});

	it('refuses to undo a donation whose money is already promised, and leaves it undoable later', async () => {
		const fund = await k.fund();
		const { id } = await k.donate(fund, { amount: '500.00' });
		const req = await k.request(fund, k.n1, { amount: '400.00' });
		await k.act(k.s1, fund, req, 'approve');
		await k.act(k.s2, fund, req, 'approve');
		expect(await outcome(k.reverse(fund, id))).toBe('insufficient_funds');
		expect(await k.counts(fund)).toMatchObject({ txns: 2 });

		// Once the promise is withdrawn, the same donation can be undone: the refusal changed nothing.
		expect(await k.act(k.s3, fund, req, 'cancel')).toEqual({ status: 'cancelled' });
		expect(await outcome(k.reverse(fund, id))).toBe('ok');
		expect(await k.summary(fund)).toMatchObject({ cashMinor: 0, owedMinor: 0, grantedMinor: 0, availableMinor: 0 });
		await k.expectCleanLedger();
	});

	it('binds the smallest of the approved amounts and refuses approving more than was asked', async () => {
		const fund = await k.fund();
		await k.donate(fund, { amount: '1000.00' });
		const id = await k.request(fund, k.n1, { amount: '500.00', purpose: 'utilities' });
		expect(await outcome(k.act(k.s1, fund, id, 'approve', { amount: '500.01' }))).toBe('over_requested');
		await k.act(k.s1, fund, id, 'approve', { amount: '350.00' });
		expect(await k.act(k.s2, fund, id, 'approve', { amount: '400' })).toEqual({ status: 'approved' });
		expect(await k.detail(k.n1, fund, id)).toMatchObject({ status: 'approved', amountMinor: 50_000, approvedMinor: 35_000 });
		expect(await k.summary(fund)).toMatchObject({ owedMinor: 35_000, availableMinor: 65_000 });
		await k.expectCleanLedger();
	});

	it('needs a reason to decline, and tells the person it is for', async () => {
		const fund = await k.fund();
		const id = await k.request(fund, k.n2, { amount: '200.00' });
		expect(await outcome(k.act(k.s1, fund, id, 'decline'))).toBe('reason_required');
		expect((await k.detail(k.n2, fund, id)).status).toBe('pending');
		expect(await k.act(k.s1, fund, id, 'decline', { reason: 'not_eligible' })).toEqual({ status: 'declined' });
		expect(await k.detail(k.n2, fund, id)).toMatchObject({ status: 'declined', declineReason: 'not_eligible', actions: [] });
		const notes = await t.ctx.db
			.selectFrom('notifications')
			.select(['kind', 'link'])
			.where('user_id', '=', k.n2)
			.where('kind', '=', 'fund_request_declined')
			.execute();
		expect(notes.map((n) => n.link)).toContain(`/n/${k.net.slug}/funds/${fund}/requests/${id}`);
	});

	it('never lets anyone approve a request they made or recorded, or approve twice', async () => {
		const fund = await k.fund();
		await k.donate(fund, { amount: '1000.00' });
		const own = await k.request(fund, k.s1, { amount: '100.00' });
		const own403 = await failure(k.act(k.s1, fund, own, 'approve'));
		expect({ code: own403.code, status: own403.status }).toEqual({ code: 'own_request', status: 403 });
		const recorded = await k.request(fund, k.s2, { amount: '100.00', household: 'Flat 2, 9 Cedar Court' });
		expect(await outcome(k.act(k.s2, fund, recorded, 'approve'))).toBe('own_request');
		expect(await outcome(k.act(k.s2, fund, recorded, 'decline', { reason: 'other' }))).toBe('own_request');
		// A neighbour is no approver at all.
		expect(await outcome(k.act(k.n1, fund, recorded, 'approve'))).toBe('not_found');
		const ownNeighbour = await k.request(fund, k.n1, { amount: '100.00' });
		expect(await outcome(k.act(k.n1, fund, ownNeighbour, 'approve'))).toBe('forbidden');

		expect(await k.act(k.s3, fund, recorded, 'approve')).toEqual({ status: 'pending' });
		const twice = await failure(k.act(k.s3, fund, recorded, 'approve'));
		expect({ code: twice.code, status: twice.status }).toEqual({ code: 'already_approved', status: 409 });
		expect((await k.detail(k.s2, fund, recorded)).approvals).toBe(1);
		expect(await k.counts(fund)).toMatchObject({ decisions: 1 });
	});

	it('refuses to pay a request that is not approved, or to let the person it is for pay it', async () => {
		const fund = await k.fund();
		await k.donate(fund, { amount: '1000.00' });
		const id = await k.request(fund, k.n1, { amount: '300.00' });
		const before = await k.counts(fund);
		const e = await failure(k.act(k.s1, fund, id, 'pay'));
		expect({ code: e.code, status: e.status }).toEqual({ code: 'request_status_changed', status: 409 });
		expect(await k.counts(fund)).toEqual(before);
		expect(await k.summary(fund)).toMatchObject({ cashMinor: 100_000 });

		const mine = await k.request(fund, k.s3, { amount: '300.00' });
		await k.act(k.s1, fund, mine, 'approve');
		await k.act(k.s2, fund, mine, 'approve');
		expect(await outcome(k.act(k.s3, fund, mine, 'pay'))).toBe('forbidden');
		expect(await outcome(k.act(k.s1, fund, mine, 'pay', { method: '' }))).toBe('required');
		expect(await outcome(k.act(k.s1, fund, mine, 'pay', { paidOn: '2026-12-25' }))).toBe('date_in_future');
		expect((await k.detail(k.s3, fund, mine)).status).toBe('approved');
		expect(await k.summary(fund)).toMatchObject({ cashMinor: 100_000, owedMinor: 30_000 });
	});

	it('refuses zero, negative, too precise, unreadable and huge amounts everywhere, writing nothing', async () => {
		const fund = await k.fund();
		const other = await k.fund();
		await k.donate(fund, { amount: '1000.00' });
		const req = await k.request(fund, k.n1, { amount: '100.00' });
		const before = await k.counts(fund);
		const cases: [string, string][] = [
			['0', 'amount_not_positive'],
			['0.00', 'amount_not_positive'],
			['-5', 'amount_not_positive'],
			['12.345', 'amount_too_precise'],
			['abc', 'amount_invalid'],
			['10000000.01', 'amount_too_large'],
			['99999999999999999999', 'amount_too_large']
		];
		for (const [amount, code] of cases) {
			expect({ amount, donation: await outcome(k.donate(fund, { amount })) }).toEqual({ amount, donation: code });
			expect({ amount, request: await outcome(k.request(fund, k.n2, { amount })) }).toEqual({ amount, request: code });
			expect({ amount, approval: await outcome(k.act(k.s1, fund, req, 'approve', { amount })) }).toEqual({ amount, approval: code });
			expect({ amount, transfer: await outcome(k.transfer(fund, other, amount)) }).toEqual({ amount, transfer: code });
		}
		expect(await outcome(k.donate(fund, { amount: '100.00', fee: '100.00' }))).toBe('fee_too_large');
		expect(await outcome(k.donate(fund, { amount: '100.00', fee: '-1' }))).toBe('amount_not_positive');
		expect(await outcome(k.donate(fund, { amount: '100.00', receivedOn: '2026-11-26' }))).toBe('date_in_future');
		expect(await k.counts(fund)).toEqual(before);
		expect(await k.summary(fund)).toMatchObject({ cashMinor: 100_000, availableMinor: 100_000 });
	});

	it('reads amounts in the fund’s currency: no cents in yen', async () => {
		const fund = await k.fund({ currency: 'jpy' });
		expect(await outcome(k.donate(fund, { amount: '10.5' }))).toBe('amount_too_precise');
		await k.donate(fund, { amount: '1,000' });
		expect(await k.summary(fund)).toMatchObject({ cashMinor: 1000 });
	});

	it('applies the limit per request', async () => {
		const fund = await k.fund({ maxPerRequest: '500.00' });
		const before = await k.counts(fund);
		const e = await failure(k.request(fund, k.n1, { amount: '500.01' }));
		expect({ code: e.code, field: e.field }).toEqual({ code: 'over_request_limit', field: 'amount' });
		expect(await k.counts(fund)).toEqual(before);
		expect(await outcome(k.request(fund, k.n1, { amount: '500.00' }))).toBe('ok');
	});

	it('puts the last approval on the waiting list when money is short, and funds it when money arrives', async () => {
		const fund = await k.fund({ allowWaitlist: 'on' });
		await k.donate(fund, { amount: '300.00' });
		const id = await k.request(fund, k.n1, { amount: '500.00', purpose: 'medicine' });
		await k.act(k.s1, fund, id, 'approve');
		expect(await k.act(k.s2, fund, id, 'approve')).toEqual({ status: 'waitlisted' });
		expect(await k.detail(k.n1, fund, id)).toMatchObject({ status: 'waitlisted', approvedMinor: 50_000 });
		// Nothing is promised that the fund does not hold.
		expect(await k.summary(fund)).toMatchObject({ cashMinor: 30_000, owedMinor: 0, availableMinor: 30_000 });
		expect(await outcome(k.act(k.s3, fund, id, 'pay'))).toBe('request_status_changed');

		await k.donate(fund, { amount: '150.00' });
		expect((await k.detail(k.n1, fund, id)).status).toBe('waitlisted');
		await k.donate(fund, { amount: '100.00' });
		const funded = await k.detail(k.n1, fund, id);
		expect(funded).toMatchObject({ status: 'approved', approvedMinor: 50_000 });
		// The last approval and the move to the waiting list share a transaction and a moment.
		expect(funded.decisions.map((d) => d.kind).sort()).toEqual(['approve', 'approve', 'fund', 'waitlist']);
		expect(funded.decisions.at(-1)?.kind).toBe('fund');
		expect(await k.summary(fund)).toMatchObject({ cashMinor: 55_000, owedMinor: 50_000, availableMinor: 5_000, grantedMinor: 50_000 });
		expect(await k.act(k.s3, fund, id, 'pay')).toEqual({ status: 'paid' });
		await k.expectCleanLedger();
	});

	it('without a waiting list, refuses the last approval when money is short and does not record it', async () => {
		const fund = await k.fund();
		await k.donate(fund, { amount: '300.00' });
		const id = await k.request(fund, k.n1, { amount: '500.00' });
		await k.act(k.s1, fund, id, 'approve');
		const before = await k.counts(fund);
		const e = await failure(k.act(k.s2, fund, id, 'approve'));
		expect({ code: e.code, status: e.status }).toEqual({ code: 'insufficient_funds', status: 409 });
		expect(await k.counts(fund)).toEqual(before);
		const detail = await k.detail(k.s2, fund, id);
		expect(detail).toMatchObject({ status: 'pending', approvals: 1, approvedMinor: null });
		expect(detail.roles.hasApproved).toBe(false);

		// Money arriving does not approve it by itself; the same approver can try again.
		await k.donate(fund, { amount: '300.00' });
		expect((await k.detail(k.s2, fund, id)).status).toBe('pending');
		expect(await k.act(k.s2, fund, id, 'approve')).toEqual({ status: 'approved' });
		await k.expectCleanLedger();
	});

	it('moves money between funds of one currency, only what is available, and funds the other’s waiting list', async () => {
		const from = await k.fund();
		const to = await k.fund({ allowWaitlist: 'on' });
		const euros = await k.fund({ currency: 'EUR' });
		await k.donate(from, { amount: '500.00' });
		const promised = await k.request(from, k.n1, { amount: '250.00' });
		await k.act(k.s1, from, promised, 'approve');
		await k.act(k.s2, from, promised, 'approve');
		const waiting = await k.request(to, k.n2, { amount: '150.00' });
		await k.act(k.s1, to, waiting, 'approve');
		expect(await k.act(k.s2, to, waiting, 'approve')).toEqual({ status: 'waitlisted' });
		const before = await k.counts(from);

		expect(await outcome(k.transfer(from, from, '10.00'))).toBe('same_fund');
		expect(await outcome(k.transfer(from, euros, '10.00'))).toBe('currency_mismatch');
		// Cash is 500, but 250 of it is promised.
		const short = await failure(k.transfer(from, to, '250.01'));
		expect({ code: short.code, status: short.status }).toEqual({ code: 'insufficient_funds', status: 409 });
		expect(await outcome(k.transfer(from, to, '10.00', k.s1))).toBe('policy:forbidden');
		expect(await k.counts(from)).toEqual(before);

		await k.transfer(from, to, '200.00');
		expect(await k.summary(from)).toMatchObject({ cashMinor: 30_000, owedMinor: 25_000, availableMinor: 5_000, transferredOutMinor: 20_000 });
		expect(await k.summary(to)).toMatchObject({ cashMinor: 20_000, owedMinor: 15_000, availableMinor: 5_000 });
		expect((await k.detail(k.n2, to, waiting)).status).toBe('approved');
		const out = (await k.ledger(from)).find((x) => x.kind === 'transfer_out');
		const into = (await k.ledger(to)).find((x) => x.kind === 'transfer_in');
		expect(out?.otherFundId).toBe(to);
		expect(into?.otherFundId).toBe(from);
		await k.expectCleanLedger();
	});

	it('rejects a second donation with the same provider reference, writing nothing', async () => {
		const fund = await k.fund();
		await k.donate(fund, { amount: '25.00', method: 'card_processor', reference: 'ch_3QX1_dup' });
		const before = await k.counts(fund);
		const e = await failure(k.donate(fund, { amount: '25.00', method: 'card_processor', reference: 'ch_3QX1_dup' }));
		expect({ code: e.code, status: e.status }).toEqual({ code: 'duplicate_reference', status: 409 });
		expect(await k.counts(fund)).toEqual(before);
	});

	it('fixes the currency once money has been recorded or asked for', async () => {
		const admin = await loadNetworkAccess(t.ctx, actor(k.admin), k.net.slug);
		const empty = await k.fund();
		await updateFund(t.ctx, actor(k.admin), admin, empty, fundInput({ name: 'Renamed empty fund', currency: 'MXN' }), 'en');
		expect((await k.as(k.admin, empty)).fc.fund).toMatchObject({ currency: 'MXN', minorDigits: 2 });

		const given = await k.fund();
		await k.donate(given, { amount: '10.00' });
		expect(await outcome(updateFund(t.ctx, actor(k.admin), admin, given, fundInput({ currency: 'JPY' }), 'en'))).toBe('currency_locked');

		// A pending request's 400.00 dollars must not turn into 40,000 yen.
		const asked = await k.fund();
		const id = await k.request(asked, k.n1, { amount: '400.00' });
		expect(await outcome(updateFund(t.ctx, actor(k.admin), admin, asked, fundInput({ currency: 'JPY' }), 'en'))).toBe('currency_locked');
		expect(await k.detail(k.n1, asked, id)).toMatchObject({ amountMinor: 40_000 });
		expect((await k.as(k.admin, asked)).fc.fund.currency).toBe('USD');
	});

	it('counts only the approvals of people who may still approve', async () => {
		const fund = await k.fund();
		await k.donate(fund, { amount: '1000.00' });
		const former = await buildUser(t.ctx, { displayName: 'Former Steward' });
		await addMember(t.ctx, k.net.id, former.id, 'steward');
		const id = await k.request(fund, k.n3, { amount: '300.00' });
		expect(await k.act(former.id, fund, id, 'approve')).toEqual({ status: 'pending' });
		await changeRole(t.ctx, await loadNetworkAccess(t.ctx, actor(k.admin), k.net.slug), former.id, 'neighbor');

		// Two people must still decide: the approval of someone no longer a steward does not count.
		expect(await k.act(k.s1, fund, id, 'approve')).toEqual({ status: 'pending' });
		expect(await k.summary(fund)).toMatchObject({ owedMinor: 0, availableMinor: 100_000 });
		expect(await k.act(k.s2, fund, id, 'approve')).toEqual({ status: 'approved' });
	});
});

describe.each(DIALECTS)('a fund over time on %s', (dialect) => {
	let t: TestDb;
	let k: Awaited<ReturnType<typeof setUp>>;
	beforeAll(async () => {
		t = await createTestDb(dialect);
		k = await setUp(t);
	});
	afterAll(async () => t.close());

	it('erases the private parts of finished requests after the retention days, keeping the amounts', async () => {
		const fund = await k.fund({ retentionDays: '30' });
		await k.donate(fund, { amount: '1000.00' });
		const paid = await k.request(fund, k.n1, {
			amount: '400.00',
			note: 'Landlord wants it by the 1st',
			payeeName: 'Birch Lane Properties',
			payeeReference: 'Tenant ref 77-B'
		});
		await k.act(k.s1, fund, paid, 'approve', { note: 'Checked the lease with her' });
		await k.act(k.s2, fund, paid, 'approve', { amount: '350.00' });
		await k.act(k.s3, fund, paid, 'pay');
		const declined = await k.request(fund, k.n2, { amount: '100.00', note: 'Phone bill' });
		await k.act(k.s1, fund, declined, 'decline', { reason: 'duplicate', note: 'Already covered last week' });
		const open = await k.request(fund, k.n3, { amount: '50.00', note: 'Still deciding' });
		const row = (id: string) => t.ctx.db.selectFrom('fund_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		const notes = async (id: string) =>
			(await t.ctx.db.selectFrom('fund_decisions').select('note_enc').where('request_id', '=', id).execute()).filter((d) => d.note_enc !== null).length;
		expect(await notes(paid)).toBe(1);
		expect(await notes(declined)).toBe(1);
		const before = await row(paid);

		t.clock.advance(29 * DAY);
		expect(await purgeFundPrivate(t.ctx)).toBe(0);
		expect((await row(paid)).private_enc).not.toBeNull();

		t.clock.advance(2 * DAY);
		expect(await purgeFundPrivate(t.ctx)).toBe(2);
		for (const id of [paid, declined]) {
			const r = await row(id);
			expect(r.private_enc).toBeNull();
			expect(r.private_purged_at).not.toBeNull();
			expect(await notes(id)).toBe(0);
		}
		const after = await row(paid);
		expect({ amount: Number(after.amount_minor), approved: Number(after.approved_minor), status: after.status, purpose: after.purpose }).toEqual({
			amount: Number(before.amount_minor),
			approved: 35_000,
			status: 'paid',
			purpose: 'rent'
		});
		expect((await row(open)).private_enc).not.toBeNull();
		const approver = await k.as(k.s1, fund);
		expect(await outcome(revealRequest(t.ctx, approver.actor, approver.access, approver.fc, paid))).toBe('private_not_visible');
		expect(await k.detail(k.n1, fund, paid)).toMatchObject({ privatePurged: true, own: null, approvedMinor: 35_000 });
		expect(await k.summary(fund)).toMatchObject({ cashMinor: 65_000, grantedMinor: 35_000 });
		expect(await purgeFundPrivate(t.ctx)).toBe(0);
		await k.expectCleanLedger();
	});

	it('limits what a household receives over 90 days, checked again at the last approval', async () => {
		const fund = await k.fund({ maxPerHousehold: '600.00' });
		await k.donate(fund, { amount: '5000.00' });
		const first = await k.request(fund, k.s1, { amount: '400.00', household: 'Apartment 4B, 12 Birch Lane' });
		// Created before the first is approved, so the limit can only catch it at the last approval.
		const second = await k.request(fund, k.s1, { amount: '300.00', household: 'apartment 4b 12 birch lane' });
		await k.act(k.s2, fund, first, 'approve');
		expect(await k.act(k.s3, fund, first, 'approve')).toEqual({ status: 'approved' });

		// The same household, however it is spelled.
		const before = await k.counts(fund);
		const e = await failure(k.request(fund, k.s2, { amount: '300.00', household: 'APARTMENT 4B - 12 Birch Lane' }));
		expect({ code: e.code, field: e.field }).toEqual({ code: 'over_household_limit', field: 'amount' });
		// The refusal says how much is left, in the fund's money.
		expect(e.params).toEqual({ left: { minor: 20_000, currency: 'USD', minorDigits: 2 }, days: 90 });
		expect(await k.counts(fund)).toEqual(before);
		// The granted request's own page counts it: the household has received 400.00, 200.00 left.
		expect((await k.detail(k.s2, fund, first)).household).toEqual({ usedMinor: 40_000, capMinor: 60_000, roomMinor: 20_000 });
		// Another household is not affected.
		expect(await outcome(k.request(fund, k.s2, { amount: '300.00', household: 'Apartment 5C, 12 Birch Lane' }))).toBe('ok');

		await k.act(k.s2, fund, second, 'approve');
		expect(await outcome(k.act(k.s3, fund, second, 'approve'))).toBe('over_household_limit');
		expect(await k.detail(k.s2, fund, second)).toMatchObject({ status: 'pending', approvals: 1 });
		expect((await k.detail(k.s2, fund, second)).household).toEqual({ usedMinor: 40_000, capMinor: 60_000, roomMinor: 20_000 });

		t.clock.advance(91 * DAY);
		expect(await k.act(k.s3, fund, second, 'approve')).toEqual({ status: 'approved' });
		expect(await outcome(k.request(fund, k.s2, { amount: '300.00', household: 'Apartment 4B, 12 Birch Lane' }))).toBe('ok');
		await k.expectCleanLedger();
	});

	it('sums a calendar year for the books: opening cash plus what moved it is closing cash', async () => {
		t.clock.set('2031-11-25T12:00:00.000Z');
		const fund = await k.fund();
		const other = await k.fund();
		await k.donate(fund, { amount: '1000.00', fee: '30.00', receivedOn: '2031-11-20' });
		const rent = await k.request(fund, k.n1, { amount: '400.00', purpose: 'rent' });
		await k.act(k.s1, fund, rent, 'approve');
		await k.act(k.s2, fund, rent, 'approve');
		await k.act(k.s3, fund, rent, 'pay');
		const bill = await k.request(fund, k.n2, { amount: '200.00', purpose: 'utilities' });
		await k.act(k.s1, fund, bill, 'approve');
		await k.act(k.s2, fund, bill, 'approve');

		t.clock.set('2032-02-01T12:00:00.000Z');
		await k.donate(fund, { amount: '500.00', fee: '12.50', receivedOn: '2032-01-30' });
		const mistake = await k.donate(fund, { amount: '100.00', receivedOn: '2032-01-31' });
		await k.reverse(fund, mistake.id);
		await k.act(k.s3, fund, bill, 'pay');
		await k.donate(other, { amount: '80.00', receivedOn: '2032-01-31' });
		await k.transfer(fund, other, '50.00');
		await k.transfer(other, fund, '20.00');

		const p = await k.as(k.s1, fund);
		const y1 = await yearlySummary(t.ctx, p.actor, p.access, p.fc, 2031);
		expect(y1).toMatchObject({
			openingCashMinor: 0,
			donationsMinor: 100_000,
			feesMinor: 3_000,
			paymentsMinor: 40_000,
			closingCashMinor: 57_000,
			owedAtEndMinor: 20_000
		});
		expect(y1.approvedByPurpose.filter((x) => x.minor !== 0)).toEqual([
			{ purpose: 'rent', minor: 40_000 },
			{ purpose: 'utilities', minor: 20_000 }
		]);

		const y2 = await yearlySummary(t.ctx, p.actor, p.access, p.fc, 2032);
		expect(y2).toMatchObject({
			openingCashMinor: 57_000,
			donationsMinor: 60_000,
			feesMinor: 1_250,
			correctionsMinor: -10_000,
			paymentsMinor: 20_000,
			transfersOutMinor: 5_000,
			transfersInMinor: 2_000,
			closingCashMinor: 82_750
		});
		for (const y of [y1, y2]) {
			const moved = y.donationsMinor - y.feesMinor - y.paymentsMinor + y.transfersInMinor - y.transfersOutMinor + y.correctionsMinor;
			expect(y.openingCashMinor + moved).toBe(y.closingCashMinor);
		}
		expect(y2.closingCashMinor).toBe((await k.summary(fund)).cashMinor);
		expect(y2.owedAtEndMinor === 0).toBe(true);
		await k.expectCleanLedger();
	});

	it('shows a new fund, and a year before any money moved, as zeros, never as negative zeros', async () => {
		const fund = await k.fund();
		const fresh = Object.values(await k.rawSummary(fund));
		expect(fresh.map((m) => formatMoney(m, 'USD', 2, 'en'))).toEqual(Array.from({ length: fresh.length }, () => '$0.00'));
		await k.donate(fund, { amount: '10.00', receivedOn: '2026-11-20' });
		const p = await k.as(k.s1, fund);
		const y = await yearlySummary(t.ctx, p.actor, p.access, p.fc, 2025);
		const figures = [
			y.openingCashMinor,
			y.donationsMinor,
			y.feesMinor,
			y.paymentsMinor,
			y.transfersInMinor,
			y.transfersOutMinor,
			y.correctionsMinor,
			y.closingCashMinor,
			y.owedAtEndMinor
		];
		expect(figures.map((m) => formatMoney(m, 'USD', 2, 'en'))).toEqual(Array.from({ length: figures.length }, () => '$0.00'));
	});

	it('counts money in the year it moved, not the year it was typed in', async () => {
		const fund = await k.fund();
		// Typed in on 25 November 2026 (the test clock) for a check received on 30 December 2025.
		await k.donate(fund, { amount: '40.00', receivedOn: '2025-12-30' });
		await k.donate(fund, { amount: '5.00', receivedOn: '2026-01-02' });
		const p = await k.as(k.s1, fund);
		const y2025 = await yearlySummary(t.ctx, p.actor, p.access, p.fc, 2025);
		const y2026 = await yearlySummary(t.ctx, p.actor, p.access, p.fc, 2026);
		expect([y2025.openingCashMinor, y2025.donationsMinor, y2025.closingCashMinor]).toEqual([0, 4000, 4000]);
		expect([y2026.openingCashMinor, y2026.donationsMinor, y2026.closingCashMinor]).toEqual([4000, 500, 4500]);
	});

	it('purges a short-retention fund on time even when 500 finished requests of a long-retention fund come first', async () => {
		const long = await k.fund({ retentionDays: '3650' });
		const short = await k.fund({ retentionDays: '1' });
		const longAgo = toDbTime(new Date(t.clock.now().getTime() - 10 * DAY));
		const p = await k.as(k.s1, long);
		// A long-running fund's history, written straight to the table: 500 declined requests whose
		// private parts are kept for ten years.
		const rows = Array.from({ length: 500 }, () => ({
			id: newId(t.clock.now()),
			network_id: p.access.network.id,
			fund_id: long,
			source: 'self',
			requester_id: k.n1,
			recorded_by: null,
			ask_id: null,
			household_key: 'h',
			purpose: 'rent',
			amount_minor: 1000,
			approved_minor: null,
			due_on: null,
			private_enc: 'sealed',
			status: 'declined',
			decline_reason: 'other',
			decided_at: longAgo,
			paid_at: null,
			payment_method: null,
			payment_reference: null,
			finished_at: longAgo,
			private_purged_at: null,
			version: 0,
			created_at: longAgo,
			updated_at: longAgo
		}));
		await t.ctx.db.insertInto('fund_requests').values(rows).execute();
		const id = await k.request(short, k.n2, { amount: '20.00', note: 'Bus pass for the clinic' });
		await k.act(k.s1, short, id, 'decline', { reason: 'other' });

		t.clock.advance(2 * DAY);
		await purgeFundPrivate(t.ctx);
		const row = await t.ctx.db.selectFrom('fund_requests').select(['private_enc', 'private_purged_at']).where('id', '=', id).executeTakeFirstOrThrow();
		expect(row.private_enc).toBeNull();
		const kept = await t.ctx.db.selectFrom('fund_requests').select('id').where('fund_id', '=', long).where('private_enc', 'is not', null).execute();
		expect(kept).toHaveLength(500);
	});
});
