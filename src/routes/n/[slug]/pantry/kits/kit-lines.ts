import { itemLabel } from '$lib/i18n/pantry-labels';
import { allItems, getItem, type ItemRow, type KitRow } from '$lib/server/pantry/catalogue.service';
import type { PantryRoute } from '../pantry-route';

/**
 * The network's active items, plus any archived item still named in one of `kits` (a bag keeps
 * its lines when an item is archived, and the page should still say what they are).
 */
export async function itemsForKits(r: PantryRoute, kits: readonly KitRow[]): Promise<{ active: ItemRow[]; byId: Map<string, ItemRow> }> {
	const active = await allItems(r.ctx, r.actor, r.access);
	const byId = new Map(active.map((i) => [i.id, i]));
	const missing = [...new Set(kits.flatMap((k) => k.lines.map((l) => l.itemId)))].filter((id) => !byId.has(id));
	for (const i of await Promise.all(missing.map((id) => getItem(r.ctx, r.actor, r.access, id)))) byId.set(i.id, i);
	return { active, byId };
}

/** A kit's lines with each item's name and unit, for the page. */
export function kitLines(kit: KitRow, items: ReadonlyMap<string, ItemRow>) {
	return kit.lines.map((l) => {
		const item = items.get(l.itemId);
		return { itemId: l.itemId, quantity: l.quantity, label: item ? itemLabel(item) : l.itemId, unit: item?.unit ?? 'piece', archived: item?.archived ?? false };
	});
}
