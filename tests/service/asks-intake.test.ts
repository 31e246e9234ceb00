import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAidSettings, saveAidSettings } from '../../src/lib/server/asks/aid-settings';
import { findAsk } from '../../src/lib/server/asks/asks.repository';
import { intakeSchema, type IntakeInput } from '../../src/lib/server/asks/asks.schema';
import {
	endFollowCode,
	FOLLOW_LOOKUP_WRONG_PER_HOUR,
	followLookup,
	followStep,
	followView,
	reissueFollowCode,
	getAskDetail,
	INTAKE_PER_HOUR,
	listBoard,
	revealPrivate,
	SensitiveTextError,
	submitIntake,
	takeStep
} from '../../src/lib/server/asks/asks.service';
import type { TransitionInput } from '../../src/lib/server/asks/asks.schema';
import { ServiceError } from '../../src/lib/server/errors';
import { parseWith } from '../../src/lib/server/forms';
import { loadNetworkAccess, type NetworkAccess } from '../../src/lib/server/networks/networks.service';
import type { Actor } from '../../src/lib/server/policy/policy';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { addMember, buildNetwork, buildUser } from '../helpers/factories';
import { outcome } from '../helpers/outcome';
import { sha256Hex } from '../../src/lib/server/auth/tokens';

const actor = (id: string): Actor => ({ userId: id, isInstanceAdmin: false });
const NOBODY: Actor = { userId: null, isInstanceAdmin: false };
const EMPTY_FILTER = { category: null, area: null, urgency: null, language: null, q: null };

/** What the public form sends; every value a test asserts on is passed in `over`. */
function intake(access: NetworkAccess, over: Record<string, unknown> = {}): IntakeInput {
	const parsed = parseWith(intakeSchema, {
		category: 'groceries',
		description: 'Food for two adults and a baby this week',
		urgency: 'days',
		area: access.areas[0]?.id ?? '',
		languages: ['es'],
		contactName: 'María',
		address: '22 Harbour Lane',
		phone: '555-0142',
		...over
	});
	if (!parsed.ok) throw new Error(`intake: ${JSON.stringify(parsed.errors)}`);
	return parsed.data;
}

async function failure(p: Promise<unknown>): Promise<ServiceError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof ServiceError) return e;
		throw e;
	}
	throw new Error('expected the call to fail');
}

