import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { errorMessage } from '$lib/i18n/translate';
import { count } from '$lib/i18n/pantry-labels';
import { getLocale } from '$lib/paraglide/runtime';
import { ServiceError } from '$lib/server/errors';
import { failForm, failFromService, keepValues, parseWith, queryParam, readForm } from '$lib/server/forms';
import { allItems } from '$lib/server/pantry/catalogue.service';
import { tallyTapSchema } from '$lib/server/pantry/pantry.schema';
import { finishTally, getTally, storedName, tallyTap, undoTallyTap } from '$lib/server/pantry/stock.service';
import { noticeFrom } from '../../../notices';
import { pantryFromParams, pantryHeader } from '../../pantry-route';
import { itemGroups } from '../item-groups';

/** "+3 Rice": a line of a batch as the undo button and the notice say it. */
function lineLabel(line: { name: string; names: string; size: string | null; quantity: number }): { label: string; quantity: number } {
	const name = storedName(line.names, line.name, getLocale());
	return { label: line.size === null ? name : `${name} · ${line.size}`, quantity: line.quantity };
}

/**
 * One tally, for a phone without JavaScript: a big button per item in one form, so a tap is one
 * small POST and a redirect back to the same button (`#item-<id>`).
 */
export const load: PageServerLoad = async (event) => {
	const r = await pantryFromParams(event, 'pantry.record');
	const header = pantryHeader(r);
	let view;
	try {
		view = await getTally(r.ctx, r.actor, r.access, event.params.id);
	} catch (e) {
		if (e instanceof ServiceError && e.code === 'not_found') error(404, errorMessage('not_found'));
		throw e;
	}
	const items = await allItems(r.ctx, r.actor, r.access);
	const totals = view.totals;
	const groups = itemGroups(items).map((g) => ({
		category: g.category,
		items: g.items.map((i) => ({ id: i.id, label: i.label, count: totals.get(i.id) ?? 0 }))
	}));
	const lastLine = view.last?.lines[0];
	const notice = noticeFrom(event.url, ['tapped', 'undone'] as const);
	// The tapped item is looked up by its id among this network's items, so the URL cannot put words on the page.
	const tappedId = queryParam(event.url, 'item');
	const tappedItem = notice === 'tapped' ? groups.flatMap((g) => g.items).find((i) => i.id === tappedId) : undefined;
	const n = Number.parseInt(queryParam(event.url, 'n') ?? '1', 10);
	const d = view.donation;
	return {
		...header,
		tally: {
			id: d.id,
			open: d.status === 'open',
			locationName: d.locationName,
			receivedOn: d.receivedOn,
			source: d.source,
			driveName: d.driveName,
			donorName: header.canManage ? d.donorName : null,
			units: view.units
		},
		groups,
		last: lastLine ? lineLabel(lastLine) : null,
		notice,
		tapped: tappedItem ? { id: tappedItem.id, label: tappedItem.label, quantity: count(Number.isInteger(n) && n > 0 && n <= 1000 ? n : 1) } : null
	};
};

export const actions: Actions = {
	tap: async (event) => {
		const r = await pantryFromParams(event, 'pantry.record');
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'tap' };
		const parsed = parseWith(tallyTapSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await tallyTap(r.ctx, r.actor, r.access, event.params.id, parsed.data, getLocale());
		} catch (e) {
			return failFromService(e, values);
		}
		const { itemId, quantity } = parsed.data;
		redirect(303, `${r.base}/tally/${event.params.id}?notice=tapped&item=${encodeURIComponent(itemId)}&n=${quantity}#item-${encodeURIComponent(itemId)}`);
	},

	undo: async (event) => {
		const r = await pantryFromParams(event, 'pantry.record');
		try {
			await undoTallyTap(r.ctx, r.actor, r.access, event.params.id, getLocale());
		} catch (e) {
			return failFromService(e, { form: 'undo' });
		}
		redirect(303, `${r.base}/tally/${event.params.id}?notice=undone`);
	},

	finish: async (event) => {
		const r = await pantryFromParams(event, 'pantry.record');
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'finish' };
		if (input.confirm !== 'on') return failForm(400, { confirm: 'confirm_required' }, values);
		try {
			await finishTally(r.ctx, r.actor, r.access, event.params.id);
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${r.base}/tally?notice=finished`);
	}
};
