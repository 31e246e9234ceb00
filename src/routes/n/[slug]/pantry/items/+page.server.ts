import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { ITEM_CATEGORIES, STARTER_CATALOGUE, type ItemCategory } from '$lib/domain/pantry-catalogue';
import { failForm, failFromService, keepValues, parseWith, queryParam, readForm } from '$lib/server/forms';
import { pageFrom } from '$lib/server/networks/networks.service';
import { adoptStarterCatalogue, createItem, listItems } from '$lib/server/pantry/catalogue.service';
import { itemFormInput, itemSchema } from '$lib/server/pantry/pantry.schema';
import { noticeFrom } from '../../notices';
import { pantryFromParams, pantryHeader } from '../pantry-route';

function categoryFrom(raw: string | null): ItemCategory | null {
	return ITEM_CATEGORIES.find((c) => c === raw) ?? null;
}

export const load: PageServerLoad = async (event) => {
	const r = await pantryFromParams(event, 'pantry.view');
	const header = pantryHeader(r);
	const q = (queryParam(event.url, 'q') ?? '').slice(0, 80);
	const category = categoryFrom(queryParam(event.url, 'category'));
	// Archived items are for those who can bring them back.
	const archived = header.canManage && queryParam(event.url, 'archived') === 'on';
	const list = await listItems(r.ctx, r.actor, r.access, { search: q, category, includeArchived: archived }, pageFrom(queryParam(event.url, 'page')));
	const notice = noticeFrom(event.url, ['added', 'adopted'] as const);
	const added = Number.parseInt(queryParam(event.url, 'added') ?? '0', 10);
	return {
		...header,
		filter: { q, category, archived },
		list: {
			total: list.total,
			page: list.page,
			pages: list.pages,
			items: list.items.map((i) => ({
				id: i.id,
				name: i.name,
				names: i.names,
				category: i.category,
				unit: i.unit,
				size: i.size,
				barcode: i.barcode,
				minLevel: i.minLevel,
				archived: i.archived
			}))
		},
		starterCount: STARTER_CATALOGUE.length,
		notice,
		added: notice === 'adopted' && Number.isFinite(added) && added >= 0 && added <= STARTER_CATALOGUE.length ? added : 0
	};
};

export const actions: Actions = {
	add: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'add' };
		const parsed = parseWith(itemSchema, itemFormInput(input, r.access.network.languages));
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await createItem(r.ctx, r.actor, r.access, parsed.data);
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${r.base}/items?notice=added`);
	},

	/** Adds every starter item the network does not have yet, in one step. */
	adopt: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		let added: number;
		try {
			({ added } = await adoptStarterCatalogue(r.ctx, r.actor, r.access));
		} catch (e) {
			return failFromService(e, { form: 'adopt' });
		}
		redirect(303, `${r.base}/items?notice=adopted&added=${added}`);
	}
};
