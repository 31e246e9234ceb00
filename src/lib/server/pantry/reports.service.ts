import { localDay } from '$lib/domain/days';
import { itemName } from '$lib/domain/pantry-catalogue';
import { addDays } from '$lib/domain/recurrence';
import type { Ctx } from '../context';
import { ServiceError } from '../errors';
import type { NetworkAccess } from '../networks/networks.service';
import { requireAllowed, type Actor } from '../policy/policy';
import * as catalogue from './catalogue.repository';
import * as dist from './distributions.repository';
import * as repo from './stock.repository';

/* Reports and exports: every figure comes from the same ledger the pantry works from. */

/** "2026-12" → the first day of that month and of the next, for half-open ranges. */
export function monthRange(month: string): { fromDay: string; toDay: string } {
	const m = /^(\d{4})-(\d{2})$/.exec(month);
	const y = Number(m?.[1]);
	const mo = Number(m?.[2]);
	if (!m || mo < 1 || mo > 12 || y < 2000 || y > 2200) throw new ServiceError('invalid', 'month');
	const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
	return { fromDay: `${month}-01`, toDay: `${next}-01` };
}

/** The month a report shows by default: the current one. */
export function currentMonth(ctx: Pick<Ctx, 'now'>): string {
	return localDay(ctx.now()).slice(0, 7);
}

function previousMonths(month: string, n: number): string[] {
	const [y = 2000, mo = 1] = month.split('-').map(Number);
	const out: string[] = [];
	for (let i = n - 1; i >= 0; i--) {
		const total = y * 12 + (mo - 1) - i;
		out.push(`${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`);
	}
	return out;
}

export interface PantryReport {
	month: string;
	locationId: string | null;
	totals: { received: number; given: number; bags: number; households: number; walkIns: number; donations: number; occurrences: number };
	/** Units received and given per ISO week (Monday) of the month. */
	weeks: { week: string; received: number; given: number }[];
	/** Units given per month for the twelve months to `month`, and the same months a year before. */
	year: { month: string; given: number; givenLastYear: number; received: number; receivedLastYear: number }[];
	topGiven: { itemId: string; name: string; unit: string; size: string | null; units: number }[];
	topReceived: { itemId: string; name: string; unit: string; size: string | null; units: number }[];
	bySource: { source: string; units: number; donations: number }[];
	byCategory: { category: string; units: number }[];
	occurrences: { id: string; day: string; startTime: string; name: string; status: string; bags: number; households: number | null; walkIns: number | null }[];
	drives: { id: string; name: string; kind: string; thisYear: number; allTime: number; years: { year: string; units: number }[] }[];
}

/**
 * A month's report for the network or one place: what came in and went out (per week, per item,
 * by source and category), bags and households per distribution, the last twelve months against
 * the year before, and each drive's total this year and all-time.
 */
