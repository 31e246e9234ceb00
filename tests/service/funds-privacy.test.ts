import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actOnRequest, createRequest, getRequest, listRequests, loadFund, requestAccessLog, revealRequest } from '../../src/lib/server/funds/funds.service';
import { loadNetworkAccess } from '../../src/lib/server/networks/networks.service';
import { ANONYMOUS } from '../../src/lib/server/policy/policy';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { actor, asPerson, buildFund, buildFundCommunity, decisionInput, requestInput } from '../helpers/funds';
import { outcome } from '../helpers/outcome';

/** Private details no other part of the system could produce by chance. */
const PRIVATE = {
	note: 'Landlord Zebulon Marchetti wants the rent by Friday',
	payeeName: 'Marchetti Xylograph Holdings',
	payeeReference: 'Tenant account QX-4471-9932'
};
const HOUSEHOLD = 'The Quillfeather family, Elmwood Quarry Street';
const DECISION_NOTE = 'Called the quokka hotline and confirmed the arrears';
const SECRETS = [
	PRIVATE.note,
	PRIVATE.payeeName,
	PRIVATE.payeeReference,
	HOUSEHOLD,
	DECISION_NOTE,
	'Zebulon',
	'Xylograph',
	'QX-4471',
	'Quillfeather',
	'Elmwood Quarry',
	'quokka hotline'
];
/** A public field, to prove the raw scan sees what is actually stored. */
const PUBLIC_PURPOSE = 'Rent help for the households of Wombat Hill';

