import { z } from 'zod';
import { ASK_ACTIONS, URGENCIES } from '$lib/domain/asks';
import { SPOKEN_LANGUAGES } from '$lib/domain/languages';
import { dateField, flag, listOf, optionalText, wholeNumber } from '../fields';

export { flag, listOf, optionalText };

export const languagesList = listOf(z.enum(SPOKEN_LANGUAGES, 'invalid_choice'), 10);

/** The public and private parts of an ask, as typed by the person asking or someone recording it. */
export const askSchema = z.object({
	category: z.string().trim().min(1, 'required').max(40, 'invalid_choice'),
	description: z.string().trim().min(1, 'required').max(280, 'too_long'),
	quantity: optionalText(60),
	householdSize: z
		.union([z.literal(''), z.null(), z.coerce.number().int('invalid').min(1, 'invalid').max(30, 'too_long')])
		.optional()
		.transform((v) => (v === '' || v === undefined || v === null ? null : v)),
	urgency: z.enum(URGENCIES, 'invalid_choice'),
	neededBy: dateField,
	languages: languagesList,
	area: z.string().trim().min(1, 'required').max(64, 'invalid_choice'),
	needsCar: flag,
	pickupPoint: optionalText(200),
	// private part
	contactName: optionalText(80),
	address: optionalText(300),
	phone: optionalText(40).refine((v) => v === null || /^[0-9+()\-.\s]{5,40}$/.test(v), 'invalid'),
	accessNotes: optionalText(500),
	/** Ticked after the sensitive-text warning: "I checked, submit as written". */
	confirmSensitive: flag
});
export type AskInput = z.infer<typeof askSchema>;

/** The free-text fields checked for what should not be written down (see sensitive-text.ts). */
export const SENSITIVE_CHECKED_FIELDS = ['description', 'quantity', 'accessNotes', 'pickupPoint', 'address'] as const;

/** Someone without an account asks through the network's public form: contact details are required. */
export const intakeSchema = askSchema.extend({
	contactName: z.string().trim().min(1, 'required').max(80, 'too_long'),
	/** A field people never see; a bot that fills it in is refused. */
	website: z.string().max(200).optional()
});
export type IntakeInput = z.infer<typeof intakeSchema>;

export const transitionSchema = z.object({
	action: z.enum(ASK_ACTIONS, 'invalid_choice'),
	note: optionalText(280),
	targetUserId: optionalText(64)
});
export type TransitionInput = z.infer<typeof transitionSchema>;

export const boardFilterSchema = z.object({
	category: optionalText(40),
	area: optionalText(64),
	urgency: z
		.union([z.literal(''), z.enum(URGENCIES)])
		.optional()
		.catch(undefined)
		.transform((v) => (v === '' || v === undefined ? null : v)),
	language: optionalText(10),
	q: optionalText(100)
});
export type BoardFilter = z.infer<typeof boardFilterSchema>;

/** A whole number in a range; an empty box is missing (required), never 0. */
export const aidSettingsSchema = z.object({
	categories: listOf(z.string().max(40), 40),
	customCategories: z
		.string()
		.optional()
		.transform((v) =>
			(v ?? '')
				.split(/\r?\n/)
				.map((s) => s.trim().replace(/\s+/g, ' '))
				.filter((s) => s.length > 0)
		)
		.pipe(z.array(z.string().max(40, 'too_long')).max(20, 'too_long')),
	claimExpiryHours: wholeNumber(1, 720),
	revealGraceHours: wholeNumber(0, 168),
	autoCloseHours: wholeNumber(1, 720),
	retentionDays: wholeNumber(1, 365),
	notifySuggestions: flag,
	intakeEnabled: flag
});
export type AidSettingsInput = z.infer<typeof aidSettingsSchema>;
