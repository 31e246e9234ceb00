import { itemName } from '$lib/domain/pantry-catalogue';
import { getLocale } from '$lib/paraglide/runtime';
import { translate } from './translate';

/** Names for the codes pantries carry as data (categories, units, kinds, sources…), in the page's language. */

export const categoryName = (code: string): string => translate(`pantry_category_${code}`);
export const unitName = (code: string): string => translate(`pantry_unit_${code}`);
export const locationKindName = (code: string): string => translate(`pantry_location_kind_${code}`);
export const sourceName = (code: string): string => translate(`pantry_source_${code}`);
export const driveKindName = (code: string): string => translate(`pantry_drive_kind_${code}`);
export const reasonName = (code: string): string => translate(`pantry_reason_${code}`);
export const batchKindName = (code: string): string => translate(`pantry_batch_${code}`);
export const weekdayName = (code: string): string => translate(`pantry_weekday_${code}`);

/** An item as people name it: in the page's language, with its size ("Diapers · 4"). */
export function itemLabel(item: { name: string; names: Readonly<Record<string, string>>; size: string | null }): string {
	const name = itemName(item.names, getLocale()) || item.name;
	return item.size === null ? name : `${name} · ${item.size}`;
}

/** A whole number in the page's language ("1,200" / "1.200"). */
export function count(n: number): string {
	return new Intl.NumberFormat(getLocale(), { maximumFractionDigits: 0 }).format(n);
}
