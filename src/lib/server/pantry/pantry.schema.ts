import { z } from 'zod';
import { ITEM_CATEGORIES, ITEM_UNITS, LOCATION_KINDS } from '$lib/domain/pantry-catalogue';
import { WEEKDAYS } from '$lib/domain/recurrence';
import { ADJUSTMENT_REASONS, DONATION_SOURCES, DRIVE_KINDS, MAX_LINE_QUANTITY } from '$lib/domain/stock';
import { dateField, flag, listOf, optionalText } from '../fields';

/* Input shapes of pantries, closets and distributions: forms send text, the API sends JSON. */

const id = z.string().trim().min(1, 'required').max(64, 'invalid_choice');
const optionalId = z
	.string()
	.trim()
	.max(64, 'invalid_choice')
	.optional()
	.nullable()
	.transform((v) => (v === undefined || v === null || v === '' ? null : v));

/** A whole number of units in a range: "2.5", "-1", "1e3" and "" are refused with a message. */
export function quantity(min: number, max: number = MAX_LINE_QUANTITY) {
	return z.preprocess(
		(v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : /^[+-]?\d+$/.test(v.trim()) ? Number(v.trim()) : Number.NaN) : v),
		z
			.number({ error: (issue) => (issue.input === undefined || issue.input === null ? 'required' : 'quantity_invalid') })
			.refine((n) => Number.isInteger(n) && n >= min && n <= max, 'quantity_invalid')
	);
}
/** The same, where empty means "none". */
function optionalQuantity(min: number, max: number = MAX_LINE_QUANTITY) {
	return z.preprocess((v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? null : v), z.union([z.null(), quantity(min, max)]));
}

const time = z
	.string('required')
	.trim()
	.min(1, 'required')
	.refine((v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v), 'invalid');

/** An item of the catalogue. `names` holds the name in each of the network's languages. */
export const itemSchema = z.object({
	name: z.string().trim().min(1, 'required').max(80, 'too_long'),
	names: z
		.record(z.string(), z.string().trim().max(80, 'too_long'))
		.optional()
		.transform((v) => Object.fromEntries(Object.entries(v ?? {}).filter(([, s]) => s !== ''))),
	category: z.enum(ITEM_CATEGORIES, 'invalid_choice'),
	unit: z.enum(ITEM_UNITS, 'invalid_choice'),
	size: optionalText(20),
	barcode: optionalText(14).refine((v) => v === null || /^\d{6,14}$/.test(v), 'invalid'),
	minLevel: optionalQuantity(0, 1_000_000)
});
export type ItemInput = z.infer<typeof itemSchema>;

/** A form's fields `name_<locale>` gathered into the `names` the item schema takes. */
export function itemFormInput(input: Record<string, string | string[]>, languages: readonly string[]): Record<string, unknown> {
	const names: Record<string, string> = {};
	for (const l of languages) {
		const v = input[`name_${l}`];
		if (typeof v === 'string') names[l] = v;
	}
	return { ...input, names };
}

/** A place where things are kept. A private one (a car, a home) has no address at all. */
export const locationSchema = z
	.object({
		name: z.string().trim().min(1, 'required').max(80, 'too_long'),
		kind: z.enum(LOCATION_KINDS, 'invalid_choice'),
		isPrivate: flag,
		address: optionalText(200),
		hoursWeekly: z
			.string()
			.max(2000, 'too_long')
			.optional()
			.transform((v) => v ?? ''),
		hoursExceptions: z
			.string()
			.max(4000, 'too_long')
			.optional()
			.transform((v) => v ?? '')
	})
	.transform((l) => ({ ...l, address: l.isPrivate ? null : l.address }));
export type LocationInput = z.infer<typeof locationSchema>;

export const kitSchema = z.object({
	name: z.string().trim().min(1, 'required').max(80, 'too_long'),
	description: z
		.string()
		.trim()
		.max(300, 'too_long')
		.optional()
		.transform((v) => v ?? '')
});
export type KitInput = z.infer<typeof kitSchema>;

/** One line of a kit: setting a quantity of 0 takes the item out. */
export const kitLineSchema = z.object({ itemId: id, quantity: quantity(0, 1000) });

export const driveSchema = z.object({
	name: z.string().trim().min(1, 'required').max(80, 'too_long'),
	kind: z.enum(DRIVE_KINDS, 'invalid_choice')
});
export type DriveInput = z.infer<typeof driveSchema>;

/**
 * Lines of items and quantities. Forms send parallel `item` and `quantity` fields (rows left
 * empty are skipped); the API sends `lines: [{ itemId, quantity }]`.
 */
