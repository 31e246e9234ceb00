import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failForm, failFromService, keepValues, parseWith, readForm } from '$lib/server/forms';
import { createKit, listKits } from '$lib/server/pantry/catalogue.service';
import { kitSchema } from '$lib/server/pantry/pantry.schema';
import { pantryFromParams, pantryHeader } from '../pantry-route';
import { itemsForKits, kitLines } from './kit-lines';

export const load: PageServerLoad = async (event) => {
	const r = await pantryFromParams(event, 'pantry.view');
	const header = pantryHeader(r);
	const kits = await listKits(r.ctx, r.actor, r.access, { includeArchived: header.canManage });
	const { byId } = await itemsForKits(r, kits);
	return {
		...header,
		kits: kits.map((k) => ({ id: k.id, name: k.name, description: k.description, archived: k.archived, lines: kitLines(k, byId) }))
	};
};

export const actions: Actions = {
	create: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		const input = await readForm(event.request);
		const values = keepValues(input);
		const parsed = parseWith(kitSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		let id: string;
		try {
			({ id } = await createKit(r.ctx, r.actor, r.access, parsed.data));
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${r.base}/kits/${id}?notice=created`);
	}
};
