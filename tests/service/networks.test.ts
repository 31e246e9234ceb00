import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { addMember, buildNetwork, buildUser } from '../helpers/factories';
import { parseWith } from '../../src/lib/server/forms';
import { ServiceError } from '../../src/lib/server/errors';
import { setNetworkCreation } from '../../src/lib/server/instance/instance.service';
import { networkSchema, networkSettingsPatchSchema, networkSettingsSchema, type NetworkInput } from '../../src/lib/server/networks/networks.schema';
import { createAsk, listBoard } from '../../src/lib/server/asks/asks.service';
import { createOffer, listOffersBoard } from '../../src/lib/server/offers/offers.service';
import { offerSchema } from '../../src/lib/server/offers/offers.schema';
import { askInput } from '../helpers/asks';
import {
	createNetwork,
	getNetworkCreation,
	listMyNetworks,
	listNetworksPage,
	loadNetworkAccess,
	PAGE_SIZE,
	updateNetworkSettings
} from '../../src/lib/server/networks/networks.service';
import { ANONYMOUS, type Actor } from '../../src/lib/server/policy/policy';
import { outcome } from '../helpers/outcome';

function input(over: Partial<NetworkInput> = {}): NetworkInput {
	return {
		name: over.name ?? 'Maple Street',
		slug: over.slug ?? 'maple-street',
		description: over.description ?? 'Neighbours of Maple Street',
		areas: over.areas ?? ['Riverside', 'Hillcrest'],
		languages: over.languages ?? ['en', 'es'],
		joinPolicy: over.joinPolicy ?? 'approval'
	};
}

describe('network input (schema)', () => {
	const form = {
		name: '  Maple Street  ',
		slug: 'Maple-Street',
		description: '',
		areas: ' Old   Town \r\n\r\nRiverside\n',
		languages: ['es', 'es'],
		joinPolicy: 'open'
	};

	it('normalises a form: trims, lowercases the slug, one area per line, no repeated languages', () => {
		const parsed = parseWith(networkSchema, form);
		expect(parsed).toEqual({
			ok: true,
			data: { name: 'Maple Street', slug: 'maple-street', description: '', areas: ['Old Town', 'Riverside'], languages: ['es'], joinPolicy: 'open' }
		});
	});

	it.each([
		['ab', 'slug_format'],
		['maple street', 'slug_format'],
		['maple--street', 'slug_format'],
		['-maple', 'slug_format'],
		['calle-ñandú', 'slug_format'],
		['x'.repeat(41), 'too_long'],
		['', 'required'],
		['new', 'slug_reserved'],
		['Admin', 'slug_reserved'],
		['api', 'slug_reserved']
	])('refuses the slug %j with %s', (slug, code) => {
		const parsed = parseWith(networkSchema, { ...form, slug });
		expect(parsed.ok ? null : parsed.errors.slug).toBe(code);
	});

	it('refuses the same area twice, whatever its case or spacing', () => {
		const parsed = parseWith(networkSchema, { ...form, areas: 'Riverside\nHillcrest\nriverSIDE ' });
		expect(parsed.ok ? null : parsed.errors.areas).toBe('areas_duplicate');
		const spaced = parseWith(networkSchema, { ...form, areas: 'Old Town\nold   town' });
		expect(spaced.ok ? null : spaced.errors.areas).toBe('areas_duplicate');
	});

	it('needs at least one known language', () => {
		const none = parseWith(networkSchema, { name: 'X', slug: 'xyz', joinPolicy: 'open' });
		expect(none.ok ? null : none.errors.languages).toBe('languages_required');
		const unknown = parseWith(networkSchema, { ...form, languages: ['en', 'klingon'] });
		expect(unknown.ok ? null : unknown.errors.languages).toBe('invalid_choice');
	});

	it('refuses an unknown join policy and a missing name', () => {
		const parsed = parseWith(networkSchema, { ...form, name: '   ', joinPolicy: 'secret' });
		expect(parsed.ok ? null : parsed.errors).toEqual({ name: 'required', joinPolicy: 'invalid_choice' });
	});

	it('a PATCH keeps only the keys it was sent: nothing left out is emptied or refused', () => {
		expect(parseWith(networkSettingsPatchSchema, { name: '  Renamed ' })).toEqual({ ok: true, data: { name: 'Renamed' } });
		expect(parseWith(networkSettingsPatchSchema, {})).toEqual({ ok: true, data: {} });
		expect(parseWith(networkSettingsPatchSchema, { areas: [] })).toEqual({ ok: true, data: { areas: [] } });
		const bad = parseWith(networkSettingsPatchSchema, { languages: [], name: '', joinPolicy: 'anyone' });
		expect(bad.ok ? null : bad.errors).toEqual({ languages: 'languages_required', name: 'required', joinPolicy: 'invalid_choice' });
	});

	it('settings keep the slug out of reach', () => {
		const parsed = parseWith(networkSettingsSchema, { ...form, slug: 'something-else' });
		expect(parsed.ok && 'slug' in parsed.data).toBe(false);
	});
});

