import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsk } from '../../src/lib/server/asks/asks.service';
import { actOnRequest, createRequest, getRequest, recordDonation } from '../../src/lib/server/funds/funds.service';
import { loadNetworkAccess } from '../../src/lib/server/networks/networks.service';
import { askInput } from '../helpers/asks';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { actor, asPerson, buildFund, buildFundCommunity, decisionInput, donationInput, requestInput } from '../helpers/funds';
import { outcome } from '../helpers/outcome';

describe.each(DIALECTS)('a fund request carried over from a rent or bills ask on %s', (dialect) => {
	let t: TestDb;
	let c: Awaited<ReturnType<typeof buildFundCommunity>>;
	let fundId: string;
	beforeAll(async () => {
		t = await createTestDb(dialect);
		c = await buildFundCommunity(t.ctx);
		// 500.00 per household in 90 days.
		fundId = await buildFund(t.ctx, actor(c.admin), await loadNetworkAccess(t.ctx, actor(c.admin), c.net.slug), { maxPerHousehold: '500.00' });
	});
	afterAll(async () => t.close());

	const person = (id: string) => asPerson(t.ctx, id, c.net.slug, fundId);
	async function askBy(userId: string, category: string): Promise<string> {
		const access = await loadNetworkAccess(t.ctx, actor(userId), c.net.slug);
		return (await createAsk(t.ctx, actor(userId), access, askInput(access, { category, description: 'Rent is due on the first' }), 'self')).id;
	}

	it('links the asker’s own ask, and a steward may link it for them; both count as the same household', async () => {
		const [nia = ''] = c.neighbours;
		const [sam = '', sol = '', sky = ''] = c.stewards;
		const steward = await person(sam);
		await recordDonation(t.ctx, steward.actor, steward.access, steward.fc, donationInput({ amount: '2000.00' }), 'en');
		const askId = await askBy(nia, 'rent_bills');
		const me = await person(nia);
		const own = await createRequest(t.ctx, me.actor, me.access, me.fc, requestInput({ askId, amount: '300.00' }), 'self', 'en');
		expect((await getRequest(t.ctx, me.actor, me.access, me.fc, own.id)).askId).toBe(askId);
		for (const id of [sol, sky]) {
			const p = await person(id);
			await actOnRequest(t.ctx, p.actor, p.access, p.fc, own.id, decisionInput('approve'), 'en');
		}
		// Recorded by a steward from the same ask, with no household typed: it is Nia's household,
		// which has 300.00 of its 500.00 granted.
		expect(await outcome(createRequest(t.ctx, steward.actor, steward.access, steward.fc, requestInput({ askId, amount: '250.00' }), 'on_behalf', 'en'))).toBe(
			'over_household_limit'
		);
		expect(await outcome(createRequest(t.ctx, steward.actor, steward.access, steward.fc, requestInput({ askId, amount: '200.00' }), 'on_behalf', 'en'))).toBe(
			'ok'
		);
	});

	it('refuses to link someone else’s ask, or an ask that is not about rent or bills', async () => {
		const [nia = '', ned = ''] = c.neighbours;
		const niasAsk = await askBy(nia, 'rent_bills');
		const groceries = await askBy(ned, 'groceries');
		const neds = await person(ned);
		expect(await outcome(createRequest(t.ctx, neds.actor, neds.access, neds.fc, requestInput({ askId: niasAsk }), 'self', 'en'))).toBe('ask_not_linkable');
		expect(await outcome(createRequest(t.ctx, neds.actor, neds.access, neds.fc, requestInput({ askId: groceries }), 'self', 'en'))).toBe('ask_not_linkable');
		expect(await outcome(createRequest(t.ctx, neds.actor, neds.access, neds.fc, requestInput({ askId: 'no-such-ask' }), 'self', 'en'))).toBe(
			'ask_not_linkable'
		);
	});
});
