import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { localDay } from '$lib/domain/days';
import { WEEKDAYS } from '$lib/domain/recurrence';
import { failForm, failFromService, keepValues, parseWith, readForm } from '$lib/server/forms';
import { listKits, listLocations } from '$lib/server/pantry/catalogue.service';
import { createDistribution, formOf, listDistributions } from '$lib/server/pantry/distributions.service';
import { distributionSchema } from '$lib/server/pantry/pantry.schema';
import { pantryFromParams, pantryHeader } from '../pantry-route';

export const load: PageServerLoad = async (event) => {
	const r = await pantryFromParams(event, 'pantry.view');
	const header = pantryHeader(r);
	const list = await listDistributions(r.ctx, r.actor, r.access);
	const pickers = header.canManage ? await Promise.all([listLocations(r.ctx, r.actor, r.access), listKits(r.ctx, r.actor, r.access)]) : null;
	const places = pickers?.[0] ?? [];
	const kits = pickers?.[1] ?? [];
	const onlyPlace = places.length === 1 ? places[0] : undefined;
	const onlyKit = kits.length === 1 ? kits[0] : undefined;
	return {
		...header,
		distributions: list.map((s) => ({
			id: s.distribution.id,
			name: s.distribution.name,
			locationName: s.locationName,
			place: s.distribution.place,
			kitName: s.kitName,
			plannedBags: s.distribution.plannedBags,
			ended: s.distribution.status === 'ended',
			schedule: formOf(s.distribution),
			next: s.next ? { start: s.next.start, day: s.next.day, startTime: s.next.startTime, endTime: s.next.endTime, moved: s.next.moved } : null
		})),
		places: places.map((p) => ({ id: p.id, name: p.name })),
		kits: kits.map((k) => ({ id: k.id, name: k.name })),
		weekdays: [...WEEKDAYS],
		current: {
			frequency: 'weekly',
			interval: '1',
			startDay: localDay(r.ctx.now()),
			startTime: '15:00',
			endTime: '17:00',
			plannedBags: '0',
			locationId: onlyPlace?.id ?? '',
			kitId: onlyKit?.id ?? ''
		}
	};
};

export const actions: Actions = {
	create: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		const input = await readForm(event.request);
		const values = keepValues(input);
		const parsed = parseWith(distributionSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		let id: string;
		try {
			id = (await createDistribution(r.ctx, r.actor, r.access, parsed.data)).id;
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${r.base}/distributions/${id}?notice=created`);
	}
};
