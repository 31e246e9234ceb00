import { z } from 'zod';
import { locales } from '$lib/paraglide/runtime';

export const JOIN_POLICIES = ['open', 'invite', 'approval'] as const;
export type JoinPolicy = (typeof JOIN_POLICIES)[number];

/** Paths that a network slug must not shadow now or later. */
export const RESERVED_SLUGS = new Set(['new', 'admin', 'api', 'setup', 'account', 'signin', 'signup', 'help', 'about']);

export const slugField = z
	.string()
	.trim()
	.toLowerCase()
	.min(1, 'required')
	.max(40, 'too_long')
	.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'slug_format')
	.min(3, 'slug_format')
	.refine((s) => !RESERVED_SLUGS.has(s), 'slug_reserved');

/** Areas arrive one per line from a textarea, or as a list from the API. */
const areaList = z
	.union([z.string(), z.array(z.string())])
	.transform((v) => (Array.isArray(v) ? v : v.split(/\r?\n/)))
	.transform((list) => list.map((a) => a.trim().replace(/\s+/g, ' ')).filter((a) => a.length > 0))
	.pipe(z.array(z.string().max(60, 'too_long')).max(50, 'areas_too_many'))
	.refine((list) => new Set(list.map((a) => a.toLowerCase())).size === list.length, 'areas_duplicate');
/** A form that sends no areas means none. */
const areasField = areaList.optional().transform((v) => v ?? []);

/** One language or several (checkboxes send one value per box, the API a list); at least one. */
const languageList = z
	.union([z.string(), z.array(z.string())])
	.transform((v) => (Array.isArray(v) ? v : [v]))
	.pipe(z.array(z.enum(locales, 'invalid_choice')).min(1, 'languages_required'))
	.transform((list) => [...new Set(list)]);
/** A form with no box ticked sends no key at all: that is "none", which is refused. */
const languagesField = z.preprocess((v) => v ?? [], languageList);

const nameField = z.string().trim().min(1, 'required').max(80, 'too_long');
const descriptionField = z.string().trim().max(2000, 'too_long');
const joinPolicyField = z.enum(JOIN_POLICIES, 'invalid_choice');

export const networkSchema = z.object({
	name: nameField,
	slug: slugField,
	description: descriptionField.optional().transform((v) => v ?? ''),
	areas: areasField,
	languages: languagesField,
	joinPolicy: joinPolicyField
});
export type NetworkInput = z.infer<typeof networkSchema>;

/** Editing keeps the slug: links and invites already point at it. */
export const networkSettingsSchema = networkSchema.omit({ slug: true });
export type NetworkSettingsInput = z.infer<typeof networkSettingsSchema>;

/**
 * The API's PATCH: only the keys sent change; a key left out keeps its value (no areas
 * removed, no description blanked). An empty list of areas is sent as `"areas": []`.
 */
export const networkSettingsPatchSchema = z.object({
	name: nameField.optional(),
	description: descriptionField.optional(),
	areas: areaList.optional(),
	languages: languageList.optional(),
	joinPolicy: joinPolicyField.optional()
});
export type NetworkSettingsPatch = z.infer<typeof networkSettingsPatchSchema>;