describe.each(DIALECTS)('networks on %s', (dialect) => {
	let t: TestDb;
	let adminId: string;
	let instanceAdmin: Actor;
	let plain: Actor;

	beforeAll(async () => {
		t = await createTestDb(dialect);
		const a = await buildUser(t.ctx, { displayName: 'Rosa', isInstanceAdmin: true });
		const p = await buildUser(t.ctx, { displayName: 'Lin', isInstanceAdmin: false });
		adminId = a.id;
		instanceAdmin = { userId: a.id, isInstanceAdmin: true };
		plain = { userId: p.id, isInstanceAdmin: false };
	});
	afterAll(async () => t.close());

	it('lets an instance admin create a network and makes them its first admin', async () => {
		const created = await createNetwork(t.ctx, instanceAdmin, input({ slug: 'first-net', areas: ['Riverside', 'Hillcrest'] }));
		expect(created.slug).toBe('first-net');
		const access = await loadNetworkAccess(t.ctx, instanceAdmin, 'first-net');
		expect(access.network.name).toBe('Maple Street');
		expect(access.network.joinPolicy).toBe('approval');
		expect(access.network.languages).toEqual(['en', 'es']);
		expect(access.areas.map((a) => a.name)).toEqual(['Riverside', 'Hillcrest']);
		expect(access.membership).toEqual({ role: 'admin', status: 'active' });
	});

	it('finds a network whatever the case of the slug in the link, and 404s an unknown one', async () => {
		const access = await loadNetworkAccess(t.ctx, ANONYMOUS, 'FIRST-NET');
		expect(access.network.slug).toBe('first-net');
		expect(access.membership).toBeNull();
		expect(await outcome(loadNetworkAccess(t.ctx, ANONYMOUS, 'no-such-net'))).toBe('not_found');
	});

	it('refuses a slug that is taken, on the slug field', async () => {
		await createNetwork(t.ctx, instanceAdmin, input({ slug: 'taken-slug' }));
		try {
			await createNetwork(t.ctx, instanceAdmin, input({ slug: 'taken-slug', name: 'Another' }));
			expect.unreachable('a second network with the same slug was created');
		} catch (e) {
			expect(e).toBeInstanceOf(ServiceError);
			expect(e instanceof ServiceError && [e.code, e.field, e.status]).toEqual(['slug_taken', 'slug', 409]);
		}
	});

	it('gives the slug to exactly one of two people creating it at the same moment', async () => {
		const results = await Promise.all([
			outcome(createNetwork(t.ctx, instanceAdmin, input({ slug: 'race-slug', name: 'One' }))),
			outcome(createNetwork(t.ctx, instanceAdmin, input({ slug: 'race-slug', name: 'Two' })))
		]);
		expect(results.sort()).toEqual(['ok', 'slug_taken']);
	});

	it('by default refuses network creation to people who are not instance admins', async () => {
		expect(await getNetworkCreation(t.ctx)).toBe('admins');
		expect(await outcome(createNetwork(t.ctx, plain, input({ slug: 'plain-net' })))).toBe('policy:forbidden');
		expect(await outcome(createNetwork(t.ctx, ANONYMOUS, input({ slug: 'anon-net' })))).toBe('policy:signed_out');
	});

	it('lets only an instance admin change who may create networks', async () => {
		expect(await outcome(setNetworkCreation(t.ctx, plain, 'anyone'))).toBe('policy:forbidden');
		expect(await getNetworkCreation(t.ctx)).toBe('admins');
	});

	it("allows anyone signed in to create a network once the setting is 'anyone', and not visitors", async () => {
		await setNetworkCreation(t.ctx, instanceAdmin, 'anyone');
		try {
			expect(await getNetworkCreation(t.ctx)).toBe('anyone');
			expect(await outcome(createNetwork(t.ctx, plain, input({ slug: 'plain-net' })))).toBe('ok');
			expect(await outcome(createNetwork(t.ctx, ANONYMOUS, input({ slug: 'anon-net' })))).toBe('policy:signed_out');
			const access = await loadNetworkAccess(t.ctx, plain, 'plain-net');
			expect(access.membership).toEqual({ role: 'admin', status: 'active' });
		} finally {
			await setNetworkCreation(t.ctx, instanceAdmin, 'admins');
		}
		expect(await outcome(createNetwork(t.ctx, plain, input({ slug: 'plain-net-2' })))).toBe('policy:forbidden');
	});

	it('updates settings and keeps the ids of areas that stay (matched without regard to case)', async () => {
		const net = await buildNetwork(t.ctx, adminId, { areas: ['Riverside', 'Hillcrest', 'Old Town'], joinPolicy: 'open' });
		const before = await loadNetworkAccess(t.ctx, instanceAdmin, net.slug);
		const idOf = (name: string) => before.areas.find((a) => a.name === name)?.id;
		await updateNetworkSettings(t.ctx, before, {
			name: 'Renamed',
			description: 'New words',
			areas: ['Eastgate', 'hillcrest', 'Riverside'],
			languages: ['es'],
			joinPolicy: 'invite'
		});
		const after = await loadNetworkAccess(t.ctx, instanceAdmin, net.slug);
		expect(after.network).toMatchObject({ name: 'Renamed', description: 'New words', languages: ['es'], joinPolicy: 'invite', slug: net.slug });
		expect(after.areas.map((a) => a.name)).toEqual(['Eastgate', 'hillcrest', 'Riverside']);
		expect(after.areas.find((a) => a.name === 'hillcrest')?.id).toBe(idOf('Hillcrest'));
		expect(after.areas.find((a) => a.name === 'Riverside')?.id).toBe(idOf('Riverside'));
		expect(after.areas.find((a) => a.name === 'Eastgate')?.id).not.toBe(undefined);
		expect(after.areas.map((a) => a.id)).not.toContain(idOf('Old Town'));
		expect(after.archivedAreas).toEqual([{ id: idOf('Old Town'), name: 'Old Town' }]);
	});

	it('offers no area once the list is emptied, and keeps each one archived', async () => {
		const net = await buildNetwork(t.ctx, adminId, { areas: ['Riverside'] });
		const access = await loadNetworkAccess(t.ctx, instanceAdmin, net.slug);
		await updateNetworkSettings(t.ctx, access, { name: net.name, description: '', areas: [], languages: ['en'], joinPolicy: 'open' });
		const after = await loadNetworkAccess(t.ctx, instanceAdmin, net.slug);
		expect(after.areas).toEqual([]);
		expect(after.archivedAreas).toEqual(access.areas);
	});

	it('changes only what a partial update names: areas, description and languages stay', async () => {
		const net = await buildNetwork(t.ctx, adminId, { areas: ['Riverside', 'Hillcrest'], description: 'Our words', languages: ['en', 'es'] });
		const before = await loadNetworkAccess(t.ctx, instanceAdmin, net.slug);
		await updateNetworkSettings(t.ctx, before, { name: 'Only the name' });
		const after = await loadNetworkAccess(t.ctx, instanceAdmin, net.slug);
		expect(after.network).toMatchObject({ name: 'Only the name', description: 'Our words', languages: ['en', 'es'], joinPolicy: before.network.joinPolicy });
		expect(after.areas).toEqual(before.areas);
		expect(after.archivedAreas).toEqual([]);
	});

	it('an area taken off the list keeps its asks and offers, shows its name on them, and comes back with its id', async () => {
		const net = await buildNetwork(t.ctx, adminId, { areas: ['Riverside', 'Hillcrest'], joinPolicy: 'open' });
		const admin: Actor = { userId: adminId, isInstanceAdmin: false };
		const access = await loadNetworkAccess(t.ctx, admin, net.slug);
		const riverside = access.areas.find((a) => a.name === 'Riverside')!;
		const { id: askId } = await createAsk(t.ctx, admin, access, askInput(access, { area: riverside.id }), 'self');
		const offer = parseWith(offerSchema, {
			category: 'groceries',
			description: 'Shopping on Saturdays',
			areas: [riverside.id],
			days: ['6'],
			languages: ['en']
		});
		if (!offer.ok) throw new Error(JSON.stringify(offer.errors));
		await createOffer(t.ctx, admin, access, offer.data);

		await updateNetworkSettings(t.ctx, access, { areas: ['Hillcrest'] });
		const after = await loadNetworkAccess(t.ctx, admin, net.slug);
		expect(after.areas.map((a) => a.name)).toEqual(['Hillcrest']);
		const noFilter = { category: null, area: null, urgency: null, language: null, q: null };
		const board = await listBoard(t.ctx, admin, after, noFilter, 1);
		expect(board.items.find((c) => c.id === askId)?.areaName).toBe('Riverside');
		const offers = await listOffersBoard(t.ctx, admin, after, noFilter, 1);
		expect(offers.items.map((o) => o.areaNames)).toEqual([['Riverside']]);
		// No new ask is made in it.
		expect(await outcome(createAsk(t.ctx, admin, after, askInput(after, { area: riverside.id }), 'self'))).toBe('invalid_choice');

		await updateNetworkSettings(t.ctx, after, { areas: ['Hillcrest', 'riverside'] });
		const back = await loadNetworkAccess(t.ctx, admin, net.slug);
		expect(back.areas).toEqual([
			{ id: after.areas[0]!.id, name: 'Hillcrest' },
			{ id: riverside.id, name: 'riverside' }
		]);
		expect(back.archivedAreas).toEqual([]);
	});

	it('lists a person’s networks with their role and whether they are still waiting', async () => {
		const owner = await buildUser(t.ctx, { displayName: 'Owner' });
		const person = await buildUser(t.ctx, { displayName: 'Person' });
		const a = await buildNetwork(t.ctx, owner.id, { name: 'Alder Lane' });
		const b = await buildNetwork(t.ctx, owner.id, { name: 'Birch Court' });
		await buildNetwork(t.ctx, owner.id, { name: 'Cedar Row' });
		await addMember(t.ctx, a.id, person.id, 'steward', 'active');
		await addMember(t.ctx, b.id, person.id, 'neighbor', 'pending');
		const mine = await listMyNetworks(t.ctx, person.id);
		expect(mine.map((n) => [n.name, n.role, n.status])).toEqual([
			['Alder Lane', 'steward', 'active'],
			['Birch Court', 'neighbor', 'pending']
		]);
	});
});