describe.each(DIALECTS)('the public intake form on %s', (dialect) => {
	let t: TestDb;
	let admin: string;
	let steward: string;
	let member: string;
	let vol: string;
	let slug: string;
	let networkId: string;
	const publicAccess = () => loadNetworkAccess(t.ctx, NOBODY, slug);
	const access = (id: string) => loadNetworkAccess(t.ctx, actor(id), slug);
	const step = async (id: string, askId: string, action: TransitionInput['action']) => {
		const r = await takeStep(t.ctx, actor(id), await access(id), askId, { action, note: null, targetUserId: null });
		t.clock.advance(60_000);
		return r;
	};
	const askCount = async () => (await t.ctx.db.selectFrom('asks').select('id').where('network_id', '=', networkId).execute()).length;

	beforeAll(async () => {
		t = await createTestDb(dialect);
		admin = (await buildUser(t.ctx, { displayName: 'Admin' })).id;
		const net = await buildNetwork(t.ctx, admin);
		slug = net.slug;
		networkId = net.id;
		steward = (await buildUser(t.ctx, { displayName: 'Steward' })).id;
		member = (await buildUser(t.ctx, { displayName: 'Member' })).id;
		vol = (await buildUser(t.ctx, { displayName: 'Volunteer' })).id;
		await addMember(t.ctx, net.id, steward, 'steward');
		await addMember(t.ctx, net.id, member);
		await addMember(t.ctx, net.id, vol);
	});
	afterAll(async () => t.close());

	it('creates an ask waiting for review, with a status link, and tells the stewards', async () => {
		const a = await publicAccess();
		const { id, followCode } = await submitIntake(t.ctx, a, intake(a));
		// Four groups of four from 31 symbols (no 0/o, 1/l/i): about 79 bits.
		expect(followCode).toMatch(/^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$/);
		const row = await findAsk(t.ctx.db, networkId, id);
		expect(row).toMatchObject({ status: 'review', source: 'intake', requesterId: null, recordedById: null, hasFollowLink: true, claimantId: null });
		expect(row?.privateEnc).not.toBeNull();

		const told = await t.ctx.db
			.selectFrom('notifications')
			.select(['user_id', 'params', 'link'])
			.where('kind', '=', 'intake_waiting')
			.where('link', '=', `/n/${slug}/asks/${id}`)
			.execute();
		expect(told.map((n) => n.user_id).sort()).toEqual([admin, steward].sort());
		expect(JSON.parse(told[0]!.params)).toEqual({ network: a.network.name, category: 'groceries' });

		// Waiting for review: not on the members' board, not visible to a plain member, listed for stewards.
		const board = await listBoard(t.ctx, actor(member), await access(member), EMPTY_FILTER, 1);
		expect(board.items.map((i) => i.id)).not.toContain(id);
		expect(await outcome(getAskDetail(t.ctx, actor(member), await access(member), id))).toBe('not_found');
		expect(await outcome(step(member, id, 'approve'))).toBe('not_found');
		expect(await outcome(listBoard(t.ctx, actor(member), await access(member), EMPTY_FILTER, 1, 'review'))).toBe('policy:forbidden');
		const review = await listBoard(t.ctx, actor(steward), await access(steward), EMPTY_FILTER, 1, 'review');
		expect(review.items.map((i) => i.id)).toContain(id);
	});

	it('needs a phone number or an address', async () => {
		const a = await publicAccess();
		const before = await askCount();
		const e = await failure(submitIntake(t.ctx, a, intake(a, { phone: '', address: '' })));
		expect([e.code, e.field]).toEqual(['contact_required', 'phone']);
		expect(await outcome(submitIntake(t.ctx, a, intake(a, { phone: '', address: '9 Mill Road' })))).toBe('ok');
		expect(await outcome(submitIntake(t.ctx, a, intake(a, { phone: '555-0199', address: '' })))).toBe('ok');
		expect(await askCount()).toBe(before + 2);
	});

	it('refuses a form whose hidden field was filled in (a bot), writing nothing', async () => {
		const a = await publicAccess();
		const before = await askCount();
		expect(await outcome(submitIntake(t.ctx, a, intake(a, { website: 'http://spam.example' })))).toBe('invalid');
		expect(await askCount()).toBe(before);
	});

	it('refuses unknown categories and areas, naming the field', async () => {
		const a = await publicAccess();
		const cat = await failure(submitIntake(t.ctx, a, intake(a, { category: 'yachts' })));
		expect([cat.code, cat.field]).toEqual(['invalid_choice', 'category']);
		const area = await failure(submitIntake(t.ctx, a, intake(a, { area: '0191c0de-0000-7000-8000-000000000000' })));
		expect([area.code, area.field]).toEqual(['invalid_choice', 'area']);
	});

	it('refuses a needed-by date in the past', async () => {
		const a = await publicAccess();
		// The server's own calendar day: asks are dated in its zone.
		const localDay = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
		const yesterday = localDay(new Date(t.clock.now().getTime() - 86_400_000));
		const today = localDay(t.clock.now());
		const e = await failure(submitIntake(t.ctx, a, intake(a, { neededBy: yesterday })));
		expect([e.code, e.field]).toEqual(['date_in_past', 'neededBy']);
		expect(await outcome(submitIntake(t.ctx, a, intake(a, { neededBy: today })))).toBe('ok');
	});

	it('warns about sensitive text and lists the kinds; submits once the person confirms', async () => {
		const a = await publicAccess();
		const before = await askCount();
		const input = intake(a, { description: 'Somos indocumentados, necesitamos comida', accessNotes: 'DOB 03/14/1987' });
		const e = await failure(submitIntake(t.ctx, a, input));
		expect(e).toBeInstanceOf(SensitiveTextError);
		expect((e as SensitiveTextError).kinds).toEqual(['immigration_status', 'date_of_birth']);
		expect([e.code, e.field, e.status]).toEqual(['sensitive_unconfirmed', 'confirmSensitive', 422]);
		expect(await askCount()).toBe(before);

		const confirmed = intake(a, { description: 'Somos indocumentados, necesitamos comida', accessNotes: 'DOB 03/14/1987', confirmSensitive: 'on' });
		expect(await outcome(submitIntake(t.ctx, a, confirmed))).toBe('ok');
		expect(await askCount()).toBe(before + 1);
	});

	it('follows the ask through its status link: review → approved → claimed (with the view logged) → delivered → confirmed', async () => {
		const a = await publicAccess();
		const { id, followCode } = await submitIntake(t.ctx, a, intake(a));
		const token = followCode!;
		t.clock.advance(60_000);

		let view = await followView(t.ctx, token);
		expect(view).toMatchObject({
			status: 'review',
			networkSlug: slug,
			category: 'groceries',
			areaName: 'Riverside',
			canConfirm: false,
			canCancel: true,
			accessLog: []
		});
		expect(await outcome(followStep(t.ctx, token, 'confirm'))).toBe('ask_status_changed');

		expect((await step(steward, id, 'approve')).status).toBe('open');
		expect((await followView(t.ctx, token)).status).toBe('open');
		expect(await outcome(followStep(t.ctx, token, 'confirm'))).toBe('ask_status_changed');

		await step(vol, id, 'claim');
		expect((await revealPrivate(t.ctx, actor(vol), await access(vol), id)).address).toBe('22 Harbour Lane');
		view = await followView(t.ctx, token);
		expect(view.status).toBe('claimed');
		expect(view.canCancel).toBe(false);
		expect(view.accessLog.map((l) => [l.viewerName, l.purpose])).toEqual([['Volunteer', 'delivery']]);
		expect(await outcome(followStep(t.ctx, token, 'confirm'))).toBe('ask_status_changed');
		expect(await outcome(followStep(t.ctx, token, 'cancel'))).toBe('ask_status_changed');

		await step(vol, id, 'deliver');
		view = await followView(t.ctx, token);
		expect(view).toMatchObject({ status: 'delivered', canConfirm: true });
		expect(view.deliveredAt).not.toBeNull();
		expect(await followStep(t.ctx, token, 'confirm')).toEqual({ status: 'closed' });
		expect((await followView(t.ctx, token)).status).toBe('closed');
		expect(await outcome(followStep(t.ctx, token, 'confirm'))).toBe('ask_status_changed');

		const detail = await getAskDetail(t.ctx, actor(steward), await access(steward), id);
		expect(detail.events?.map((e) => [e.kind, e.toStatus])).toEqual([
			['created', 'review'],
			['approve', 'open'],
			['claim', 'claimed'],
			['deliver', 'delivered'],
			['confirm_by_link', 'closed']
		]);
	});

	it('lets the family withdraw an ask nobody has taken, and refuses an unknown link', async () => {
		const a = await publicAccess();
		const { id, followCode } = await submitIntake(t.ctx, a, intake(a));
		expect(await followStep(t.ctx, followCode!, 'cancel')).toEqual({ status: 'cancelled' });
		expect((await findAsk(t.ctx.db, networkId, id))?.status).toBe('cancelled');
		expect(await outcome(followView(t.ctx, 'x'.repeat(43)))).toBe('not_found');
		expect(await outcome(followView(t.ctx, ''))).toBe('not_found');
	});

	it('opens the status page however the code was written down: case, spaces and dashes do not matter', async () => {
		const a = await publicAccess();
		const { id, followCode } = await submitIntake(t.ctx, a, intake(a));
		const code = followCode!;
		for (const written of [code, code.toUpperCase(), code.replace(/-/g, ' '), code.replace(/-/g, ''), ` ${code.toUpperCase().replace(/-/g, ' - ')} `]) {
			expect((await followView(t.ctx, written)).status, written).toBe('review');
		}
		expect((await followView(t.ctx, code)).code).toBe(code);
		// One symbol off is another code, and opens nothing.
		const other = code.slice(0, -1) + (code.endsWith('a') ? 'b' : 'a');
		expect(await outcome(followView(t.ctx, other))).toBe('not_found');
		// Only a keyed hash is stored: neither the code nor its plain hash is in the row.
		const row = await t.ctx.db.selectFrom('asks').select('follow_token_hash').where('id', '=', id).executeTakeFirstOrThrow();
		expect(row.follow_token_hash).not.toContain(code);
		expect(row.follow_token_hash).not.toBe(sha256Hex(code));
	});

	it('still opens a status link made before codes (a 43-character token)', async () => {
		const a = await publicAccess();
		const { id } = await submitIntake(t.ctx, a, intake(a));
		const legacy = 'Q'.repeat(20) + 'legacy-token_0123456789abc';
		await t.ctx.db
			.updateTable('asks')
			.set({ follow_token_hash: sha256Hex(legacy) })
			.where('id', '=', id)
			.execute();
		expect((await followView(t.ctx, legacy)).status).toBe('review');
		expect((await followView(t.ctx, legacy)).code).toBeNull();
	});

	it('finds a typed code in its own network only, and counts wrong codes without ever refusing a right one', async () => {
		const a = await publicAccess();
		const { followCode } = await submitIntake(t.ctx, a, intake(a));
		expect(await followLookup(t.ctx, a, followCode!.toUpperCase().replace(/-/g, ' '))).toEqual({ code: followCode });
		expect(await outcome(followLookup(t.ctx, a, 'not a code'))).toBe('follow_code_format');
		const otherNet = await buildNetwork(t.ctx, admin, { joinPolicy: 'open' });
		const elsewhere = await loadNetworkAccess(t.ctx, NOBODY, otherNet.slug);
		expect(await outcome(followLookup(t.ctx, elsewhere, followCode!))).toBe('follow_code_unknown');
		// A flood of wrong codes for the other network: past the limit they are "too many"…
		for (let i = 0; i < FOLLOW_LOOKUP_WRONG_PER_HOUR - 1; i++) await outcome(followLookup(t.ctx, elsewhere, 'aaaa-aaaa-aaaa-aaaa'));
		const busy = await failure(followLookup(t.ctx, elsewhere, 'aaaa-aaaa-aaaa-aaab'));
		expect([busy.code, busy.field, busy.status]).toEqual(['follow_lookup_busy', 'code', 429]);
		// …and a family of that network still gets in with its right code.
		const theirs = await submitIntake(t.ctx, elsewhere, intake(elsewhere));
		expect(await followLookup(t.ctx, elsewhere, theirs.followCode!)).toEqual({ code: theirs.followCode });
		// The first network is not affected.
		expect(await outcome(followLookup(t.ctx, a, 'aaaa-aaaa-aaaa-aaaa'))).toBe('follow_code_unknown');
	});

	it('lets a steward make a new code (the old one stops working) and the family end theirs', async () => {
		const a = await publicAccess();
		const { id, followCode } = await submitIntake(t.ctx, a, intake(a));
		expect(await outcome(reissueFollowCode(t.ctx, NOBODY, a, id))).toBe('policy:signed_out');
		expect(await outcome(reissueFollowCode(t.ctx, actor(member), await access(member), id))).toBe('policy:forbidden');
		const { code } = await reissueFollowCode(t.ctx, actor(steward), await access(steward), id);
		expect(code).not.toBe(followCode);
		expect(await outcome(followView(t.ctx, followCode!))).toBe('not_found');
		expect((await followView(t.ctx, code)).status).toBe('review');

		expect(await endFollowCode(t.ctx, code)).toEqual({ networkSlug: a.network.slug });
		expect(await outcome(followView(t.ctx, code))).toBe('not_found');
		expect(await outcome(endFollowCode(t.ctx, code))).toBe('not_found');
		const kinds = (await t.ctx.db.selectFrom('ask_events').select('kind').where('ask_id', '=', id).execute()).map((e) => e.kind);
		expect(kinds).toEqual(expect.arrayContaining(['follow_reissued', 'follow_ended']));
	});

	it('is refused once the network switches the form off', async () => {
		const a = await publicAccess();
		const settings = await getAidSettings(t.ctx.db, networkId);
		await saveAidSettings(t.ctx.db, networkId, { ...settings, intakeEnabled: false }, t.ctx.now());
		try {
			const before = await askCount();
			const e = await failure(submitIntake(t.ctx, a, intake(a)));
			expect([e.code, e.status]).toEqual(['intake_closed', 403]);
			expect(await askCount()).toBe(before);
		} finally {
			await saveAidSettings(t.ctx.db, networkId, { ...settings, intakeEnabled: true }, t.ctx.now());
		}
		expect(await outcome(submitIntake(t.ctx, a, intake(a)))).toBe('ok');
	});

	it(`takes at most ${INTAKE_PER_HOUR} asks an hour per network`, async () => {
		const other = await buildNetwork(t.ctx, admin);
		const a = await loadNetworkAccess(t.ctx, NOBODY, other.slug);
		for (let i = 0; i < INTAKE_PER_HOUR; i++) expect(await outcome(submitIntake(t.ctx, a, intake(a)))).toBe('ok');
		expect(await outcome(submitIntake(t.ctx, a, intake(a)))).toBe('intake_busy');
		t.clock.advance(61 * 60_000);
		expect(await outcome(submitIntake(t.ctx, a, intake(a)))).toBe('ok');
	});
});