describe.each(DIALECTS)('the private part of a fund request on %s', (dialect) => {
	let t: TestDb;
	let c: Awaited<ReturnType<typeof buildFundCommunity>>;
	let fund = '';
	let hidden = '';
	beforeAll(async () => {
		t = await createTestDb(dialect);
		c = await buildFundCommunity(t.ctx);
		fund = await buildFund(t.ctx, actor(c.admin), await loadNetworkAccess(t.ctx, actor(c.admin), c.net.slug), { purpose: PUBLIC_PURPOSE });
		hidden = await buildFund(t.ctx, actor(c.admin), await loadNetworkAccess(t.ctx, actor(c.admin), c.net.slug), { publicPage: '' });
	});
	afterAll(async () => t.close());

	const steward = () => c.stewards[0] ?? '';
	const otherSteward = () => c.stewards[1] ?? '';
	const requester = () => c.neighbours[0] ?? '';
	const bystander = () => c.neighbours[1] ?? '';
	const as = (userId: string, fundId = fund) => asPerson(t.ctx, userId, c.net.slug, fundId);

	async function newRequest(by: string, over: Record<string, string> = {}) {
		const p = await as(by);
		const mode = over.household === undefined ? 'self' : 'on_behalf';
		const r = await createRequest(t.ctx, p.actor, p.access, p.fc, requestInput({ amount: '450.00', ...PRIVATE, ...over }), mode, 'en');
		t.clock.advance(60_000);
		return r.id;
	}
	async function act(userId: string, id: string, action: string, over: Record<string, string> = {}) {
		const p = await as(userId);
		const r = await actOnRequest(t.ctx, p.actor, p.access, p.fc, id, decisionInput(action, over), 'en');
		t.clock.advance(60_000);
		return r;
	}
	async function reveal(userId: string, id: string) {
		const p = await as(userId);
		return revealRequest(t.ctx, p.actor, p.access, p.fc, id);
	}
	async function detail(userId: string, id: string) {
		const p = await as(userId);
		return getRequest(t.ctx, p.actor, p.access, p.fc, id);
	}
	async function accessRows(id: string) {
		const decisionIds = (await t.ctx.db.selectFrom('fund_decisions').select('id').where('request_id', '=', id).execute()).map((d) => d.id);
		return t.ctx.db
			.selectFrom('access_log')
			.selectAll()
			.where('resource_id', 'in', [id, ...decisionIds])
			.execute();
	}

	it('never stores the note, payee or household in plain text: not in any row, the database file or its log', async () => {
		const own = await newRequest(requester());
		const recorded = await newRequest(steward(), { household: HOUSEHOLD });
		for (const id of [own, recorded]) {
			await act(otherSteward(), id, 'approve', { note: DECISION_NOTE });
			await act(c.stewards[2] ?? '', id, 'ask_info', { note: DECISION_NOTE });
		}
		await act(requester(), own, 'comment', { note: DECISION_NOTE });
		expect(await reveal(otherSteward(), own)).toEqual({ private: PRIVATE, notes: expect.any(Object) });
		expect(Object.values((await reveal(otherSteward(), recorded)).notes)).toEqual([DECISION_NOTE, DECISION_NOTE]);

		const parts: string[] = [];
		for (const table of ['funds', 'fund_requests', 'fund_decisions', 'ledger_txns', 'notifications', 'access_log'] as const) {
			for (const row of await t.ctx.db.selectFrom(table).selectAll().execute()) {
				for (const value of Object.values(row)) parts.push(value instanceof Date ? value.toISOString() : String(value));
			}
		}
		const stored = parts.join('\n');
		expect(stored).toContain(PUBLIC_PURPOSE);
		for (const secret of SECRETS) expect({ secret, stored: stored.includes(secret) }).toEqual({ secret, stored: false });

		if (dialect === 'sqlite') {
			const file = t.sqliteFile ?? '';
			const raw = Buffer.concat([readFileSync(file), ...(existsSync(`${file}-wal`) ? [readFileSync(`${file}-wal`)] : [])]);
			// The scan sees the stored data (the fund's public purpose is there) …
			expect(raw.includes(Buffer.from(PUBLIC_PURPOSE, 'utf8'))).toBe(true);
			// … and none of the private details, in UTF-8 or UTF-16.
			for (const secret of SECRETS) {
				expect({ secret, utf8: raw.includes(Buffer.from(secret, 'utf8')) }).toEqual({ secret, utf8: false });
				expect({ secret, utf16: raw.includes(Buffer.from(secret, 'utf16le')) }).toEqual({ secret, utf16: false });
			}
		}
	});

	it('shows an approver the details on request, logs each value read, and lets the person it is for see who looked', async () => {
		const id = await newRequest(requester());
		await act(otherSteward(), id, 'approve', { note: DECISION_NOTE });
		expect(await accessRows(id)).toHaveLength(0);

		const shown = await reveal(steward(), id);
		expect(shown.private).toEqual(PRIVATE);
		expect(Object.values(shown.notes)).toEqual([DECISION_NOTE]);
		const rows = await accessRows(id);
		expect(rows.map((r) => [r.resource, r.field, r.actor_id, r.subject_id, r.purpose]).sort()).toEqual(
			[
				['fund_decisions', 'note', steward(), requester(), 'fund.decide'],
				['fund_requests', 'private', steward(), requester(), 'fund.decide']
			].sort()
		);

		const p = await as(requester());
		const log = await requestAccessLog(t.ctx, p.actor, p.access, p.fc, id);
		expect(log.map((l) => [l.actorName, l.field, l.purpose]).sort()).toEqual([
			['Sam Steward', 'note', 'fund.decide'],
			['Sam Steward', 'private', 'fund.decide']
		]);
		// Only the person it is for reads the log.
		const s = await as(steward());
		expect(await requestAccessLog(t.ctx, s.actor, s.access, s.fc, id)).toEqual([]);
	});

	it('shows the person it is for their own details and the decision notes without writing a log row', async () => {
		const id = await newRequest(requester());
		await act(otherSteward(), id, 'approve', { note: DECISION_NOTE });
		const mine = await detail(requester(), id);
		expect(mine.own).toEqual(PRIVATE);
		expect(mine.decisions.map((d) => d.note)).toEqual([DECISION_NOTE]);
		expect(mine.requesterName).toBeNull();
		expect(mine.household).toBeNull();
		expect((await reveal(requester(), id)).private).toEqual(PRIVATE);
		expect(await accessRows(id)).toHaveLength(0);

		// Approvers see that there is a note, not the note, until they ask to see it.
		const approverView = await detail(steward(), id);
		expect(approverView.own).toBeNull();
		expect(approverView.decisions.map((d) => [d.hasNote, d.note])).toEqual([[true, null]]);
		expect(approverView.requesterName).toBe('Nia Neighbour');
		expect(await accessRows(id)).toHaveLength(0);
	});

	it('answers a neighbour who is not involved as if the request did not exist, and writes no log row', async () => {
		const id = await newRequest(requester());
		const p = await as(bystander());
		expect(await outcome(getRequest(t.ctx, p.actor, p.access, p.fc, id))).toBe('not_found');
		expect(await outcome(revealRequest(t.ctx, p.actor, p.access, p.fc, id))).toBe('not_found');
		expect(await outcome(requestAccessLog(t.ctx, p.actor, p.access, p.fc, id))).toBe('not_found');
		expect(await outcome(actOnRequest(t.ctx, p.actor, p.access, p.fc, id, decisionInput('comment', { note: 'hello' }), 'en'))).toBe('not_found');
		expect(await outcome(getRequest(t.ctx, p.actor, p.access, p.fc, '0190f3a2-0000-7000-8000-000000000000'))).toBe('not_found');
		// Someone who is not a member reads a public fund's page, but no request of it.
		const o = await as(c.outsider);
		expect(await outcome(getRequest(t.ctx, o.actor, o.access, o.fc, id))).toBe('policy:forbidden');
		expect(await outcome(revealRequest(t.ctx, o.actor, o.access, o.fc, id))).toBe('policy:forbidden');
		expect(await accessRows(id)).toHaveLength(0);
	});

	it('lists requests to members without a way into other people’s', async () => {
		const fresh = await buildFund(t.ctx, actor(c.admin), await loadNetworkAccess(t.ctx, actor(c.admin), c.net.slug));
		const p = await as(requester(), fresh);
		const mine = (await createRequest(t.ctx, p.actor, p.access, p.fc, requestInput({ amount: '120.00' }), 'self', 'en')).id;
		const q = await as(bystander(), fresh);
		const theirs = (await createRequest(t.ctx, q.actor, q.access, q.fc, requestInput({ amount: '80.00', purpose: 'medicine' }), 'self', 'en')).id;

		const list = await listRequests(t.ctx, p.actor, p.access, p.fc, { status: 'all', mine: false }, 1);
		expect(list.total).toBe(2);
		expect(list.items.map((i) => ({ id: i.id, mine: i.mine, amountMinor: i.amountMinor })).sort((a, b) => a.amountMinor - b.amountMinor)).toEqual([
			{ id: null, mine: false, amountMinor: 8_000 },
			{ id: mine, mine: true, amountMinor: 12_000 }
		]);
		expect((await listRequests(t.ctx, p.actor, p.access, p.fc, { status: 'all', mine: true }, 1)).items.map((i) => i.id)).toEqual([mine]);
		// An approver may open every request.
		const s = await as(steward(), fresh);
		const all = await listRequests(t.ctx, s.actor, s.access, s.fc, { status: 'open', mine: false }, 1);
		expect(all.items.map((i) => i.id).sort()).toEqual([mine, theirs].sort());
	});

	it('keeps a fund without a public page hidden from everyone but members', async () => {
		const outsider = actor(c.outsider);
		expect(await outcome(loadFund(t.ctx, outsider, await loadNetworkAccess(t.ctx, outsider, c.net.slug), hidden))).toBe('not_found');
		expect(await outcome(loadFund(t.ctx, ANONYMOUS, await loadNetworkAccess(t.ctx, ANONYMOUS, c.net.slug), hidden))).toBe('not_found');
		// The same answer as for a fund that does not exist.
		expect(await outcome(loadFund(t.ctx, outsider, await loadNetworkAccess(t.ctx, outsider, c.net.slug), '0190f3a2-0000-7000-8000-000000000000'))).toBe(
			'not_found'
		);
		expect(await outcome(loadFund(t.ctx, ANONYMOUS, await loadNetworkAccess(t.ctx, ANONYMOUS, c.net.slug), fund))).toBe('ok');
		const member = await as(bystander(), hidden);
		expect(member.fc.fund.id).toBe(hidden);
		expect(member.fc.roles).toEqual({ isMember: true, isSteward: false, isAdmin: false, isApprover: false });
	});

	it('never puts private details into notifications', async () => {
		const rows = await t.ctx.db.selectFrom('notifications').select(['kind', 'params', 'link']).execute();
		expect(rows.map((r) => r.kind)).toEqual(expect.arrayContaining(['fund_request_waiting', 'fund_request_info']));
		for (const r of rows) {
			for (const secret of SECRETS) {
				expect(r.params).not.toContain(secret);
				expect(r.link ?? '').not.toContain(secret);
			}
		}
	});
});