const linesIn = z
	.object({
		// Not `listOf`: that removes repeats, and the rows must stay paired with their quantities.
		item: z
			.union([z.string(), z.array(z.string()).max(200, 'too_long')])
			.optional()
			.transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v])),
		quantity: z.union([z.string(), z.array(z.string())]).optional(),
		lines: z
			.array(z.object({ itemId: z.string(), quantity: z.unknown() }))
			.max(200, 'too_long')
			.optional()
	})
	.transform((v) => {
		if (v.lines) return v.lines.map((l) => ({ itemId: l.itemId, quantity: l.quantity }));
		const items = v.item ?? [];
		const qs = v.quantity === undefined ? [] : Array.isArray(v.quantity) ? v.quantity : [v.quantity];
		return items.map((itemId, i) => ({ itemId, quantity: qs[i] ?? '' }));
	})
	.pipe(z.array(z.object({ itemId: id, quantity: quantity(1) })).min(1, 'required'));

function withLines<T extends z.ZodRawShape>(shape: T) {
	// Raw form rows: `item` and `quantity` arrive as repeated fields; blank rows are dropped first.
	return z.preprocess(
		(raw) => {
			if (typeof raw !== 'object' || raw === null) return raw;
			const r = Object.fromEntries(Object.entries(raw));
			if ('lines' in r && Array.isArray(r.lines)) return { ...r, lines: { lines: r.lines } };
			const items = r.item === undefined ? [] : Array.isArray(r.item) ? r.item : [r.item];
			const qs = r.quantity === undefined ? [] : Array.isArray(r.quantity) ? r.quantity : [r.quantity];
			const keep = items.map((it, i) => ({ it: String(it), q: String(qs[i] ?? '') })).filter((x) => x.it !== '' || x.q.trim() !== '');
			return { ...r, lines: { item: keep.map((x) => x.it), quantity: keep.map((x) => x.q) } };
		},
		z.object({ ...shape, lines: linesIn })
	);
}

/** Things given, recorded from a form with several lines. */
export const donationSchema = withLines({
	locationId: id,
	receivedOn: dateField.refine((v) => v !== null, 'required'),
	source: z.enum(DONATION_SOURCES, 'invalid_choice'),
	driveId: optionalId,
	donorName: optionalText(120),
	estimatedValue: optionalText(20),
	note: optionalText(500)
});
export type DonationInput = z.infer<typeof donationSchema>;

/** Starting a tally at an event or a drop-off: where, from what source, and for which drive. */
export const tallyStartSchema = z.object({
	locationId: id,
	source: z.enum(DONATION_SOURCES, 'invalid_choice'),
	driveId: optionalId,
	donorName: optionalText(120)
});
export type TallyStartInput = z.infer<typeof tallyStartSchema>;

/** One tap in tally mode: one item, one (or a few) more. */
export const tallyTapSchema = z.object({
	itemId: id,
	quantity: z.preprocess((v) => (v === undefined || v === null || v === '' ? 1 : v), quantity(1, 1000))
});

export const transferSchema = withLines({
	fromLocationId: id,
	toLocationId: id,
	note: optionalText(200)
});
export type TransferInput = z.infer<typeof transferSchema>;

/** A change found on the shelf: spoiled, expired, damaged (out) or found (in). */
export const adjustSchema = z
	.object({
		locationId: id,
		itemId: id,
		direction: z.enum(['out', 'in'], 'invalid_choice'),
		quantity: quantity(1),
		reason: z.enum(ADJUSTMENT_REASONS, 'invalid_choice'),
		note: optionalText(200),
		override: flag
	})
	.transform((a) => ({ ...a, delta: a.direction === 'out' ? -a.quantity : a.quantity }));
export type AdjustInput = z.infer<typeof adjustSchema>;

/**
 * A stock-take sheet: `count_<itemId>` fields from the form (empty means "not counted"), or
 * `counts: [{ itemId, counted }]` from the API.
 */
export const countSchema = z.preprocess(
	(raw) => {
		if (typeof raw !== 'object' || raw === null) return raw;
		const r = Object.fromEntries(Object.entries(raw));
		if (Array.isArray(r.counts)) return r;
		const counts = Object.entries(r)
			.filter(([k, v]) => k.startsWith('count_') && typeof v === 'string' && v.trim() !== '')
			.map(([k, v]) => ({ itemId: k.slice('count_'.length), counted: v }));
		return { ...r, counts };
	},
	z.object({
		locationId: id,
		counts: z
			.array(z.object({ itemId: id, counted: quantity(0, 1_000_000) }))
			.min(1, 'required')
			.max(2000, 'too_long'),
		note: optionalText(200)
	})
);
export type CountInput = z.infer<typeof countSchema>;

