import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { DONATION_SOURCES, DRIVE_KINDS } from '$lib/domain/stock';
import { failForm, failFromService, keepValues, parseWith, queryParam, readForm } from '$lib/server/forms';
import { createDrive, listDrives, listLocations } from '$lib/server/pantry/catalogue.service';
import { driveSchema, tallyStartSchema } from '$lib/server/pantry/pantry.schema';
import { listOpenTallies, startTally } from '$lib/server/pantry/stock.service';
import { noticeFrom } from '../../notices';
import { pantryFromParams, pantryHeader } from '../pantry-route';

/** Start a tally for an event or a drop-off, or go back to one still open. */
export const load: PageServerLoad = async (event) => {
	const r = await pantryFromParams(event, 'pantry.record');
	const header = pantryHeader(r);
	const [places, drives, open] = await Promise.all([
		listLocations(r.ctx, r.actor, r.access),
		listDrives(r.ctx, r.actor, r.access),
		listOpenTallies(r.ctx, r.actor, r.access)
	]);
	// A drive just added is chosen for the tally about to start.
	const added = drives.find((d) => d.id === queryParam(event.url, 'drive'));
	const onlyPlace = places.length === 1 ? places[0] : undefined;
	const current: Record<string, string> = {
		locationId: onlyPlace?.id ?? '',
		source: added ? (added.kind === 'event' ? 'event' : 'drive') : 'individual',
		driveId: added?.id ?? ''
	};
	return {
		...header,
		places: places.map((p) => ({ id: p.id, name: p.name })),
		drives: drives.map((d) => ({ id: d.id, name: d.name, kind: d.kind })),
		sources: [...DONATION_SOURCES],
		driveKinds: [...DRIVE_KINDS],
		open: open.map((t) => ({
			id: t.id,
			locationName: t.locationName,
			receivedOn: t.receivedOn,
			source: t.source,
			driveName: t.driveName,
			// A donor's name is for those who run the pantry (as in the donations list).
			donorName: header.canManage ? t.donorName : null,
			units: t.units
		})),
		current,
		notice: noticeFrom(event.url, ['drive_added', 'finished'] as const)
	};
};

export const actions: Actions = {
	start: async (event) => {
		const r = await pantryFromParams(event, 'pantry.record');
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'start' };
		const parsed = parseWith(tallyStartSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		let id: string;
		try {
			id = (await startTally(r.ctx, r.actor, r.access, parsed.data)).id;
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${r.base}/tally/${id}`);
	},

	/** Stewards add the event or drive a night's donations count towards, year after year. */
	drive: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'drive' };
		const parsed = parseWith(driveSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		let id: string;
		try {
			id = (await createDrive(r.ctx, r.actor, r.access, parsed.data)).id;
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${r.base}/tally?notice=drive_added&drive=${encodeURIComponent(id)}`);
	}
};
