import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { errorMessage } from '$lib/i18n/translate';
import { ServiceError } from '$lib/server/errors';
import { flag } from '$lib/server/fields';
import { failForm, failFromService, keepValues, parseWith, readForm } from '$lib/server/forms';
import { getItem, setItemArchived, updateItem } from '$lib/server/pantry/catalogue.service';
import { itemFormInput, itemSchema } from '$lib/server/pantry/pantry.schema';
import { noticeFrom } from '../../../notices';
import { pantryFromParams, pantryHeader } from '../../pantry-route';

const confirmSchema = z.object({ confirm: flag.refine((v) => v, 'confirm_required') });

export const load: PageServerLoad = async (event) => {
	const r = await pantryFromParams(event, 'pantry.manage');
	let item;
	try {
		item = await getItem(r.ctx, r.actor, r.access, event.params.id);
	} catch (e) {
		if (e instanceof ServiceError && e.code === 'not_found') error(404, errorMessage('not_found'));
		throw e;
	}
	const current: Record<string, string> = {
		name: item.name,
		category: item.category,
		unit: item.unit,
		size: item.size ?? '',
		barcode: item.barcode ?? '',
		minLevel: item.minLevel === null ? '' : String(item.minLevel)
	};
	for (const [l, n] of Object.entries(item.names)) current[`name_${l}`] = n;
	return {
		...pantryHeader(r),
		item: { id: item.id, name: item.name, names: item.names, size: item.size, archived: item.archived },
		current,
		notice: noticeFrom(event.url, ['saved', 'archived', 'restored'] as const)
	};
};

export const actions: Actions = {
	save: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'save' };
		const parsed = parseWith(itemSchema, itemFormInput(input, r.access.network.languages));
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await updateItem(r.ctx, r.actor, r.access, event.params.id, parsed.data);
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${r.base}/items/${event.params.id}?notice=saved`);
	},

	/** Archiving takes the item out of pickers and lists; its history stays in the ledger. */
	archive: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'archive' };
		const parsed = parseWith(confirmSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await setItemArchived(r.ctx, r.actor, r.access, event.params.id, true);
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${r.base}/items/${event.params.id}?notice=archived`);
	},

	restore: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		try {
			await setItemArchived(r.ctx, r.actor, r.access, event.params.id, false);
		} catch (e) {
			return failFromService(e, { form: 'restore' });
		}
		redirect(303, `${r.base}/items/${event.params.id}?notice=restored`);
	}
};
