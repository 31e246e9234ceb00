import { matchAsksForVolunteer, rankCandidates, type MatchAsk, type MatchCandidate, type MatchReason, type WeeklySlot } from '$lib/domain/matching';
import type { Ctx } from '../context';
import type { Executor } from '../db/index';
import { notify } from '../notify/notify.service';
import { listOffersForMatching, type OfferRow } from '../offers/offers.repository';
import { categoryParam, type AidSettings } from './aid-settings';
import { countClaimsSince, memberNames, type AskRow } from './asks.repository';

const DAY = 86_400_000;
/** Fairness looks at the last 30 days; capacity at the last 7. */
const RECENT_DAYS = 30;

interface OfferCandidate extends MatchCandidate {
	userId: string;
	offerId: string;
}

export interface Suggestion {
	userId: string;
	name: string;
	offerId: string;
	score: number;
	reasons: MatchReason[];
}

/** The network's offset from UTC now, in minutes (the server's zone; see docs/ARCHITECTURE.md). */
export function serverUtcOffset(now: Date): number {
	return -now.getTimezoneOffset();
}

export function toMatchAsk(a: AskRow): MatchAsk {
	return {
		id: a.id,
		categoryId: a.category,
		areaId: a.areaId ?? '',
		languages: a.languages,
		urgency: a.urgency,
		neededBy: a.neededBy === null ? undefined : new Date(`${a.neededBy}T23:59:59`),
		needsCar: a.needsCar
	};
}

/** One candidate per active offer, with the offerer's claim counts (for fairness and capacity). */
async function offerCandidates(ctx: Ctx, db: Executor, networkId: string, offers: OfferRow[]): Promise<OfferCandidate[]> {
	const now = ctx.now().getTime();
	const [week, recent] = await Promise.all([
		countClaimsSince(db, networkId, new Date(now - 7 * DAY)),
		countClaimsSince(db, networkId, new Date(now - RECENT_DAYS * DAY))
	]);
	return offers.map((o) => ({
		id: o.id,
		offerId: o.id,
		userId: o.userId,
		categories: [o.category],
		areaIds: o.areaIds,
		languages: o.languages,
		availability: o.availability,
		capacityPerWeek: o.capacityPerWeek,
		claimsThisWeek: week.get(o.userId) ?? 0,
		recentClaims: recent.get(o.userId) ?? 0,
		hasCar: o.hasCar
	}));
}

/**
 * The people best placed to help with `ask`, best first, one entry per person (their best
 * offer), never the person who asked nor anyone in `exclude`. Only offers of the ask's category
 * are considered: a tutor is not suggested for a grocery run however close they live.
 */
export async function suggestionsForAsk(ctx: Ctx, db: Executor, ask: AskRow, exclude: readonly string[], limit = 10): Promise<Suggestion[]> {
	const skip = new Set([...exclude, ...(ask.requesterId ? [ask.requesterId] : [])]);
	const offers = (await listOffersForMatching(db, ask.networkId, { category: ask.category })).filter((o) => !skip.has(o.userId));
	if (offers.length === 0) return [];
	const candidates = await offerCandidates(ctx, db, ask.networkId, offers);
	// One entry per person in the end: rank enough offers that `limit` distinct people are sure
	// to be among them (each person's extra offers can take at most that many places).
	const extraOffers = candidates.length - new Set(candidates.map((c) => c.userId)).size;
	const ranked = rankCandidates(toMatchAsk(ask), candidates, { now: ctx.now(), utcOffsetMinutes: serverUtcOffset(ctx.now()), limit: limit + extraOffers });
	const best = new Map<string, (typeof ranked)[number]>();
	for (const r of ranked) if (!best.has(r.candidate.userId)) best.set(r.candidate.userId, r);
	const top = [...best.values()].slice(0, limit);
	const names = await memberNames(
		db,
		ask.networkId,
		top.map((t) => t.candidate.userId)
	);
	return top.map((t) => ({
		userId: t.candidate.userId,
		name: names.get(t.candidate.userId) ?? '',
		offerId: t.candidate.offerId,
		score: t.score,
		reasons: t.reasons
	}));
}

/**
 * Tells the best-placed volunteers that a neighbour in an area needs a kind of help — never who
 * or where exactly. Each person hears about one ask once (dedupe key), so after a claim expires
 * the next people down the list are told, not the same ones again.
 */
export async function notifySuggestions(
	ctx: Ctx,
	trx: Executor,
	network: { id: string; slug: string },
	settings: AidSettings,
	ask: AskRow,
	areaName: string,
	exclude: readonly string[],
	count = 3
): Promise<number> {
	if (!settings.notifySuggestions || ask.status !== 'open') return 0;
	const ranked = await suggestionsForAsk(ctx, trx, ask, exclude, 25);
	let sent = 0;
	for (const s of ranked) {
		if (sent >= count) break;
		const id = await notify(ctx, trx, {
			userId: s.userId,
			networkId: network.id,
			kind: 'ask_nearby',
			params: { category: categoryParam(settings.categories, ask.category), area: areaName },
			link: `/n/${network.slug}/asks/${ask.id}`,
			dedupeKey: `ask_nearby:${ask.id}:${s.userId}`
		});
		if (id !== null) sent++;
	}
	return sent;
}

/** One volunteer as a single candidate: all their active offers together. */
export function volunteerFrom(userId: string, offers: OfferRow[], claimsThisWeek: number, recentClaims: number): MatchCandidate & { userId: string } {
	const capacities = offers.map((o) => o.capacityPerWeek);
	const slots: WeeklySlot[] = offers.flatMap((o) => o.availability);
	return {
		id: userId,
		userId,
		categories: [...new Set(offers.map((o) => o.category))],
		areaIds: [...new Set(offers.flatMap((o) => o.areaIds))],
		languages: [...new Set(offers.flatMap((o) => o.languages))],
		availability: slots,
		capacityPerWeek: capacities.includes(null) ? null : Math.max(...capacities.map((c) => c ?? 0)),
		claimsThisWeek,
		recentClaims,
		hasCar: offers.some((o) => o.hasCar)
	};
}

/** Open asks best suited to one member's active offers. */
export async function asksForVolunteer(ctx: Ctx, db: Executor, networkId: string, userId: string, openAsks: AskRow[], limit = 10) {
	const offers = await listOffersForMatching(db, networkId, { userId });
	if (offers.length === 0) return { hasOffers: false, matches: [] };
	const now = ctx.now().getTime();
	const [week, recent] = await Promise.all([
		countClaimsSince(db, networkId, new Date(now - 7 * DAY)),
		countClaimsSince(db, networkId, new Date(now - RECENT_DAYS * DAY))
	]);
	const volunteer = volunteerFrom(userId, offers, week.get(userId) ?? 0, recent.get(userId) ?? 0);
	const categories = new Set(volunteer.categories);
	const candidates = openAsks.filter((a) => a.requesterId !== userId && categories.has(a.category)).map((a) => ({ ...toMatchAsk(a), row: a }));
	const matches = matchAsksForVolunteer(volunteer, candidates, { now: ctx.now(), utcOffsetMinutes: serverUtcOffset(ctx.now()), limit });
	return { hasOffers: true, matches: matches.map((m) => ({ ask: m.ask.row, score: m.score, reasons: m.reasons })) };
}
