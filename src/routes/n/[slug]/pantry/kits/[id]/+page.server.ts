import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { itemLabel } from '$lib/i18n/pantry-labels';
import { errorMessage } from '$lib/i18n/translate';
import { ServiceError } from '$lib/server/errors';
import { flag } from '$lib/server/fields';
import { failForm, failFromService, keepValues, parseWith, readForm } from '$lib/server/forms';
import { getKit, setKitArchived, setKitLine, updateKit } from '$lib/server/pantry/catalogue.service';
import { kitLineSchema, kitSchema } from '$lib/server/pantry/pantry.schema';
import { noticeFrom } from '../../../notices';
import { pantryFromParams, pantryHeader } from '../../pantry-route';
import { itemsForKits, kitLines } from '../kit-lines';

const confirmSchema = z.object({ confirm: flag.refine((v) => v, 'confirm_required') });
const removeSchema = z.object({ itemId: z.string().trim().min(1, 'required').max(64, 'invalid_choice') });

export const load: PageServerLoad = async (event) => {
	const r = await pantryFromParams(event, 'pantry.view');
	let kit;
	try {
		kit = await getKit(r.ctx, r.actor, r.access, event.params.id);
	} catch (e) {
		if (e instanceof ServiceError && e.code === 'not_found') error(404, errorMessage('not_found'));
		throw e;
	}
	const { active, byId } = await itemsForKits(r, [kit]);
	const lines = kitLines(kit, byId);
	return {
		...pantryHeader(r),
		kit: { id: kit.id, name: kit.name, description: kit.description, archived: kit.archived, lines },
		current: { name: kit.name, description: kit.description },
		items: active.map((i) => ({ id: i.id, label: itemLabel(i) })),
		notice: noticeFrom(event.url, ['created', 'saved', 'line_set', 'line_removed', 'archived', 'restored'] as const)
	};
};

export const actions: Actions = {
	save: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'save' };
		const parsed = parseWith(kitSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await updateKit(r.ctx, r.actor, r.access, event.params.id, parsed.data);
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${r.base}/kits/${event.params.id}?notice=saved`);
	},

	/** Sets how many of an item one bag holds; 0 takes it out. */
	line: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'line' };
		const parsed = parseWith(kitLineSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await setKitLine(r.ctx, r.actor, r.access, event.params.id, parsed.data);
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${r.base}/kits/${event.params.id}?notice=${parsed.data.quantity === 0 ? 'line_removed' : 'line_set'}`);
	},

	remove: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'remove' };
		const parsed = parseWith(removeSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await setKitLine(r.ctx, r.actor, r.access, event.params.id, { itemId: parsed.data.itemId, quantity: 0 });
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${r.base}/kits/${event.params.id}?notice=line_removed`);
	},

	archive: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'archive' };
		const parsed = parseWith(confirmSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await setKitArchived(r.ctx, r.actor, r.access, event.params.id, true);
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${r.base}/kits/${event.params.id}?notice=archived`);
	},

	restore: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		try {
			await setKitArchived(r.ctx, r.actor, r.access, event.params.id, false);
		} catch (e) {
			return failFromService(e, { form: 'archive' });
		}
		redirect(303, `${r.base}/kits/${event.params.id}?notice=restored`);
	}
};
