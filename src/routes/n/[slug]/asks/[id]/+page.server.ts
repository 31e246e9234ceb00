import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { errorMessage } from '$lib/i18n/translate';
import { ASK_ACTIONS } from '$lib/domain/asks';
import { failFromService, failForm, keepValues, parseWith, readForm, translateErrors } from '$lib/server/forms';
import { ctxOf, guard, networkFromParams } from '$lib/server/http';
import { getAidSettings } from '$lib/server/asks/aid-settings';
import { transitionSchema } from '$lib/server/asks/asks.schema';
import { getAskDetail, reissueFollowCode, revealPrivate, suggestForAsk, takeStep } from '$lib/server/asks/asks.service';
import { ServiceError } from '$lib/server/errors';
import { listMembers } from '$lib/server/members/members.repository';
import { authorize } from '$lib/server/policy/policy';
import { findAsk } from '$lib/server/asks/asks.repository';
import { suggestionsForAsk } from '$lib/server/asks/suggestions';
import type { Ctx } from '$lib/server/context';
import { LINKABLE_ASK_CATEGORY, listFunds } from '$lib/server/funds/funds.service';
import { noticeFrom } from '../../notices';
import { getLocale } from '$lib/paraglide/runtime';
import { drawBagSchema } from '$lib/server/pantry/pantry.schema';
import { bagChoices, bagsForAsk, drawBagForAsk, InsufficientStockError } from '$lib/server/pantry/stock.service';
import { CLAIMED_STATUSES } from '$lib/domain/asks';
import { failStock } from '../../pantry/pantry-route';

const NOTICES = ['created', 'bag_drawn', ...ASK_ACTIONS] as const;

export const load: PageServerLoad = async (event) => {
	const access = await networkFromParams(event);
	const actor = guard(event, 'network.member', access.resource);
	const ctx = await ctxOf();
	let detail;
	try {
		detail = await getAskDetail(ctx, actor, access, event.params.id);
	} catch (e) {
		if (e instanceof ServiceError && e.code === 'not_found') error(404, errorMessage('not_found'));
		throw e;
	}
	const isSteward = authorize(actor, 'network.steward', access.resource);
	const choosing = detail.actions.includes('hand_over') || detail.actions.includes('reassign');
	const [settings, suggestions, members] = await Promise.all([
		getAidSettings(ctx.db, access.network.id),
		isSteward && ['open', 'claimed', 'picked_up', 'review'].includes(detail.card.status)
			? suggestForAsk(ctx, actor, access, event.params.id)
			: Promise.resolve([]),
		isSteward && choosing ? listMembers(ctx.db, access.network.id, 'active', { limit: 200, offset: 0 }) : Promise.resolve([])
	]);
	// Hand-over choices: stewards may pick any member; a volunteer picks among those who offer this kind of help.
	const targets = (
		isSteward ? members.map((mm) => ({ id: mm.userId, name: mm.displayName })) : suggestions.map((s) => ({ id: s.userId, name: s.name }))
	).filter((t) => t.id !== access.actorId);
	const handOverTargets =
		detail.actions.includes('hand_over') && !isSteward ? await handOverChoices(ctx, access.network.id, detail.card.id, access.actorId) : targets;
	// A rent or bills ask can be carried over into a request to one of the network's open funds.
	const linkable =
		detail.card.category === LINKABLE_ASK_CATEGORY && (detail.role.requester || isSteward) && !['closed', 'cancelled', 'expired'].includes(detail.card.status);
	const funds = linkable
		? (await listFunds(ctx, actor, access)).filter((f) => f.fund.status === 'active').map((f) => ({ id: f.fund.id, name: f.fund.name }))
		: [];
	// A delivery can draw one standard bag from a pantry: its volunteer or a steward, while it is under way.
	const canDraw =
		(detail.role.claimant || isSteward) && CLAIMED_STATUSES.some((s) => s === detail.card.status) && authorize(actor, 'pantry.record', access.resource);
	const [bags, drawn] = canDraw ? await Promise.all([bagChoices(ctx, actor, access, getLocale()), bagsForAsk(ctx, access, detail.card.id)]) : [[], []];
	return {
		network: { slug: access.network.slug, name: access.network.name },
		pantry: {
			bags: bags.map((k) => ({
				id: k.id,
				name: k.name,
				places: k.places.map((p) => ({
					id: p.id,
					name: p.name,
					lacks: p.lacks.map((l) => ({ itemId: l.itemId, name: l.name, unit: l.unit, size: l.size, need: l.need, have: l.have, short: l.short }))
				}))
			})),
			drawn: drawn
				.filter((b) => b.kind === 'distribution' && b.correctedBy === null)
				.map((b) => ({ id: b.id, kitName: b.kitName, place: b.locationName, on: b.occurredOn }))
		},
		funds,
		// A steward can give a family without an account a new status code while its details are kept.
		canReissueCode: isSteward && detail.source !== 'self' && !detail.purged,
		areas: access.areas,
		categories: settings.categories,
		detail,
		suggestions: suggestions.map((s) => ({ userId: s.userId, name: s.name, score: s.score, reasons: s.reasons })),
		targets: handOverTargets,
		notice: noticeFrom(event.url, NOTICES)
	};
};