describe.each(DIALECTS)('the network directory on %s', (dialect) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(dialect);
	});
	afterAll(async () => t.close());

	it('is empty on a new instance', async () => {
		expect(await listNetworksPage(t.ctx, 1)).toEqual({ items: [], total: 0, page: 1, pageCount: 1 });
	});

	it('pages through every network, newest first, counting only active members', async () => {
		const owner = await buildUser(t.ctx, { displayName: 'Owner' });
		const names: string[] = [];
		for (let i = 0; i < PAGE_SIZE + 3; i += 1) {
			const name = `Net ${String(i).padStart(2, '0')}`;
			names.push(name);
			await buildNetwork(t.ctx, owner.id, { name, areas: i % 2 === 0 ? ['Riverside', 'Hillcrest'] : [] });
			t.clock.advance(1000);
		}
		const newest = names.at(-1) ?? '';
		const first = await listNetworksPage(t.ctx, 1);
		expect(first.total).toBe(PAGE_SIZE + 3);
		expect(first.pageCount).toBe(2);
		expect(first.items).toHaveLength(PAGE_SIZE);
		expect(first.items[0]?.name).toBe(newest);
		expect(first.items[0]?.areas).toEqual(['Riverside', 'Hillcrest']);
		const second = await listNetworksPage(t.ctx, 2);
		expect(second.items.map((n) => [n.name, n.areas])).toEqual([
			['Net 02', ['Riverside', 'Hillcrest']],
			['Net 01', []],
			['Net 00', ['Riverside', 'Hillcrest']]
		]);

		const top = first.items[0];
		if (!top) throw new Error('no network on page 1');
		expect(top.memberCount).toBe(1);
		const active = await buildUser(t.ctx, { displayName: 'Active' });
		const waiting = await buildUser(t.ctx, { displayName: 'Waiting' });
		await addMember(t.ctx, top.id, active.id, 'neighbor', 'active');
		await addMember(t.ctx, top.id, waiting.id, 'neighbor', 'pending');
		expect((await listNetworksPage(t.ctx, 1)).items[0]?.memberCount).toBe(2);
	});

	it('answers an empty page past the end rather than failing', async () => {
		const far = await listNetworksPage(t.ctx, 9);
		expect(far.items).toEqual([]);
		expect(far.pageCount).toBe(2);
	});
});
