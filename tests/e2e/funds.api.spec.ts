import type { APIRequestContext, APIResponse } from '@playwright/test';
import { expect, msg, test } from './fixtures';
import { apiClient, apiToken } from './api-helpers';

/**
 * Rent and bill funds through the JSON API, with real tokens of the demo people: Rosa
 * (demo-admin), Marcus (demo-steward), Lin (demo-neighbor) and Guadalupe (demo-vecina), plus Ife
 * (demo-other), admin of another network only. Each test makes a network of its own, with the
 * roles it needs, so the demo network that other flows read is left as it is. HTTP calls only,
 * so this runs once, in the `api` project.
 */

type Who = 'admin' | 'steward' | 'neighbor' | 'vecina' | 'other';
type Role = 'neighbor' | 'steward' | 'admin';
const USERNAMES: Record<Who, string> = {
	admin: 'demo-admin',
	steward: 'demo-steward',
	neighbor: 'demo-neighbor',
	vecina: 'demo-vecina',
	other: 'demo-other'
};
const NAMES = { admin: 'Rosa M.', steward: 'Marcus (Room 12)', neighbor: 'Lin' } as const;

const clients = {} as Record<Who, APIRequestContext>;
const userIds = {} as Record<Who, string>;
let anon: APIRequestContext;

test.beforeAll(async () => {
	// One token per person for the whole file: each is made through the account page, as a person would.
	for (const who of Object.keys(USERNAMES) as Who[]) {
		clients[who] = await apiClient(await apiToken(USERNAMES[who]));
		userIds[who] = (await (await clients[who].get('/api/v1/me')).json()).id;
	}
	anon = await apiClient(null);
});

test.afterAll(async () => {
	for (const c of Object.values(clients)) await c.dispose();
	await anon?.dispose();
});

function unique(): string {
	return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** A calendar date in the server's (the same machine's) time zone, `days` from today. */
