import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { failForm, keepValues, parseWith, queryParam, readForm } from '$lib/server/forms';
import { pageFrom } from '$lib/server/networks/networks.service';
import { listLocations } from '$lib/server/pantry/catalogue.service';
import { correctSchema } from '$lib/server/pantry/pantry.schema';
import { correctBatch, listLedger, storedName } from '$lib/server/pantry/stock.service';
import { noticeFrom } from '../../notices';
import { failStock, pantryFromParams, pantryHeader } from '../pantry-route';

/** Kinds of record a correction can undo: a stock-take is corrected by counting again, a correction by nothing. */
const CORRECTABLE = new Set(['donation', 'distribution', 'transfer', 'adjustment']);

export const load: PageServerLoad = async (event) => {
	const r = await pantryFromParams(event, 'pantry.view');
	const header = pantryHeader(r);
	const places = await listLocations(r.ctx, r.actor, r.access, { includeArchived: true });
	const raw = queryParam(event.url, 'location');
	const location = places.find((p) => p.id === raw)?.id ?? null;
	const ledger = await listLedger(r.ctx, r.actor, r.access, { locationId: location }, pageFrom(queryParam(event.url, 'page')));
	const names = new Map(places.map((p) => [p.id, p.name]));
	const locale = getLocale();
	return {
		...header,
		places: places.map((p) => ({ id: p.id, name: p.name })),
		location,
		ledger: {
			total: ledger.total,
			page: ledger.page,
			pages: ledger.pages,
			items: ledger.items.map((b) => {
				const spansPlaces = new Set(b.lines.map((l) => l.locationId)).size > 1;
				return {
					id: b.id,
					kind: b.kind,
					occurredOn: b.occurredOn,
					place: b.locationName,
					toPlace: b.toLocationId === null ? null : (names.get(b.toLocationId) ?? null),
					kitName: b.kitName,
					bags: b.bags,
					reason: b.reason,
					note: b.note,
					actorName: b.actorName,
					override: b.override,
					corrected: b.correctedBy !== null,
					canCorrect: CORRECTABLE.has(b.kind) && b.correctedBy === null,
					lines: b.lines.map((l) => ({
						label: l.size === null ? storedName(l.names, l.name, locale) : `${storedName(l.names, l.name, locale)} · ${l.size}`,
						unit: l.unit,
						quantity: l.quantity,
						place: spansPlaces ? (names.get(l.locationId) ?? null) : null
					}))
				};
			})
		},
		notice: noticeFrom(event.url, ['corrected'] as const)
	};
};

export const actions: Actions = {
	/** Undoes a past record with a new, opposite one; the original stays in the ledger. */
	correct: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'correct' };
		const parsed = parseWith(correctSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await correctBatch(r.ctx, r.actor, r.access, parsed.data.batchId, parsed.data.override, getLocale());
		} catch (e) {
			return failStock(e, values);
		}
		const location = typeof input.location === 'string' && /^[\w-]{1,64}$/.test(input.location) ? `&location=${input.location}` : '';
		redirect(303, `${r.base}/ledger?notice=corrected${location}`);
	}
};
