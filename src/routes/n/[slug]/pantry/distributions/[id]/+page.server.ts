import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { WEEKDAYS } from '$lib/domain/recurrence';
import { failForm, failFromService, keepValues, parseWith, readForm } from '$lib/server/forms';
import { listKits, listLocations } from '$lib/server/pantry/catalogue.service';
import { setDistributionEnded, upcoming, updateDistribution } from '$lib/server/pantry/distributions.service';
import { distributionSchema } from '$lib/server/pantry/pantry.schema';
import { noticeFrom } from '../../../notices';
import { pantryFromParams, pantryHeader } from '../../pantry-route';
import { distributionFacts, distributionFormValues, distributionOr404 } from '../distribution-route';

/** How many coming occurrences the page lists. */
const COMING = 12;

export const load: PageServerLoad = async (event) => {
	const r = await pantryFromParams(event, 'pantry.view');
	const header = pantryHeader(r);
	const d = await distributionOr404(r.ctx, r.actor, r.access, event.params.id);
	const [coming, places, kits] = await Promise.all([
		d.status === 'active' ? upcoming(r.ctx, r.actor, r.access, d, COMING) : Promise.resolve([]),
		listLocations(r.ctx, r.actor, r.access, { includeArchived: true }),
		listKits(r.ctx, r.actor, r.access, { includeArchived: true })
	]);
	// Pickers offer places and bags in use, plus the ones this distribution already names.
	const offered = <T extends { id: string; archived: boolean }>(rows: readonly T[], keep: string | null) => rows.filter((x) => !x.archived || x.id === keep);
	return {
		...header,
		distribution: {
			...distributionFacts(d),
			locationName: places.find((p) => p.id === d.locationId)?.name ?? '',
			kitName: kits.find((k) => k.id === d.kitId)?.name ?? null
		},
		coming: coming.map((o) => ({
			start: o.start,
			day: o.day,
			startTime: o.startTime,
			endTime: o.endTime,
			skipped: o.skipped,
			moved: o.moved,
			plannedBags: o.plannedBags
		})),
		places: header.canManage ? offered(places, d.locationId).map((p) => ({ id: p.id, name: p.name })) : [],
		kits: header.canManage ? offered(kits, d.kitId).map((k) => ({ id: k.id, name: k.name })) : [],
		weekdays: [...WEEKDAYS],
		current: header.canManage ? distributionFormValues(d) : {},
		notice: noticeFrom(event.url, ['created', 'saved', 'ended', 'resumed'] as const)
	};
};

export const actions: Actions = {
	update: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'update' };
		const parsed = parseWith(distributionSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await updateDistribution(r.ctx, r.actor, r.access, event.params.id, parsed.data);
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${r.base}/distributions/${event.params.id}?notice=saved`);
	},

	/** Ends the distribution (its history stays), or resumes one that was ended. */
	status: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'status' };
		const ended = input.ended === 'yes';
		if (ended && input.confirm !== 'on') return failForm(400, { confirm: 'confirm_required' }, values);
		try {
			await setDistributionEnded(r.ctx, r.actor, r.access, event.params.id, ended);
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${r.base}/distributions/${event.params.id}?notice=${ended ? 'ended' : 'resumed'}`);
	}
};
