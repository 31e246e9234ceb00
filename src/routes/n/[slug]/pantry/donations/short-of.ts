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
 * The short list of a form's answer, or none. A stock failure's `short` is a subtype of the plain
 * form failure, so the generated ActionData type loses it; this reads it back with its shape checked.
 */
export function shortOf(form: unknown): ShortLine[] {
	if (typeof form !== 'object' || form === null || !('short' in form) || !Array.isArray(form.short)) return [];
	return form.short.filter(isShortLine);
}