function localDate(days: number): string {
	const d = new Date(Date.now() + days * 86_400_000);
	return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/** A fresh open network that Rosa administers, with the other people joined in the roles given. */
async function makeNetwork(roles: Partial<Record<Exclude<Who, 'admin' | 'other'>, Role>>): Promise<string> {
	const slug = `funds-${unique()}`;
	const created = await clients.admin.post('/api/v1/networks', { data: { name: `Funds ${slug}`, slug, languages: ['en'], joinPolicy: 'open' } });
	expect(created.status(), await created.text()).toBe(201);
	const net = `/api/v1/networks/${slug}`;
	for (const [who, role] of Object.entries(roles) as [Who, Role][]) {
		const joined = await clients[who].post(`${net}/membership`, { data: {} });
		expect(await joined.json()).toEqual({ status: 'active' });
		if (role !== 'neighbor') expect((await clients.admin.patch(`${net}/members/${userIds[who]}`, { data: { role } })).status()).toBe(204);
	}
	return net;
}

async function createFund(net: string, over: Record<string, unknown> = {}): Promise<string> {
	const res = await clients.admin.post(`${net}/funds`, {
		data: { name: `Rent relief ${unique()}`, purpose: 'Rent and utility bills', currency: 'USD', approvalsRequired: 2, ...over }
	});
	expect(res.status(), await res.text()).toBe(201);
	const body = await res.json();
	expect(res.headers().location).toBe(`${net}/funds/${body.id}`);
	return body.id;
}

async function errorOf(res: APIResponse): Promise<{ code: string; message: string; fields?: Record<string, string> }> {
	return (await res.json()).error;
}

function decide(who: Who, url: string, data: Record<string, unknown>): Promise<APIResponse> {
	return clients[who].post(`${url}/decisions`, { data });
}

/** What a period with nothing published looks like: a payment this month never moves the public figures. */
const NOTHING_PUBLISHED = {
	k: 5,
	cutoff: null,
	balanceMinor: null,
	periods: [],
	byCategory: [],
	totals: { inMinor: 0, feesMinor: 0, outMinor: 0, requests: 0, households: 0, medianDaysToPay: null },
	inByMonth: [],
	unpublished: { since: null }
};

test.describe('funds API', () => {
	test('a fund with two approvals: donations in, a request recorded for a neighbour, two other stewards approve, it is paid, the books balance', async () => {
		const net = await makeNetwork({ steward: 'steward', neighbor: 'steward', vecina: 'neighbor' });

		// Only admins create funds; amounts are integers of cents, and the page is public unless said otherwise.
		expect((await clients.steward.post(`${net}/funds`, { data: { name: 'Not mine to make' } })).status()).toBe(403);
		const made = await clients.admin.post(`${net}/funds`, {
			data: { name: 'Rent relief', currency: 'usd', approvalsRequired: 2, maxPerRequest: 150_000, maxPerHousehold: 200_000 }
		});
		expect(made.status(), await made.text()).toBe(201);
		const fund = await made.json();
		expect(fund).toMatchObject({
			name: 'Rent relief',
			currency: 'USD',
			minorDigits: 2,
			approvalsRequired: 2,
			approverMode: 'stewards',
			maxPerRequestMinor: 150_000,
			maxPerHouseholdMinor: 200_000,
			allowWaitlist: false,
			kThreshold: 5,
			publicPage: true,
			status: 'active',
			roles: { member: true, steward: true, admin: true, approver: true }
		});
		const fundUrl = `${net}/funds/${fund.id}`;
		const sameName = await clients.admin.post(`${net}/funds`, { data: { name: 'Rent relief' } });
		expect(sameName.status()).toBe(409);
		expect((await errorOf(sameName)).code).toBe('fund_name_taken');
		const oneApproval = await clients.admin.post(`${net}/funds`, { data: { name: 'Quick money', approvalsRequired: 1 } });
		expect(oneApproval.status()).toBe(400);
		expect(Object.keys((await errorOf(oneApproval)).fields ?? {})).toEqual(['approvalsRequired']);

		// A steward records two gifts; the processor's fee is its own line.
		const yesterday = localDate(-1);
		const card = await clients.steward.post(`${fundUrl}/donations`, {
			data: { amount: 50_000, fee: 1_480, receivedOn: yesterday, method: 'card_processor', donorName: 'Ada L.', reference: `ch_${unique()}`, recurring: true }
		});
		expect(card.status(), await card.text()).toBe(201);
		const cash = await clients.steward.post(`${fundUrl}/donations`, { data: { amount: 30_000, receivedOn: yesterday, method: 'cash' } });
		expect(cash.status()).toBe(201);
		const cardRef = (await (await clients.steward.get(`${fundUrl}/donations`)).json()).items.find(
			(d: { method: string }) => d.method === 'card_processor'
		).reference;
		const twice = await clients.steward.post(`${fundUrl}/donations`, {
			data: { amount: 50_000, receivedOn: yesterday, method: 'card_processor', reference: cardRef }
		});
		expect(twice.status()).toBe(409);
		expect((await errorOf(twice)).code).toBe('duplicate_reference');
		// Lin is a steward of this network: stewards keep the books together.
		const donations = await (await clients.neighbor.get(`${fundUrl}/donations`)).json();
		expect(donations).toMatchObject({ page: 1, pageCount: 1, total: 2 });
		const gift = donations.items.find((d: { method: string }) => d.method === 'card_processor');
		expect(gift).toMatchObject({
			amountMinor: 50_000,
			feeMinor: 1_480,
			receivedOn: yesterday,
			donorName: 'Ada L.',
			recurring: true,
			source: 'manual',
			reversedAt: null
		});
		expect(Object.keys(gift).sort()).toEqual([
			'amountMinor',
			'createdAt',
			'donorName',
			'feeMinor',
			'id',
			'method',
			'receivedOn',
			'recurring',
			'reference',
			'reversedAt',
			'source'
		]);
		// Donors' names are for those who keep the books.
		expect((await clients.vecina.get(`${fundUrl}/donations`)).status()).toBe(403);

		// Marcus records a request for a neighbour without an account, with who is to be paid.
		const payee = { payeeName: `Landlord ${unique()}`, payeeReference: `Lease ${unique()}`, note: `Behind two months ${unique()}` };
		const recorded = await clients.steward.post(`${fundUrl}/requests`, {
			data: { purpose: 'rent', amount: 60_000, dueOn: localDate(10), household: 'Flat 4B, 12 Elm Street', onBehalf: true, ...payee }
		});
		expect(recorded.status(), await recorded.text()).toBe(201);
		const { id: requestId, status } = await recorded.json();
		expect(status).toBe('pending');
		const requestUrl = `${fundUrl}/requests/${requestId}`;
		expect(recorded.headers().location).toBe(requestUrl);

		// Who recorded it does not decide it, and nothing is paid before it is approved.
		const own = await decide('steward', requestUrl, { action: 'approve' });
		expect(own.status()).toBe(403);
		expect((await errorOf(own)).code).toBe('own_request');
		const early = await decide('admin', requestUrl, { action: 'pay', method: 'check' });
		expect(early.status()).toBe(409);
		expect((await errorOf(early)).code).toBe('request_status_changed');

		// Two other stewards approve; the first approval alone leaves it pending, a second by the same person is refused.
		expect(await (await decide('admin', requestUrl, { action: 'approve' })).json()).toEqual({ id: requestId, status: 'pending' });
		const again = await decide('admin', requestUrl, { action: 'approve' });
		expect(again.status()).toBe(409);
		expect(await errorOf(again)).toEqual({ code: 'already_approved', message: msg('en', 'error_already_approved') });
		expect(await (await decide('neighbor', requestUrl, { action: 'approve' })).json()).toEqual({ id: requestId, status: 'approved' });

		// Approved money is set aside at once: still in cash, no longer available.
		const approved = await (await clients.vecina.get(fundUrl)).json();
		expect(approved.balances).toMatchObject({ cashMinor: 78_520, owedMinor: 60_000, availableMinor: 18_520, grantedMinor: 60_000 });

		const paid = await decide('admin', requestUrl, { action: 'pay', method: 'check', reference: 'Check 1042', paidOn: localDate(0) });
		expect(await paid.json()).toEqual({ id: requestId, status: 'paid' });

		// Over the household's limit (2,000.00 in 90 days, 600.00 paid), a request is told what is left.
		const over = await clients.steward.post(`${fundUrl}/requests`, {
			data: { purpose: 'rent', amount: 150_000, dueOn: localDate(10), household: 'Flat 4B, 12 Elm Street', onBehalf: true }
		});
		expect(over.status()).toBe(400);
		const overMessage = msg('en', 'error_over_household_limit', { days: '90', left: '$1,400.00' });
		expect(await errorOf(over)).toEqual({ code: 'over_household_limit', message: overMessage, fields: { amount: overMessage } });

		const detail = await clients.steward.get(requestUrl);
		expect(detail.status()).toBe(200);
		expect(detail.headers()['cache-control']).toBe('private, no-store');
		const seen = await detail.json();
		expect(seen).toMatchObject({
			id: requestId,
			source: 'on_behalf',
			purpose: 'rent',
			amountMinor: 60_000,
			approvedMinor: 60_000,
			status: 'paid',
			paymentMethod: 'check',
			paymentReference: 'Check 1042',
			approvals: 2,
			approvalsRequired: 2,
			roles: { requester: false, recorder: true, approver: true, steward: true, hasApproved: false },
			own: null,
			accessLog: null
		});
		expect(seen.decisions.map((d: { kind: string; actorName: string }) => [d.kind, d.actorName])).toEqual([
			['approve', NAMES.admin],
			['approve', NAMES.neighbor],
			['pay', NAMES.admin]
		]);
		const detailText = JSON.stringify(seen);
		for (const secret of [...Object.values(payee), 'Flat 4B']) expect(detailText).not.toContain(secret);
		expect(detailText).not.toMatch(/household[_]?key/i);

		// The payee details are read on purpose, by an approver, and only then.
		const revealed = await clients.neighbor.post(`${requestUrl}/reveal`);
		expect(revealed.status()).toBe(200);
		expect(await revealed.json()).toEqual({ ...payee, decisionNotes: [] });

		// The books: every account's balance from the ledger, and they sum to zero.
		const after = await (await clients.vecina.get(fundUrl)).json();
		expect(after.balances).toEqual({
			cashMinor: 80_000 - 1_480 - 60_000,
			owedMinor: 0,
			availableMinor: 18_520,
			donatedMinor: 80_000,
			feesMinor: 1_480,
			grantedMinor: 60_000,
			transferredOutMinor: 0
		});
		const b = after.balances;
		expect(b.cashMinor + b.feesMinor + b.grantedMinor + b.transferredOutMinor - b.donatedMinor - b.owedMinor).toBe(0);
		// The public figures publish only complete months of at least k paid requests: today's payment moves nothing.
		expect(after.report).toEqual(NOTHING_PUBLISHED);

		// Someone from outside sees the public fund and its figures, never its balances.
		const outside = await clients.other.get(fundUrl);
		expect(outside.status()).toBe(200);
		const outsideBody = await outside.json();
		expect(outsideBody).toMatchObject({
			id: fund.id,
			name: 'Rent relief',
			balances: null,
			roles: { member: false, steward: false, admin: false, approver: false }
		});
		expect(outsideBody.report).toEqual(NOTHING_PUBLISHED);
		const outsideList = await (await clients.other.get(`${net}/funds`)).json();
		expect(outsideList.items.map((f: { id: string; balances: unknown }) => [f.id, f.balances])).toEqual([[fund.id, null]]);
		const memberList = await (await clients.vecina.get(`${net}/funds`)).json();
		expect(memberList.items.find((f: { id: string }) => f.id === fund.id).balances.cashMinor).toBe(18_520);

		// The neighbour's list: what, how much, where it stands and the day it came in; no way to open it.
		const list = await (await clients.vecina.get(`${fundUrl}/requests?status=all`)).json();
		expect(list.items).toEqual([
			{
				id: null,
				purpose: 'rent',
				amountMinor: 60_000,
				approvedMinor: 60_000,
				status: 'paid',
				createdOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
				dueOn: localDate(10),
				approvals: 2,
				mine: false
			}
		]);
		expect((await (await clients.vecina.get(`${fundUrl}/requests`)).json()).items).toEqual([]);
		expect((await (await clients.steward.get(`${fundUrl}/requests?status=paid&mine=1`)).json()).items.map((r: { id: string }) => r.id)).toEqual([requestId]);
		expect((await clients.vecina.get(requestUrl)).status()).toBe(404);
	});

	test('bad amounts, dates and steps are refused with a message for the field', async () => {
		const net = await makeNetwork({ steward: 'steward', neighbor: 'neighbor' });
		const fundUrl = `${net}/funds/${await createFund(net, { maxPerRequest: 100_000 })}`;
		const donation = (over: Record<string, unknown>) =>
			clients.steward.post(`${fundUrl}/donations`, { data: { amount: 10_000, receivedOn: localDate(-1), method: 'cash', ...over } });

		const cases: [unknown, string][] = [
			[0, 'error_amount_not_positive'],
			[-1, 'error_amount_not_positive'],
			// Amounts are whole numbers of minor units (cents), and the message says so.
			[1.5, 'error_amount_minor_units'],
			[10 ** 15, 'error_amount_too_large'],
			// Text is not read in the API: "12.50" and "12,50" mean different things in different languages.
			['12.50', 'error_amount_minor_units'],
			['120.00', 'error_amount_minor_units'],
			[undefined, 'error_required']
		];
		for (const [amount, message] of cases) {
			const res = await donation({ amount });
			expect(res.status(), `amount ${String(amount)}`).toBe(400);
			expect((await errorOf(res)).fields, `amount ${String(amount)}`).toEqual({ amount: msg('en', message) });
			const asked = await clients.neighbor.post(`${fundUrl}/requests`, { data: { purpose: 'rent', amount } });
			expect(asked.status(), `request amount ${String(amount)}`).toBe(400);
			expect((await errorOf(asked)).fields, `request amount ${String(amount)}`).toEqual({ amount: msg('en', message) });
		}
		const fee = await donation({ fee: 10_000 });
		expect((await errorOf(fee)).fields).toEqual({ fee: msg('en', 'error_fee_too_large') });
		const future = await donation({ receivedOn: localDate(3) });
		expect(future.status()).toBe(400);
		expect((await errorOf(future)).fields).toEqual({ receivedOn: msg('en', 'error_date_in_future') });
		const badDate = await donation({ receivedOn: '31/12/2024', method: 'gold' });
		expect(Object.keys((await errorOf(badDate)).fields ?? {}).sort()).toEqual(['method', 'receivedOn']);
		expect((await donation({})).status()).toBe(201);
		const tooMuch = await clients.neighbor.post(`${fundUrl}/requests`, { data: { purpose: 'rent', amount: 100_001 } });
		expect((await errorOf(tooMuch)).fields).toEqual({ amount: msg('en', 'error_over_request_limit') });
		// A fraction of a cent is refused as it is read; a zero limit by the fund's own rules.
		const fraction = await clients.admin.post(`${net}/funds`, { data: { name: `Limits ${unique()}`, maxPerRequest: 0, maxPerHousehold: 2.5 } });
		expect((await errorOf(fraction)).fields).toEqual({ maxPerHousehold: msg('en', 'error_amount_minor_units') });
		const maxLimit = await clients.admin.post(`${net}/funds`, { data: { name: `Limits ${unique()}`, maxPerRequest: 0, maxPerHousehold: 250 } });
		expect(Object.keys((await errorOf(maxLimit)).fields ?? {}).sort()).toEqual(['maxPerRequest']);

		// A neighbour may ask for themselves, not record for someone else; a steward recording must name the household.
		expect((await clients.neighbor.post(`${fundUrl}/requests`, { data: { purpose: 'rent', amount: 500, onBehalf: true } })).status()).toBe(403);
		const noHousehold = await clients.steward.post(`${fundUrl}/requests`, { data: { purpose: 'rent', amount: 500, onBehalf: true } });
		expect((await errorOf(noHousehold)).fields).toEqual({ household: msg('en', 'error_household_required') });

		// Text that should not be written down: 422 naming what was found; resent as confirmed, it goes in.
		const risky = { purpose: 'utilities', amount: 9_000, note: 'We are undocumented, please do not call the landlord' };
		const warned = await clients.neighbor.post(`${fundUrl}/requests`, { data: risky });
		expect(warned.status()).toBe(422);
		expect((await warned.json()).error).toMatchObject({
			code: 'sensitive_unconfirmed',
			fields: { confirmSensitive: msg('en', 'error_sensitive_unconfirmed') },
			kinds: ['immigration_status']
		});
		const confirmed = await clients.neighbor.post(`${fundUrl}/requests`, { data: { ...risky, confirmSensitive: true } });
		expect(confirmed.status()).toBe(201);
		const requestUrl = `${fundUrl}/requests/${(await confirmed.json()).id}`;

		const unknown = await decide('admin', requestUrl, { action: 'teleport' });
		expect((await errorOf(unknown)).fields).toEqual({ action: msg('en', 'error_invalid_choice') });
		expect((await errorOf(await decide('admin', requestUrl, { action: 'decline' }))).fields).toEqual({ reason: msg('en', 'error_reason_required') });
		expect((await errorOf(await decide('admin', requestUrl, { action: 'ask_info' }))).fields).toEqual({ note: msg('en', 'error_note_required') });
		const riskyNote = await decide('admin', requestUrl, { action: 'comment', note: 'Landlord says they are undocumented' });
		expect(riskyNote.status()).toBe(422);
		expect((await riskyNote.json()).error.fields).toEqual({ confirmSensitive: msg('en', 'error_sensitive_unconfirmed') });
		expect((await errorOf(await decide('admin', requestUrl, { action: 'approve', amount: 9_001 }))).fields).toEqual({
			amount: msg('en', 'error_over_requested')
		});
		expect((await errorOf(await decide('admin', requestUrl, { action: 'approve', amount: 0 }))).fields).toEqual({
			amount: msg('en', 'error_amount_not_positive')
		});
		// The person it is for cannot approve it (a neighbour is no approver at all), nor pay an unapproved one.
		expect((await decide('neighbor', requestUrl, { action: 'approve' })).status()).toBe(403);
		const unpaid = await decide('admin', requestUrl, { action: 'pay', method: 'cash' });
		expect(unpaid.status()).toBe(409);
		expect((await errorOf(unpaid)).code).toBe('request_status_changed');
		// A smaller approval binds: the request is approved for the least any approver agreed to.
		expect(await (await decide('admin', requestUrl, { action: 'approve', amount: 8_000 })).json()).toMatchObject({ status: 'pending' });
		const twice = await decide('admin', requestUrl, { action: 'approve' });
		expect(twice.status()).toBe(409);
		expect((await errorOf(twice)).code).toBe('already_approved');
		expect(await (await decide('steward', requestUrl, { action: 'approve' })).json()).toMatchObject({ status: 'approved' });
		expect((await (await clients.neighbor.get(requestUrl)).json()).approvedMinor).toBe(8_000);
		expect((await decide('neighbor', requestUrl, { action: 'pay', method: 'cash' })).status()).toBe(403);
		expect((await errorOf(await decide('admin', requestUrl, { action: 'pay' }))).fields).toEqual({ method: msg('en', 'error_required') });
		expect((await errorOf(await decide('admin', requestUrl, { action: 'pay', method: 'cash', paidOn: localDate(5) }))).fields).toEqual({
			paidOn: msg('en', 'error_date_in_future')
		});

		// Lists and paging.
		expect((await clients.neighbor.get(`${fundUrl}/requests?status=everything`)).status()).toBe(400);
		expect((await clients.neighbor.get(`${fundUrl}/requests?mine=maybe`)).status()).toBe(400);
		expect((await clients.steward.get(`${fundUrl}/donations?page=0`)).status()).toBe(400);
		expect((await clients.neighbor.get(`${fundUrl}/requests/not-an-id`)).status()).toBe(404);
		expect((await clients.neighbor.get(`${net}/funds/not-a-fund`)).status()).toBe(404);
		const notJson = await clients.steward.post(`${fundUrl}/donations`, { headers: { 'content-type': 'text/plain' }, data: 'amount=5' });
		expect(notJson.status()).toBe(415);
	});

	test('no leak: the payee details and notes reach only the person it is for and, on reveal, the approvers', async () => {
		const net = await makeNetwork({ steward: 'steward', neighbor: 'neighbor', vecina: 'neighbor' });
		const fundId = await createFund(net, { publicPage: false });
		const fundUrl = `${net}/funds/${fundId}`;
		const tag = unique();
		const secrets = { note: `Our power is cut off ${tag}`, payeeName: `Eastside Power ${tag}`, payeeReference: `ACCT-${tag}-77` };
		const decisionNote = `Checked with the utility ${tag}`;
		const needles = [...Object.values(secrets), decisionNote];

		expect(
			(await clients.steward.post(`${fundUrl}/donations`, { data: { amount: 20_000, receivedOn: localDate(-1), method: 'bank_transfer' } })).status()
		).toBe(201);
		const asked = await clients.vecina.post(`${fundUrl}/requests`, { data: { purpose: 'utilities', amount: 12_000, ...secrets } });
		expect(asked.status(), await asked.text()).toBe(201);
		const requestId: string = (await asked.json()).id;
		const requestUrl = `${fundUrl}/requests/${requestId}`;
		const comment = await decide('admin', requestUrl, { action: 'comment', note: decisionNote });
		expect(await comment.json()).toEqual({ id: requestId, status: 'pending' });

		let responses = 0;
		async function expectClean(who: string, client: APIRequestContext, method: string, url: string, data?: unknown): Promise<APIResponse> {
			const res = await client.fetch(url, { method, ...(data === undefined ? {} : { data }) });
			const text = await res.text();
			for (const needle of needles) expect(text, `${who} ${method} ${url} must not contain "${needle}"`).not.toContain(needle);
			expect(text, `${who} ${method} ${url}`).not.toMatch(/household[_]?key/i);
			responses += 1;
			return res;
		}
		/** Every read of the funds API for this fund and request, and refused writes. */
		const probes = (base: string): [string, string, unknown?][] => [
			['GET', `${base}/funds`],
			['GET', `${base}/funds/${fundId}`],
			['GET', `${base}/funds/${fundId}/requests?status=all`],
			['GET', `${base}/funds/${fundId}/requests?mine=1`],
			['GET', `${base}/funds/${fundId}/donations`],
			['POST', `${base}/funds/${fundId}/requests/${requestId}/decisions`, { action: 'teleport' }],
			['POST', `${base}/funds/${fundId}/requests/${requestId}/decisions`, { action: 'approve', amount: -1 }]
		];
		const opened = `${fundUrl}/requests/${requestId}`;

		async function sweep(): Promise<void> {
			// Approvers (Rosa, Marcus) open the request without its private part; the other neighbour cannot open it at all.
			for (const who of ['admin', 'steward', 'neighbor'] as const) {
				for (const [method, url, data] of probes(net)) {
					const res = await expectClean(who, clients[who], method, url, data);
					// 403: donations are for stewards; 404: a request Lin may not open; 409: approving again after the payment.
					expect([200, 400, 403, 404, 409], `${who} ${method} ${url}`).toContain(res.status());
				}
				const res = await expectClean(who, clients[who], 'GET', opened);
				expect(res.status(), `${who} GET request`).toBe(who === 'neighbor' ? 404 : 200);
			}
			const lin = await expectClean('neighbor', clients.neighbor, 'POST', `${opened}/reveal`);
			expect(lin.status()).toBe(404);
			expect((await expectClean('neighbor', clients.neighbor, 'POST', `${opened}/decisions`, { action: 'comment', note: 'hello' })).status()).toBe(404);
			// The other network's admin: the fund has no public page, so it does not exist for them.
			for (const [method, url, data] of probes(net)) {
				const res = await expectClean('other', clients.other, method, url, data);
				if (url.endsWith('/funds')) {
					expect(res.status()).toBe(200);
					expect((JSON.parse(await res.text()) as { items: unknown[] }).items).toEqual([]);
				} else if (method === 'GET' && url.endsWith(fundId)) expect(res.status(), `outsider ${url}`).toBe(404);
				else expect(res.status(), `outsider ${method} ${url}`).toBe(403);
			}
			for (const url of [opened, `${opened}/reveal`])
				expect((await expectClean('other', clients.other, url.endsWith('reveal') ? 'POST' : 'GET', url)).status()).toBe(403);
			// …nor in their own network.
			for (const [method, url, data] of probes('/api/v1/networks/eastgate-tenants')) {
				const res = await expectClean('other', clients.other, method, url, data);
				// A bad body is refused before any fund is looked up; everything else finds no such fund.
				if (method === 'GET' && !url.endsWith('/funds')) expect(res.status(), `outsider in own network ${method} ${url}`).toBe(404);
				if (method === 'POST') expect([400, 404], `outsider in own network ${method} ${url}`).toContain(res.status());
			}
			// Anonymous: a token is needed everywhere.
			for (const [method, url, data] of [...probes(net), ['GET', opened], ['POST', `${opened}/reveal`]] as [string, string, unknown?][]) {
				const res = await expectClean('anonymous', anon, method, url, data);
				expect(res.status(), `anonymous ${method} ${url}`).toBe(401);
			}
		}

		await sweep();

		// The person it is for sees their own details in the request itself, and the approver's note.
		const mine = await clients.vecina.get(opened);
		expect(mine.status()).toBe(200);
		const own = await mine.json();
		expect(own.own).toEqual(secrets);
		expect(own.decisions.find((d: { kind: string }) => d.kind === 'comment')).toMatchObject({ actorName: NAMES.admin, hasNote: true, note: decisionNote });
		expect(own.roles).toEqual({ requester: true, recorder: false, approver: false, steward: false, hasApproved: false });
		expect(own.requesterName).toBeNull();
		expect(own.household).toBeNull();
		expect(own.accessLog).toEqual([]);

		// Approvers see it only by asking, and each look is logged for the person it is for.
		for (const who of ['admin', 'steward'] as const) {
			const shown = await clients[who].post(`${opened}/reveal`);
			expect(shown.status(), `${who} reveal`).toBe(200);
			expect(shown.headers()['cache-control']).toBe('private, no-store');
			const body = await shown.json();
			expect(body).toMatchObject(secrets);
			expect(body.decisionNotes.map((n: { note: string }) => n.note)).toEqual([decisionNote]);
		}
		const log = (await (await clients.vecina.get(opened)).json()).accessLog as { viewerName: string; purpose: string }[];
		expect([...new Set(log.map((r) => r.viewerName))].sort()).toEqual([NAMES.admin, NAMES.steward].sort());
		const seenByApprover = await (await clients.steward.get(opened)).json();
		expect(seenByApprover).toMatchObject({ own: null, accessLog: null, requesterName: 'Guadalupe R.' });
		expect(seenByApprover.decisions.every((d: { note: unknown }) => d.note === null)).toBe(true);

		// Through approval and payment nothing leaks either.
		expect(await (await decide('admin', opened, { action: 'approve' })).json()).toMatchObject({ status: 'pending' });
		expect(await (await decide('steward', opened, { action: 'approve' })).json()).toMatchObject({ status: 'approved' });
		expect(await (await decide('steward', opened, { action: 'pay', method: 'bank_transfer' })).json()).toMatchObject({ status: 'paid' });
		await sweep();
		expect(responses).toBeGreaterThan(80);
	});
});
