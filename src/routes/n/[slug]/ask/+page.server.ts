import { fail, type ActionFailure } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { findSensitive } from '$lib/domain/sensitive-text';
import { failAsk, type AskFormFailure } from '$lib/server/asks/ask-form';
import { getAidSettings } from '$lib/server/asks/aid-settings';
import { intakeSchema, SENSITIVE_CHECKED_FIELDS } from '$lib/server/asks/asks.schema';
import { submitIntake } from '$lib/server/asks/asks.service';
import { keepValues, parseWith, translateErrors, readForm } from '$lib/server/forms';
import { ctxOf, guard, networkFromParams } from '$lib/server/http';

/** Never put back into the form: the trap field, and the "send as written" box (asked again each time). */
const NOT_KEPT = ['website', 'confirmSensitive'] as const;

/**
 * The public form of a network: anyone, with or without an account, asks for help. The ask
 * waits for a steward's review; the person gets a status link, shown once on this page.
 */
export const load: PageServerLoad = async (event) => {
	const access = await networkFromParams(event);
	guard(event, 'network.intake', access.resource);
	// The answer to a successful submission holds the only copy of the status link.
	event.setHeaders({ 'cache-control': 'no-store' });
	const settings = await getAidSettings((await ctxOf()).db, access.network.id);
	return {
		network: { slug: access.network.slug, name: access.network.name },
		intakeEnabled: settings.intakeEnabled,
		retentionDays: settings.retentionDays,
		categories: settings.categories,
		areas: access.areas.map((a) => ({ id: a.id, name: a.name })),
		signedIn: event.locals.user !== null
	};
};

/** The language fields are checkboxes plus a "none" choice in a list; the empty choice is not a language. */
function text(input: Record<string, string | string[]>, key: string): string | null {
	const v = input[key];
	return typeof v === 'string' ? v : null;
}

export const actions: Actions = {
	default: async (event): Promise<ActionFailure<AskFormFailure> | { created: { code: string; link: string } }> => {
		const access = await networkFromParams(event);
		guard(event, 'network.intake', access.resource);
		const ctx = await ctxOf();
		const input = await readForm(event.request);
		const values = keepValues(input, NOT_KEPT);
		if (!(await getAidSettings(ctx.db, access.network.id)).intakeEnabled) {
			return fail(403, { errors: translateErrors({ _form: 'intake_closed' }), values, sensitive: null });
		}

		// Words that should not be written down are pointed out with every other problem, so the
		// person fixes everything in one go (the service checks them again before saving).
		const confirmed = text(input, 'confirmSensitive') === 'on';
		const sensitive = confirmed ? [] : findSensitive(...SENSITIVE_CHECKED_FIELDS.map((f) => text(input, f)));
		const withSensitive = (errors: Record<string, string>) =>
			sensitive.length > 0 ? { ...errors, ...translateErrors({ confirmSensitive: 'sensitive_unconfirmed' }) } : errors;

		const parsed = parseWith(intakeSchema, input);
		if (!parsed.ok) {
			return fail(400, { errors: withSensitive(translateErrors(parsed.errors)), values, sensitive: sensitive.length > 0 ? sensitive : null });
		}
		let created;
		try {
			created = await submitIntake(ctx, access, parsed.data);
		} catch (e) {
			const failure = failAsk(e, values);
			if (failure.data.sensitive !== null || sensitive.length === 0) return failure;
			return fail(failure.status, { errors: withSensitive(failure.data.errors), values, sensitive });
		}
		if (created.followCode === null) throw new Error('an intake ask was created without a status code');
		return { created: { code: created.followCode, link: `${event.url.origin}/follow/${created.followCode}` } };
	}
};