/** Undo a past record with a new, opposite one. */
export const correctSchema = z.object({
	batchId: id,
	confirm: flag.refine((v) => v, 'confirm_required'),
	override: flag
});

/** A recurring distribution: where, when (RFC 5545 in form terms), which bag and how many. */
export const distributionSchema = z.object({
	name: z.string().trim().min(1, 'required').max(80, 'too_long'),
	locationId: id,
	place: z
		.string()
		.trim()
		.max(120, 'too_long')
		.optional()
		.transform((v) => v ?? ''),
	frequency: z.enum(['weekly', 'monthly'], 'invalid_choice'),
	interval: quantity(1, 12),
	weekdays: listOf(z.enum(WEEKDAYS, 'invalid_choice'), 7),
	monthWeek: z
		.union([z.literal(''), z.enum(['1', '2', '3', '4', '-1'], 'invalid_choice')])
		.optional()
		.nullable()
		.transform((v) => (v === undefined || v === null || v === '' ? null : Number(v))),
	startDay: dateField.refine((v) => v !== null, 'required'),
	startTime: time,
	endTime: time,
	untilDay: dateField,
	kitId: optionalId,
	plannedBags: quantity(0, 10_000),
	slotMinutes: optionalQuantity(5, 240),
	slotCapacity: optionalQuantity(1, 500)
});
export type DistributionInput = z.infer<typeof distributionSchema>;

/** Move one occurrence to another day or time. */
export const moveSchema = z.object({
	start: z.string().trim().min(1, 'required').max(16, 'invalid'),
	day: dateField.refine((v) => v !== null, 'required'),
	startTime: time,
	endTime: time,
	plannedBags: optionalQuantity(0, 10_000)
});

export const occurrenceRefSchema = z.object({
	start: z.string().trim().min(1, 'required').max(16, 'invalid'),
	confirm: flag
});

/** Bags given out at an occurrence (by standard bag), with extra items beside them. */
export const giveSchema = z.preprocess(
	(raw) => {
		if (typeof raw !== 'object' || raw === null) return raw;
		const r = Object.fromEntries(Object.entries(raw));
		if (Array.isArray(r.extras)) return r;
		const items = r.item === undefined ? [] : Array.isArray(r.item) ? r.item : [r.item];
		const qs = r.quantity === undefined ? [] : Array.isArray(r.quantity) ? r.quantity : [r.quantity];
		const extras = items.map((it, i) => ({ itemId: String(it), quantity: String(qs[i] ?? '') })).filter((x) => x.itemId !== '' || x.quantity.trim() !== '');
		return { ...r, extras };
	},
	z
		.object({
			kitId: optionalId,
			bags: z.preprocess((v) => (v === undefined || v === null || v === '' ? 0 : v), quantity(0, 10_000)),
			extras: z.array(z.object({ itemId: id, quantity: quantity(1) })).max(50, 'too_long'),
			override: flag
		})
		.refine((g) => g.bags > 0 || g.extras.length > 0, { message: 'required', path: ['bags'] })
		.refine((g) => g.bags === 0 || g.kitId !== null, { message: 'required', path: ['kitId'] })
);
export type GiveInput = z.infer<typeof giveSchema>;

/** Households served and walk-ins at an occurrence: counts only, never names. */
export const occurrenceCountsSchema = z.object({
	households: optionalQuantity(0, 100_000),
	walkIns: optionalQuantity(0, 100_000)
});

/** A pick-up booking needs only a first name or a nickname. */
export const bookingSchema = z.object({
	slotId: id,
	name: z.string().trim().min(1, 'required').max(40, 'too_long'),
	// The trap field of the public form (hidden from people): a robot fills it in.
	website: z.string().max(200).optional()
});

export const cancelBookingSchema = z.object({ code: z.string().trim().min(1, 'required').max(64, 'invalid') });

/** A spreadsheet of items or of opening stock. */
export const pantryImportSchema = z.object({
	kind: z.enum(['items', 'stock'], 'invalid_choice'),
	csv: z.string().min(1, 'required').max(5_000_000, 'too_long'),
	locationId: optionalId,
	commit: flag
});

/** A delivery ask draws one standard bag from a pantry. */
export const drawBagSchema = z.object({ locationId: id, kitId: id, override: flag });
