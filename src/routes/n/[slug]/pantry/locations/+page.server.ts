import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failForm, failFromService, keepValues, parseWith, readForm } from '$lib/server/forms';
import { createLocation, hoursOf, listLocations } from '$lib/server/pantry/catalogue.service';
import { locationSchema } from '$lib/server/pantry/pantry.schema';
import { pantryFromParams, pantryHeader } from '../pantry-route';

export const load: PageServerLoad = async (event) => {
	const r = await pantryFromParams(event, 'pantry.view');
	const header = pantryHeader(r);
	// Stewards also see archived places, so they can bring one back.
	const places = await listLocations(r.ctx, r.actor, r.access, { includeArchived: header.canManage });
	return {
		...header,
		places: places.map((p) => ({ id: p.id, name: p.name, kind: p.kind, address: p.address, isPrivate: p.isPrivate, archived: p.archived, hours: hoursOf(p) }))
	};
};

export const actions: Actions = {
	add: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		const input = await readForm(event.request);
		const values = keepValues(input);
		const parsed = parseWith(locationSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		let id: string;
		try {
			({ id } = await createLocation(r.ctx, r.actor, r.access, parsed.data));
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${r.base}/locations/${id}?notice=created`);
	}
};
