import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { DEFAULT_CATEGORIES } from '$lib/domain/asks';
import { errorMessage } from '$lib/i18n/translate';
import { m } from '$lib/paraglide/messages';
import { categoriesFrom, getAidSettings, saveAidSettings, type AidSettings } from '$lib/server/asks/aid-settings';
import { aidSettingsSchema } from '$lib/server/asks/asks.schema';
import { failFromService, keepValues, parseWith, translateErrors, readForm } from '$lib/server/forms';
import { ctxOf, guard, networkFromParams } from '$lib/server/http';
import { noticeFrom } from '../notices';

/** The number fields, their unit and their range (the same bounds as aidSettingsSchema). */
const NUMBERS = {
	claimExpiryHours: { unit: 'hours', min: 1, max: 720 },
	revealGraceHours: { unit: 'hours', min: 0, max: 168 },
	autoCloseHours: { unit: 'hours', min: 1, max: 720 },
	retentionDays: { unit: 'days', min: 1, max: 365 }
} as const;

/** The form's values in the same shape as the values kept after an error. */
function formValues(s: AidSettings): Record<string, string> {
	return {
		categories: s.categories
			.filter((c) => c.label === null)
			.map((c) => c.code)
			.join('\n'),
		customCategories: s.categories.flatMap((c) => (c.label === null ? [] : [c.label])).join('\n'),
		claimExpiryHours: String(s.claimExpiryHours),
		revealGraceHours: String(s.revealGraceHours),
		autoCloseHours: String(s.autoCloseHours),
		retentionDays: String(s.retentionDays),
		notifySuggestions: s.notifySuggestions ? 'on' : '',
		intakeEnabled: s.intakeEnabled ? 'on' : ''
	};
}

/** Neither a built-in kind ticked nor one of the network's own typed (for a form that failed to parse). */
function noCategoryTyped(input: Record<string, string | string[]>): boolean {
	const ticked = [input.categories ?? []].flat().filter((c) => c !== '');
	const typed = [input.customCategories ?? []].flat().join('').trim();
	return ticked.length === 0 && typed === '';
}

export const load: PageServerLoad = async (event) => {
	const access = await networkFromParams(event);
	guard(event, 'network.manage', access.resource);
	const settings = await getAidSettings((await ctxOf()).db, access.network.id);
	return {
		network: { slug: access.network.slug, name: access.network.name },
		builtIn: [...DEFAULT_CATEGORIES],
		current: formValues(settings),
		notice: noticeFrom(event.url, ['saved'] as const)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const access = await networkFromParams(event);
		guard(event, 'network.manage', access.resource);
		const input = await readForm(event.request);
		const values = keepValues(input);
		const parsed = parseWith(aidSettingsSchema, input);
		const categories = parsed.ok ? categoriesFrom(parsed.data) : [];
		const noneChosen = parsed.ok ? categories.length === 0 : noCategoryTyped(input);
		// The schema reads an empty box as 0, which is allowed for the grace hours: say it is needed.
		const blank = Object.keys(NUMBERS).filter((f) => [input[f] ?? ''].flat().join('').trim() === '');
		if (!parsed.ok || noneChosen || blank.length > 0) {
			const errors: Record<string, string> = parsed.ok ? {} : translateErrors(parsed.errors);
			for (const field of blank) errors[field] = errorMessage('required');
			// A number out of range says which numbers are allowed, rather than "too long".
			for (const [field, n] of Object.entries(NUMBERS)) {
				if (errors[field] === undefined || blank.includes(field)) continue;
				errors[field] = n.unit === 'hours' ? m.aid_hours_error({ min: n.min, max: n.max }) : m.aid_days_error({ min: n.min, max: n.max });
			}
			if (noneChosen) errors.categories = m.aid_categories_required();
			return fail(400, { errors, values });
		}
		const ctx = await ctxOf();
		const d = parsed.data;
		const settings: AidSettings = {
			categories,
			claimExpiryHours: d.claimExpiryHours,
			revealGraceHours: d.revealGraceHours,
			autoCloseHours: d.autoCloseHours,
			retentionDays: d.retentionDays,
			notifySuggestions: d.notifySuggestions,
			intakeEnabled: d.intakeEnabled
		};
		try {
			await saveAidSettings(ctx.db, access.network.id, settings, ctx.now());
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `/n/${access.network.slug}/aid?notice=saved`);
	}
};