export async function monthlyReport(
	ctx: Ctx,
	actor: Actor,
	access: NetworkAccess,
	f: { month: string; locationId: string | null },
	locale: string
): Promise<PantryReport> {
	requireAllowed(actor, 'pantry.view', access.resource);
	const networkId = access.network.id;
	const { fromDay, toDay } = monthRange(f.month);
	if (f.locationId !== null && !(await catalogue.findLocation(ctx.db, networkId, f.locationId))) throw new ServiceError('location_unknown', 'location');
	const months = previousMonths(f.month, 12);
	const yearFrom = `${months[0] ?? f.month}-01`;
	const lastYearFrom = `${Number(yearFrom.slice(0, 4)) - 1}${yearFrom.slice(4)}`;
	const lastYearTo = `${Number(toDay.slice(0, 4)) - 1}${toDay.slice(4)}`;
	const [weeks, byMonth, byMonthLast, byItem, sources, held, items, drives] = await Promise.all([
		repo.flowsByPeriod(ctx.db, ctx.dialect, networkId, { fromDay, toDay, period: 'week', locationId: f.locationId }),
		repo.flowsByPeriod(ctx.db, ctx.dialect, networkId, { fromDay: yearFrom, toDay, period: 'month', locationId: f.locationId }),
		repo.flowsByPeriod(ctx.db, ctx.dialect, networkId, { fromDay: lastYearFrom, toDay: lastYearTo, period: 'month', locationId: f.locationId }),
		repo.flowsByItem(ctx.db, networkId, { fromDay, toDay, locationId: f.locationId }),
		repo.donationsBySource(ctx.db, networkId, { fromDay, toDay, locationId: f.locationId }),
		dist.heldOccurrences(ctx.db, networkId, fromDay, toDay),
		catalogue.listItems(ctx.db, networkId, { search: null, category: null, includeArchived: true }, { limit: 100_000, offset: 0 }),
		catalogue.listDrives(ctx.db, networkId)
	]);
	const itemById = new Map(items.map((i) => [i.id, i]));
	const sum = (rows: { kind: string; units: number }[], kind: string) => rows.filter((r) => r.kind === kind).reduce((n, r) => n + r.units, 0);
	// Units given out are negative movements. `0 - x`, not `-x`: nothing given is 0, not -0 (which Intl formats as "-0").
	const given = (rows: { kind: string; units: number }[]) => 0 - sum(rows, 'distribution');
	const weekKeys = [...new Set(weeks.map((w) => w.period))].sort();
	const occ = held.filter((o) => f.locationId === null || o.locationId === f.locationId);
	const describe = (itemId: string) => {
		const i = itemById.get(itemId);
		return { name: i ? itemName(i.names, locale) || i.name : itemId, unit: i?.unit ?? 'piece', size: i?.size ?? null };
	};
	const top = (kind: string, sign: number) =>
		byItem
			.filter((r) => r.kind === kind && r.units * sign > 0)
			.map((r) => ({ itemId: r.itemId, ...describe(r.itemId), units: r.units * sign }))
			.sort((a, b) => b.units - a.units || a.name.localeCompare(b.name))
			.slice(0, 10);
	// Donated units by category: the month's donation movements per item, each item's category.
	const categoryTotals = new Map<string, number>();
	for (const r of byItem) {
		if (r.kind !== 'donation') continue;
		const category = itemById.get(r.itemId)?.category ?? 'other';
		categoryTotals.set(category, (categoryTotals.get(category) ?? 0) + r.units);
	}
	const donationCount = await repo.countDonations(ctx.db, networkId, { fromDay, toDay, locationId: f.locationId });
	const thisYear = f.month.slice(0, 4);
	const driveRows = await Promise.all(
		drives.map(async (d) => {
			const years = await repo.driveTotalsByYear(ctx.db, networkId, d.id);
			return {
				id: d.id,
				name: d.name,
				kind: d.kind,
				thisYear: years.find((y) => y.year === thisYear)?.units ?? 0,
				allTime: years.reduce((n, y) => n + y.units, 0),
				years: years.map((y) => ({ year: y.year, units: y.units }))
			};
		})
	);
	return {
		month: f.month,
		locationId: f.locationId,
		totals: {
			received: sum(weeks, 'donation'),
			given: given(weeks),
			bags: occ.reduce((n, o) => n + o.bags, 0),
			households: occ.reduce((n, o) => n + (o.households ?? 0), 0),
			walkIns: occ.reduce((n, o) => n + (o.walkIns ?? 0), 0),
			donations: donationCount,
			occurrences: occ.filter((o) => o.status !== 'skipped').length
		},
		weeks: weekKeys.map((week) => {
			const rows = weeks.filter((w) => w.period === week);
			return { week, received: sum(rows, 'donation'), given: given(rows) };
		}),
		year: months.map((month) => {
			const now = byMonth.filter((r) => r.period === month);
			const lastKey = `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;
			const last = byMonthLast.filter((r) => r.period === lastKey);
			return { month, given: given(now), givenLastYear: given(last), received: sum(now, 'donation'), receivedLastYear: sum(last, 'donation') };
		}),
		topGiven: top('distribution', -1),
		topReceived: top('donation', 1),
		bySource: sources.filter((x) => x.donations > 0).sort((a, b) => b.units - a.units || a.source.localeCompare(b.source)),
		byCategory: [...categoryTotals]
			.filter(([, units]) => units !== 0)
			.map(([category, units]) => ({ category, units }))
			.sort((a, b) => b.units - a.units || a.category.localeCompare(b.category)),
		occurrences: occ.map((o) => ({
			id: o.id,
			day: o.day,
			startTime: o.startTime,
			name: o.name,
			status: o.status,
			bags: o.bags,
			households: o.households,
			walkIns: o.walkIns
		})),
		drives: driveRows
	};
}

// ── CSV exports ───────────────────────────────────────────────────────────────────────────

export type ExportKind = 'movements' | 'donations' | 'distributions';
export const EXPORT_KINDS: readonly ExportKind[] = ['movements', 'donations', 'distributions'];

/**
 * The rows of one export for a month, header first. Never a donor's or a booker's name: an export
 * leaves the instance, so it carries only what the pantry counts.
 */
export async function exportRows(ctx: Ctx, actor: Actor, access: NetworkAccess, kind: ExportKind, month: string): Promise<(string | number | null)[][]> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	const networkId = access.network.id;
	const { fromDay, toDay } = monthRange(month);
	if (kind === 'movements') {
		const rows = await repo.movementsForExport(ctx.db, networkId, fromDay, toDay);
		return [
			['date', 'record', 'record_kind', 'movement', 'place', 'item', 'size', 'unit', 'quantity', 'reason', 'override', 'corrects'],
			...rows.map((r) => [
				r.occurred_on,
				r.batch_id,
				r.batch_kind,
				r.kind,
				r.location,
				r.item,
				r.size,
				r.unit,
				r.quantity,
				r.reason,
				r.override ? 'yes' : 'no',
				r.corrects_id
			])
		];
	}
	if (kind === 'donations') {
		const rows = await repo.listDonations(ctx.db, networkId, { limit: 1_000_000, offset: 0, fromDay, toDay });
		return [
			['date', 'donation', 'place', 'source', 'drive', 'units', 'estimated_value', 'mode'],
			...rows
				.sort((a, b) => (a.receivedOn < b.receivedOn ? -1 : a.receivedOn > b.receivedOn ? 1 : a.id < b.id ? -1 : 1))
				.map((d) => [
					d.receivedOn,
					d.id,
					d.locationName,
					d.source,
					d.driveName,
					d.units,
					d.estimatedValueMinor === null ? null : (d.estimatedValueMinor / 100).toFixed(2),
					d.mode
				])
		];
	}
	const held = await dist.heldOccurrences(ctx.db, networkId, fromDay, toDay);
	const places = new Map((await catalogue.listLocations(ctx.db, networkId, { includeArchived: true })).map((p) => [p.id, p.name]));
	return [
		['date', 'time', 'distribution', 'place', 'status', 'bags', 'households', 'walk_ins'],
		...held.map((o) => [o.day, o.startTime, o.name, places.get(o.locationId) ?? '', o.status, o.bags, o.households, o.walkIns])
	];
}

/** The months a report or export can be asked for: from the first recorded month to this one. */
export function monthChoices(ctx: Pick<Ctx, 'now'>, count = 24): string[] {
	const months: string[] = [];
	let day = `${currentMonth(ctx)}-01`;
	for (let i = 0; i < count; i++) {
		months.push(day.slice(0, 7));
		day = `${addDays(day, -1).slice(0, 7)}-01`;
	}
	return months;
}
