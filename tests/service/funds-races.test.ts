import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../src/lib/server/context';
import type { DbHandle } from '../../src/lib/server/db/index';
import { actOnRequest, checkLedger, createRequest, fundBalances, getRequest, recordDonation, reverseDonation } from '../../src/lib/server/funds/funds.service';
import { loadNetworkAccess } from '../../src/lib/server/networks/networks.service';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { addMember, buildUser } from '../helpers/factories';
import { actor, asPerson, buildFund, buildFundCommunity, decisionInput, donationInput, requestInput } from '../helpers/funds';
import { outcome } from '../helpers/outcome';

type FormValues = Record<string, string | string[]>;

describe.each(DIALECTS)('decisions on money racing each other on %s', (dialect) => {
	let t: TestDb;
	let c: Awaited<ReturnType<typeof buildFundCommunity>>;
	/** Seven more members, to be a fund's named approvers. */
	const deciders: string[] = [];
	let handles: DbHandle[] = [];

	beforeAll(async () => {
		t = await createTestDb(dialect, { poolSize: 20 });
		c = await buildFundCommunity(t.ctx);
		for (let i = 0; i < 7; i++) {
			const u = await buildUser(t.ctx, { displayName: `Decider ${i}` });
			await addMember(t.ctx, c.net.id, u.id);
			deciders.push(u.id);
		}
		// PostgreSQL: several independent connection pools (separate "processes"). SQLite: the one
		// connection a Hearth process holds, with every decision's transaction interleaved on it.
		handles = dialect === 'postgres' ? Array.from({ length: 5 }, () => t.openAnother()) : [t.handle];
	});
	afterAll(async () => {
		if (dialect === 'postgres') await Promise.all(handles.map((h) => h.close()));
		await t.close();
	});

	const s1 = () => c.stewards[0] ?? '';
	const s2 = () => c.stewards[1] ?? '';
	const s3 = () => c.stewards[2] ?? '';
	const as = (userId: string, fundId: string, ctx: Ctx = t.ctx) => asPerson(ctx, userId, c.net.slug, fundId);
	/** A context on the i-th connection, for the i-th contender. */
	const ctxFor = (i: number): Ctx => ({ ...t.ctx, db: (handles[i % handles.length] ?? t.handle).db });

	async function fund(over: FormValues = {}) {
		return buildFund(t.ctx, actor(c.admin), await loadNetworkAccess(t.ctx, actor(c.admin), c.net.slug), over);
	}
	async function donate(fundId: string, amount: string) {
		const p = await as(s1(), fundId);
		return (await recordDonation(t.ctx, p.actor, p.access, p.fc, donationInput({ amount }), 'en')).id;
	}
	async function request(fundId: string, by: string, amount: string) {
		const p = await as(by, fundId);
		return (await createRequest(t.ctx, p.actor, p.access, p.fc, requestInput({ amount }), 'self', 'en')).id;
	}
	async function act(userId: string, fundId: string, requestId: string, action: string, over: FormValues = {}) {
		const p = await as(userId, fundId);
		return actOnRequest(t.ctx, p.actor, p.access, p.fc, requestId, decisionInput(action, over), 'en');
	}
	/** Loads every contender's page first, then lets all their decisions go at once. */
	async function race(contenders: { userId: string; fundId: string; requestId: string; action: string }[]): Promise<string[]> {
		const prepared = await Promise.all(contenders.map(async (x, i) => ({ x, ctx: ctxFor(i), p: await as(x.userId, x.fundId, ctxFor(i)) })));
		return Promise.all(prepared.map(({ x, ctx, p }) => outcome(actOnRequest(ctx, p.actor, p.access, p.fc, x.requestId, decisionInput(x.action), 'en'))));
	}
	async function txnsOf(requestId: string, kind: string) {
		return t.ctx.db.selectFrom('ledger_txns').select('id').where('request_id', '=', requestId).where('kind', '=', kind).execute();
	}
	async function approvalRows(requestId: string) {
		return t.ctx.db.selectFrom('fund_decisions').select('actor_id').where('request_id', '=', requestId).where('kind', '=', 'approve').execute();
	}
	/** The fund's figures, a negative zero read as zero (how zeros are shown is tested in funds-ledger). */
	async function summary(fundId: string) {
		const p = await as(c.admin, fundId);
		const s = await fundBalances(t.ctx, p.actor, p.access, p.fc);
		return Object.fromEntries(Object.entries(s).map(([key, v]) => [key, v === 0 ? 0 : v]));
	}
	async function expectCleanLedger() {
		const check = await checkLedger(t.ctx);
		expect(check.drift).toEqual([]);
		expect(check.unbalanced).toEqual([]);
	}

	it('sets the money aside once when five approvers give the last of three approvals at the same moment', async () => {
		const f = await fund({ approvalsRequired: '3', approverMode: 'named', approverIds: deciders });
		await donate(f, '1000.00');
		const id = await request(f, c.neighbours[0] ?? '', '400.00');
		await act(deciders[0] ?? '', f, id, 'approve');
		await act(deciders[1] ?? '', f, id, 'approve');

		const results = await race(deciders.slice(2).map((userId) => ({ userId, fundId: f, requestId: id, action: 'approve' })));
		expect(results.filter((r) => r === 'ok')).toHaveLength(1);
		expect(results.filter((r) => r === 'request_status_changed')).toHaveLength(4);
		expect(await txnsOf(id, 'approval')).toHaveLength(1);
		expect(await approvalRows(id)).toHaveLength(3);
		const p = await as(c.neighbours[0] ?? '', f);
		expect(await getRequest(t.ctx, p.actor, p.access, p.fc, id)).toMatchObject({ status: 'approved', approvedMinor: 40_000, approvals: 3 });
		expect(await summary(f)).toMatchObject({ cashMinor: 100_000, owedMinor: 40_000, availableMinor: 60_000 });
		await expectCleanLedger();
	});

	it('never promises the last dollars twice: of five 400.00 requests against 1000.00, exactly two are approved', async () => {
		const f = await fund();
		await donate(f, '1000.00');
		const ids: string[] = [];
		for (const n of [...c.neighbours, ...deciders.slice(0, 2)]) {
			const id = await request(f, n, '400.00');
			await act(s1(), f, id, 'approve');
			ids.push(id);
		}
		// The last approvals come from different stewards and the admin, all at once.
		const approvers = [s2(), s3(), c.admin, s2(), s3()];
		const results = await race(ids.map((requestId, i) => ({ userId: approvers[i] ?? '', fundId: f, requestId, action: 'approve' })));
		expect(results.filter((r) => r === 'ok')).toHaveLength(2);
		expect(results.filter((r) => r === 'insufficient_funds')).toHaveLength(3);

		const s = await summary(f);
		expect(s).toMatchObject({ cashMinor: 100_000, owedMinor: 80_000, availableMinor: 20_000 });
		expect(s.availableMinor ?? -1).toBeGreaterThanOrEqual(0);
		const statuses = await t.ctx.db.selectFrom('fund_requests').select(['id', 'status']).where('fund_id', '=', f).execute();
		expect(statuses.filter((r) => r.status === 'approved')).toHaveLength(2);
		expect(statuses.filter((r) => r.status === 'pending')).toHaveLength(3);
		// A refused last approval is not recorded: the refused requests still have one approval each.
		for (const [i, id] of ids.entries()) expect(await approvalRows(id)).toHaveLength(results[i] === 'ok' ? 2 : 1);
		await expectCleanLedger();
	});

	it('pays a request once when two approvers record the payment at the same moment', async () => {
		const f = await fund();
		await donate(f, '1000.00');
		const id = await request(f, c.neighbours[1] ?? '', '300.00');
		await act(s1(), f, id, 'approve');
		await act(s2(), f, id, 'approve');

		const results = await race([s3(), c.admin].map((userId) => ({ userId, fundId: f, requestId: id, action: 'pay' })));
		expect([...results].sort()).toEqual(['ok', 'request_status_changed']);
		expect(await txnsOf(id, 'payment')).toHaveLength(1);
		expect(await summary(f)).toMatchObject({ cashMinor: 70_000, owedMinor: 0, availableMinor: 70_000 });
		const pays = await t.ctx.db.selectFrom('fund_decisions').select('id').where('request_id', '=', id).where('kind', '=', 'pay').execute();
		expect(pays).toHaveLength(1);
		await expectCleanLedger();
	});

	it('records one approval when the same approver presses "approve" twice at the same moment', async () => {
		const f = await fund({ approvalsRequired: '3' });
		await donate(f, '1000.00');
		const id = await request(f, c.neighbours[2] ?? '', '250.00');

		const results = await race([s1(), s1()].map((userId) => ({ userId, fundId: f, requestId: id, action: 'approve' })));
		expect([...results].sort()).toEqual(['already_approved', 'ok']);
		expect((await approvalRows(id)).map((r) => r.actor_id)).toEqual([s1()]);
		expect(await txnsOf(id, 'approval')).toHaveLength(0);
		await expectCleanLedger();
	});

	it('does not let the person it is for withdraw money set aside by an approval landing at the same moment', async () => {
		const f = await fund();
		await donate(f, '1000.00');
		const neighbour = c.neighbours[1] ?? '';
		const id = await request(f, neighbour, '200.00');
		await act(s1(), f, id, 'approve');

		// The withdrawal's page was loaded while the request was still pending.
		const results = await race([
			{ userId: s2(), fundId: f, requestId: id, action: 'approve' },
			{ userId: neighbour, fundId: f, requestId: id, action: 'cancel' }
		]);
		expect(results.filter((r) => r === 'ok')).toHaveLength(1);
		const row = await t.ctx.db.selectFrom('fund_requests').select('status').where('id', '=', id).executeTakeFirstOrThrow();
		expect(row.status).toBe(results[0] === 'ok' ? 'approved' : 'cancelled');
		expect(await txnsOf(id, 'cancellation')).toHaveLength(0);
		await expectCleanLedger();
	});

	it('undoes a donation once when two stewards reverse it at the same moment', async () => {
		const f = await fund();
		const donation = await donate(f, '200.00');
		const prepared = await Promise.all([s1(), s2()].map(async (userId, i) => ({ ctx: ctxFor(i), p: await as(userId, f, ctxFor(i)) })));
		const results = await Promise.all(prepared.map(({ ctx, p }) => outcome(reverseDonation(ctx, p.actor, p.access, p.fc, donation))));
		expect([...results].sort()).toEqual(['already_reversed', 'ok']);
		const reversals = await t.ctx.db.selectFrom('ledger_txns').select('id').where('fund_id', '=', f).where('kind', '=', 'reversal').execute();
		expect(reversals).toHaveLength(1);
		expect(await summary(f)).toMatchObject({ cashMinor: 0 });
		await expectCleanLedger();
	});
});
