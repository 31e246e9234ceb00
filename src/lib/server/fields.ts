import { z } from 'zod';

/* Field shapes shared by every feature's schemas: forms send text, the API sends JSON. */

/** A checkbox from a form ('on') or a boolean from the API; absent is false. */
export const flag = z
	.union([z.boolean(), z.literal('on'), z.literal('true'), z.literal('false'), z.literal('')])
	.optional()
	.transform((v) => v === true || v === 'on' || v === 'true');

/** Text that may be left empty: trimmed, and '' becomes null. */
export function optionalText(max: number) {
	return z
		.string()
		.trim()
		.max(max, 'too_long')
		.optional()
		.nullable()
		.transform((v) => (v === undefined || v === null || v === '' ? null : v));
}

/** A list from repeated form fields or a JSON array, each entry once. */
export function listOf(item: z.ZodType<string, string>, max: number) {
	return (
		z
			.union([z.string(), z.array(z.string())])
			.optional()
			.nullable()
			// An empty choice ('' from "none" in a list) is no choice.
			.transform((v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]).filter((s) => s !== ''))
			.pipe(z.array(item).max(max, 'too_long'))
			.transform((list) => [...new Set(list)])
	);
}

/** A calendar date typed as YYYY-MM-DD (the date input's format); empty is null. */
export const dateField = z
	.string()
	.trim()
	.optional()
	.nullable()
	.transform((v) => (v === undefined || v === null || v === '' ? null : v))
	.refine((v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), 'invalid');

/** A whole number in a range; an empty field is 'required'. */
export function wholeNumber(min: number, max: number) {
	return z.preprocess(
		(v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
		z.coerce.number('required').int('invalid').min(min, 'invalid').max(max, 'too_long')
	);
}
