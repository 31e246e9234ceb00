import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { needsList } from '$lib/server/pantry/distributions.service';
import { authorize } from '$lib/server/policy/policy';
import { pantryFromParams, pantryHeader } from '../pantry-route';

function itemText(name: string, size: string | null): string {
	return size === null ? name : `${name} · ${size}`;
}

/**
 * What the network asks donors for, shareable with anyone (signed out too): counts of items, no
 * names or addresses. Members also see the pantry's sections.
 */
export const load: PageServerLoad = async (event) => {
	const r = await pantryFromParams(event, 'network.view');
	const needs = await needsList(r.ctx, r.actor, r.access, getLocale());
	return {
		...pantryHeader(r),
		isMember: authorize(r.actor, 'pantry.view', r.access.resource),
		distributions: needs.distributions.map((d) => ({
			id: d.id,
			name: d.name,
			day: d.day,
			startTime: d.startTime,
			bagsToGo: d.bagsToGo,
			short: d.short.map((s) => ({ itemId: s.itemId, label: itemText(s.name, s.size), unit: s.unit, short: s.short }))
		})),
		low: needs.low.map((l) => ({ itemId: l.itemId, label: itemText(l.name, l.size), unit: l.unit, quantity: Math.max(0, l.quantity) })),
		total: needs.total.map((t) => ({ itemId: t.itemId, label: itemText(t.name, t.size), unit: t.unit, short: t.short }))
	};
};
