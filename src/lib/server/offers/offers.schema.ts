import { z } from 'zod';
import { flag, languagesList, listOf } from '../asks/asks.schema';

const time = z
	.string()
	.trim()
	.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'invalid');

/** What a neighbour can give: the kind of help, where, when (days and a time range), how often. */
export const offerSchema = z
	.object({
		category: z.string().trim().min(1, 'required').max(40, 'invalid_choice'),
		description: z.string().trim().min(1, 'required').max(280, 'too_long'),
		areas: listOf(z.string().max(64), 50),
		days: listOf(z.enum(['0', '1', '2', '3', '4', '5', '6'], 'invalid_choice'), 7),
		from: time
			.optional()
			.or(z.literal(''))
			.transform((v) => (v === '' || v === undefined ? '09:00' : v)),
		to: time
			.optional()
			.or(z.literal(''))
			.transform((v) => (v === '' || v === undefined ? '18:00' : v)),
		capacityPerWeek: z
			.union([z.literal(''), z.null(), z.coerce.number().int('invalid').min(1, 'invalid').max(50, 'too_long')])
			.optional()
			.transform((v) => (v === '' || v === undefined || v === null ? null : v)),
		hasCar: flag,
		languages: languagesList
	})
	.refine((o) => o.from !== o.to, { message: 'invalid', path: ['to'] });
export type OfferInput = z.infer<typeof offerSchema>;