/** A volunteer handing over sees the other volunteers who offer this kind of help (names only). */
async function handOverChoices(ctx: Ctx, networkId: string, askId: string, me: string | null) {
	const ask = await findAsk(ctx.db, networkId, askId);
	if (!ask) return [];
	return (await suggestionsForAsk(ctx, ctx.db, ask, [me ?? ''], 10)).map((s) => ({ id: s.userId, name: s.name }));
}

export const actions: Actions = {
	step: async (event) => {
		const access = await networkFromParams(event);
		const actor = guard(event, 'network.member', access.resource);
		const input = await readForm(event.request);
		const values = keepValues(input);
		const parsed = parseWith(transitionSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await takeStep(await ctxOf(), actor, access, event.params.id, parsed.data);
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `/n/${access.network.slug}/asks/${event.params.id}?notice=${parsed.data.action}`);
	},

	/** Takes one standard bag out of a pantry for this delivery (a distribution movement linked to the ask). */
	draw: async (event) => {
		const access = await networkFromParams(event);
		const actor = guard(event, 'pantry.record', access.resource);
		const input = await readForm(event.request);
		const values: Record<string, string> = { ...keepValues(input), action: 'draw' };
		const parsed = parseWith(drawBagSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			// A delivery's bag never takes a shelf below zero: the form offers places that can fill it.
			await drawBagForAsk(await ctxOf(), actor, access, event.params.id, { ...parsed.data, override: false }, getLocale());
		} catch (e) {
			if (e instanceof InsufficientStockError) return fail(409, { errors: translateErrors({ locationId: 'bag_place_short' }), values, short: e.short });
			return failStock(e, values);
		}
		redirect(303, `/n/${access.network.slug}/asks/${event.params.id}?notice=bag_drawn`);
	},

	/** Makes a new status code for the family (the old one stops working); shown in this response only. */
	newCode: async (event) => {
		const access = await networkFromParams(event);
		const actor = guard(event, 'network.steward', access.resource);
		const input = await readForm(event.request);
		const values: Record<string, string> = { action: 'newCode' };
		if (input.confirmNewCode !== 'on') return failForm(400, { confirmNewCode: 'confirm_required' }, values);
		let issued;
		try {
			issued = await reissueFollowCode(await ctxOf(), actor, access, event.params.id);
		} catch (e) {
			return failFromService(e, values);
		}
		return { newCode: { code: issued.code, link: `${event.url.origin}/follow/${issued.code}` } };
	},

	/** Shows the private part in this response only; every press is one access-log row. */
	reveal: async (event) => {
		const access = await networkFromParams(event);
		const actor = guard(event, 'network.member', access.resource);
		try {
			return { revealed: await revealPrivate(await ctxOf(), actor, access, event.params.id) };
		} catch (e) {
			return failFromService(e, { action: 'reveal' });
		}
	}
};
