import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { errorMessage } from '$lib/i18n/translate';
import { ServiceError } from '$lib/server/errors';
import { listLocations } from '$lib/server/pantry/catalogue.service';
import { currentMonth, monthChoices, monthlyReport } from '$lib/server/pantry/reports.service';
import { pantryFromParams, pantryHeader } from '../pantry-route';
import { queryParam } from '$lib/server/forms';

export const load: PageServerLoad = async (event) => {
	const r = await pantryFromParams(event, 'pantry.view');
	const month = queryParam(event.url, 'month') || currentMonth(r.ctx);
	const locationId = queryParam(event.url, 'location') || null;
	const places = await listLocations(r.ctx, r.actor, r.access, { includeArchived: true });
	try {
		const report = await monthlyReport(r.ctx, r.actor, r.access, { month, locationId }, getLocale());
		return { ...pantryHeader(r), report, months: monthChoices(r.ctx), places: places.map((p) => ({ id: p.id, name: p.name })) };
	} catch (e) {
		if (e instanceof ServiceError && (e.code === 'invalid' || e.code === 'location_unknown')) error(400, errorMessage(e.code));
		throw e;
	}
};
