import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { hoursToText } from '$lib/domain/recurrence';
import { isLow } from '$lib/domain/stock';
import { itemLabel } from '$lib/i18n/pantry-labels';
import { errorMessage } from '$lib/i18n/translate';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { ServiceError } from '$lib/server/errors';
import { flag } from '$lib/server/fields';
import { failForm, failFromService, keepValues, parseWith, translateErrors, type ErrorCodes, queryParam, readForm } from '$lib/server/forms';
import { allItems, getLocation, hoursOf, listLocations, setLocationArchived, updateLocation } from '$lib/server/pantry/catalogue.service';
import { adjustSchema, countSchema, locationSchema, quantity, transferSchema } from '$lib/server/pantry/pantry.schema';
import { adjustStock, countStock, InsufficientStockError, stockAt, storedName, transferStock } from '$lib/server/pantry/stock.service';
import { noticeFrom } from '../../../notices';
import { failStock, pantryFromParams, pantryHeader } from '../../pantry-route';

const confirmSchema = z.object({ confirm: flag.refine((v) => v, 'confirm_required') });
const countedValue = quantity(0, 1_000_000);
function listFrom(v: string | string[] | undefined): string[] {
	return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

const NOTICES = ['created', 'saved', 'archived', 'restored', 'adjusted', 'counted', 'moved'] as const;

export const load: PageServerLoad = async (event) => {
	const r = await pantryFromParams(event, 'pantry.view');
	const header = pantryHeader(r);
	let place;
	try {
		place = await getLocation(r.ctx, r.actor, r.access, event.params.id);
	} catch (e) {
		if (e instanceof ServiceError && e.code === 'not_found') error(404, errorMessage('not_found'));
		throw e;
	}
	const locale = getLocale();
	const [levels, items, places] = await Promise.all([
		stockAt(r.ctx, r.actor, r.access, place.id),
		header.canManage ? allItems(r.ctx, r.actor, r.access) : Promise.resolve([]),
		header.canManage ? listLocations(r.ctx, r.actor, r.access) : Promise.resolve([])
	]);
	const hours = hoursOf(place);
	const text = hoursToText(hours);
	const stock = levels.map((l) => ({
		itemId: l.itemId,
		label: l.size === null ? storedName(l.names, l.name, locale) : `${storedName(l.names, l.name, locale)} · ${l.size}`,
		category: l.category,
		unit: l.unit,
		minLevel: l.minLevel,
		quantity: l.quantity,
		low: isLow(l.quantity, l.minLevel)
	}));
	const held = new Set(stock.map((s) => s.itemId));
	const notice = noticeFrom(event.url, NOTICES);
	const changed = Number.parseInt(queryParam(event.url, 'changed') ?? '0', 10);
	return {
		...header,
		place: { id: place.id, name: place.name, kind: place.kind, address: place.address, isPrivate: place.isPrivate, archived: place.archived, hours },
		current: {
			name: place.name,
			kind: place.kind,
			isPrivate: place.isPrivate ? 'on' : '',
			address: place.address ?? '',
			hoursWeekly: text.weekly,
			hoursExceptions: text.exceptions
		},
		stock,
		items: items.map((i) => ({ id: i.id, label: itemLabel(i), held: held.has(i.id) })),
		otherPlaces: places.filter((p) => p.id !== place.id).map((p) => ({ id: p.id, name: p.name })),
		notice,
		changed: notice === 'counted' && Number.isFinite(changed) && changed >= 0 ? changed : 0
	};
};

export const actions: Actions = {
	save: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'save' };
		const parsed = parseWith(locationSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await updateLocation(r.ctx, r.actor, r.access, event.params.id, parsed.data);
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${r.base}/locations/${event.params.id}?notice=saved`);
	},

	/** Archiving hides the place from pickers; its ledger stays, and it can come back. */
	archive: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'archive' };
		const parsed = parseWith(confirmSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await setLocationArchived(r.ctx, r.actor, r.access, event.params.id, true);
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${r.base}/locations/${event.params.id}?notice=archived`);
	},

	restore: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		try {
			await setLocationArchived(r.ctx, r.actor, r.access, event.params.id, false);
		} catch (e) {
			return failFromService(e, { form: 'archive' });
		}
		redirect(303, `${r.base}/locations/${event.params.id}?notice=restored`);
	},

	/** Spoiled, expired or damaged things out, found things in; taking out more than is here needs the override. */
	adjust: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'adjust' };
		const parsed = parseWith(adjustSchema, { ...input, locationId: event.params.id });
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await adjustStock(r.ctx, r.actor, r.access, parsed.data, getLocale());
		} catch (e) {
			return failStock(e, values);
		}
		redirect(303, `${r.base}/locations/${event.params.id}?notice=adjusted`);
	},

	/** A stock-take: `count_<itemId>` per item on the sheet (empty = not counted), plus one item not held here yet. */
	count: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'count' };
		// Rows for items not on the sheet yet: repeated `extraItem` / `extraCount` fields, blank rows skipped.
		const extraItems = listFrom(input.extraItem);
		const extraCounts = listFrom(input.extraCount);
		const extras = extraItems.map((item, i) => ({ item, counted: (extraCounts[i] ?? '').trim() })).filter((x) => x.item !== '' || x.counted !== '');
		const errors: ErrorCodes = {};
		for (const [k, v] of Object.entries(input)) {
			if (k.startsWith('count_') && typeof v === 'string' && v.trim() !== '' && !countedValue.safeParse(v).success) errors[k] = 'quantity_invalid';
		}
		for (const x of extras) {
			if (x.item === '' || x.counted === '') errors.extra = 'required';
			else if (!countedValue.safeParse(x.counted).success) errors.extra = 'quantity_invalid';
		}
		if (Object.keys(errors).length > 0) return failForm(400, errors, values);
		const sheet: Record<string, string | string[]> = { ...input, locationId: event.params.id };
		for (const x of extras) sheet[`count_${x.item}`] = x.counted;
		const parsed = parseWith(countSchema, sheet);
		if (!parsed.ok) {
			const messages = translateErrors(parsed.errors);
			if (parsed.errors.counts === 'required') messages.counts = m.pantry_count_nothing();
			return fail(400, { errors: messages, values });
		}
		let changed: number;
		try {
			({ changed } = await countStock(r.ctx, r.actor, r.access, parsed.data));
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${r.base}/locations/${event.params.id}?notice=counted&changed=${changed}`);
	},

	/** Moves things from this place to another; there is no override, since what is not here cannot be moved. */
	move: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'move' };
		const parsed = parseWith(transferSchema, { ...input, fromLocationId: event.params.id });
		if (!parsed.ok) {
			const messages = translateErrors(parsed.errors);
			if (parsed.errors.lines === 'required') messages.lines = m.pantry_move_no_lines();
			return fail(400, { errors: messages, values });
		}
		try {
			await transferStock(r.ctx, r.actor, r.access, parsed.data, getLocale());
		} catch (e) {
			if (e instanceof InsufficientStockError) return fail(409, { errors: { lines: m.pantry_move_short_error() }, values, short: e.short });
			return failFromService(e, values);
		}
		redirect(303, `${r.base}/locations/${event.params.id}?notice=moved`);
	}
};
