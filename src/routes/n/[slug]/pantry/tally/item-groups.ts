import { ITEM_CATEGORIES } from '$lib/domain/pantry-catalogue';
import { itemLabel } from '$lib/i18n/pantry-labels';
import type { ItemRow } from '$lib/server/pantry/catalogue.service';

/** An item as a picker or a tally button shows it: its id and its name in the page's language. */
export interface ItemChoice {
	id: string;
	label: string;
	unit: string;
}

export interface ItemGroup {
	category: string;
	items: ItemChoice[];
}

function categoryOrder(code: string): number {
	const i = ITEM_CATEGORIES.findIndex((c) => c === code);
	return i === -1 ? ITEM_CATEGORIES.length : i;
}

/** Active items grouped by category, in the catalogue's category order and by name within each. */
export function itemGroups(items: readonly ItemRow[]): ItemGroup[] {
	const groups = new Map<string, ItemChoice[]>();
	for (const item of items) {
		if (item.archived) continue;
		const list = groups.get(item.category) ?? [];
		list.push({ id: item.id, label: itemLabel(item), unit: item.unit });
		groups.set(item.category, list);
	}
	return [...groups]
		.sort(([a], [b]) => categoryOrder(a) - categoryOrder(b))
		.map(([category, list]) => ({ category, items: list.sort((a, b) => a.label.localeCompare(b.label)) }));
}
