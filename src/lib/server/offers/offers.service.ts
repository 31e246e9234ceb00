import type { WeeklySlot } from '$lib/domain/matching';
import type { Ctx } from '../context';
import { newId } from '../db/conventions';
import { ServiceError } from '../errors';
import type { NetworkAccess } from '../networks/networks.service';
import { requireAllowed, type Actor } from '../policy/policy';
import { getAidSettings } from '../asks/aid-settings';
import type { BoardFilter } from '../asks/asks.schema';
import * as repo from './offers.repository';
import type { OfferInput } from './offers.schema';

export const OFFERS_PAGE_SIZE = 20;
/** Active offers one person may hold in a network at a time. */
export const MAX_ACTIVE_OFFERS = 20;

function minutes(hhmm: string): number {
	const [h, m] = hhmm.split(':').map(Number);
	return (h ?? 0) * 60 + (m ?? 0);
}

/** Days ticked and one time range → weekly slots (a range ending before it starts runs past midnight). */
export function slotsFrom(days: readonly string[], from: string, to: string): WeeklySlot[] {
	const start = minutes(from);
	const end = minutes(to) === 0 ? 1440 : minutes(to);
	return days.map((d) => ({ day: Number(d), startMinute: start, endMinute: end }));
}

/** A member offers help; areas left empty means every area of the network. */
export async function createOffer(ctx: Ctx, actor: Actor, access: NetworkAccess, input: OfferInput): Promise<{ id: string }> {
	requireAllowed(actor, 'network.member', access.resource);
	const userId = actor.userId;
	if (userId === null) throw new ServiceError('signed_out', undefined, 401);
	const settings = await getAidSettings(ctx.db, access.network.id);
	if (!settings.categories.some((c) => c.code === input.category)) throw new ServiceError('invalid_choice', 'category');
	const known = new Set(access.areas.map((a) => a.id));
	if (input.areas.some((a) => !known.has(a))) throw new ServiceError('invalid_choice', 'areas');
	const mine = await repo.listOffersOfUser(ctx.db, access.network.id, userId);
	if (mine.filter((o) => o.status === 'active').length >= MAX_ACTIVE_OFFERS) throw new ServiceError('too_many_offers', undefined, 409);
	const now = ctx.now();
	const id = newId(now);
	await repo.insertOffer(ctx.db, {
		id,
		networkId: access.network.id,
		userId,
		category: input.category,
		description: input.description,
		areaIds: input.areas.length > 0 ? input.areas : [...known],
		availability: slotsFrom(input.days, input.from, input.to),
		capacityPerWeek: input.capacityPerWeek,
		hasCar: input.hasCar,
		languages: input.languages,
		now
	});
	return { id };
}

/** The offerer withdraws an offer (it stays in their list as closed). */
export async function closeOffer(ctx: Ctx, actor: Actor, access: NetworkAccess, offerId: string): Promise<void> {
	requireAllowed(actor, 'network.member', access.resource);
	if (!(await repo.closeOffer(ctx.db, access.network.id, offerId, actor.userId ?? '', ctx.now()))) {
		throw new ServiceError('not_found', undefined, 404);
	}
}

/** What the board shows of an offer: the kind of help, where and when — not who. */
export interface OfferCard {
	id: string;
	category: string;
	description: string;
	areaNames: string[];
	availability: WeeklySlot[];
	capacityPerWeek: number | null;
	hasCar: boolean;
	languages: string[];
	status: 'active' | 'closed';
	createdAt: Date;
}

export function toOfferCard(access: NetworkAccess, o: repo.OfferRow): OfferCard {
	const names = new Map([...access.areas, ...access.archivedAreas].map((a) => [a.id, a.name]));
	return {
		id: o.id,
		category: o.category,
		description: o.description,
		areaNames: o.areaIds.map((id) => names.get(id)).filter((n): n is string => n !== undefined),
		availability: o.availability,
		capacityPerWeek: o.capacityPerWeek,
		hasCar: o.hasCar,
		languages: o.languages,
		status: o.status,
		createdAt: o.createdAt
	};
}

export async function listOffersBoard(ctx: Ctx, actor: Actor, access: NetworkAccess, filter: BoardFilter, page: number) {
	requireAllowed(actor, 'network.member', access.resource);
	const q: repo.OfferQuery = { networkId: access.network.id, category: filter.category, areaId: filter.area, language: filter.language };
	const [rows, total] = await Promise.all([
		repo.listActiveOffers(ctx.db, q, { limit: OFFERS_PAGE_SIZE, offset: (page - 1) * OFFERS_PAGE_SIZE }),
		repo.countActiveOffers(ctx.db, q)
	]);
	return { items: rows.map((o) => toOfferCard(access, o)), total, page, pageCount: Math.max(1, Math.ceil(total / OFFERS_PAGE_SIZE)) };
}

export async function listMyOffers(ctx: Ctx, actor: Actor, access: NetworkAccess): Promise<OfferCard[]> {
	requireAllowed(actor, 'network.member', access.resource);
	return (await repo.listOffersOfUser(ctx.db, access.network.id, actor.userId ?? '')).map((o) => toOfferCard(access, o));
}
