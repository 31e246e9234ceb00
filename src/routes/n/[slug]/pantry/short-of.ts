/** One line of what is short, as a failed stock form answers it (see failStock). */
export interface ShortLine {
	itemId: string;
	name: string;
	unit: string;
	size: string | null;
	need: number;
	have: number;
	short: number;
}

function isShortLine(v: unknown): v is ShortLine {
	return (
		typeof v === 'object' &&
		v !== null &&
		'itemId' in v &&
		typeof v.itemId === 'string' &&
		'name' in v &&
		typeof v.name === 'string' &&
		'unit' in v &&
		typeof v.unit === 'string' &&
		'size' in v &&
		(v.size === null || typeof v.size === 'string') &&
		'need' in v &&
		typeof v.need === 'number' &&
		'have' in v &&
		typeof v.have === 'number' &&
		'short' in v &&
		typeof v.short === 'number'
	);
}

/**
 * The short list of a form's answer, or none. An action answers with failForm (no list) or
 * failStock (a list), so the generated ActionData is a union; this reads the list back with its
 * shape checked, for every page that records stock (donations, giving out, the ledger, an ask's bag).
 */
export function shortOf(form: unknown): ShortLine[] {
	if (typeof form !== 'object' || form === null || !('short' in form) || !Array.isArray(form.short)) return [];
	return form.short.filter(isShortLine);
}
