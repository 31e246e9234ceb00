/**
 * Stock arithmetic, pure: what a number of standard bags takes out, what is short, what a
 * stock-take changes, and whether the cached levels still match the ledger they cache. The
 * service writes what these decide; nothing here reads a database or a clock.
 */

export const MOVEMENT_KINDS = ['donation', 'distribution', 'transfer_out', 'transfer_in', 'adjustment', 'count'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];
export const BATCH_KINDS = ['donation', 'distribution', 'transfer', 'adjustment', 'count', 'correction'] as const;
export type BatchKind = (typeof BATCH_KINDS)[number];
export const ADJUSTMENT_REASONS = ['spoiled', 'expired', 'damaged', 'found', 'other'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];
export const DONATION_SOURCES = ['individual', 'drive', 'event', 'store', 'other'] as const;
export type DonationSource = (typeof DONATION_SOURCES)[number];
export const DRIVE_KINDS = ['event', 'drive'] as const;
export type DriveKind = (typeof DRIVE_KINDS)[number];

/** The largest quantity one line may move: a pallet of cans, not a typo with six extra zeros. */
export const MAX_LINE_QUANTITY = 100_000;

export interface Line {
	itemId: string;
	quantity: number;
}

/** Adds up lines that name the same item, keeping the order items first appear in. */
export function mergeLines(lines: readonly Line[]): Line[] {
	const out = new Map<string, number>();
	for (const l of lines) out.set(l.itemId, (out.get(l.itemId) ?? 0) + l.quantity);
	return [...out].map(([itemId, quantity]) => ({ itemId, quantity }));
}

/** What `bags` standard bags hold in all: each line of the kit times the number of bags. */
export function kitContents(kit: readonly Line[], bags: number): Line[] {
	return mergeLines(kit.map((l) => ({ itemId: l.itemId, quantity: l.quantity * bags })));
}

export interface Shortfall {
	itemId: string;
	need: number;
	have: number;
	/** How many more are needed: need − have, never negative. */
	short: number;
}

/**
 * Compares what is needed with what is on hand, per item. Levels may be below zero after a
 * confirmed override; what is missing then counts from zero, because a negative shelf holds nothing.
 */
export function shortfalls(needs: readonly Line[], levels: ReadonlyMap<string, number>): Shortfall[] {
	return mergeLines(needs).flatMap((n) => {
		const have = Math.max(0, levels.get(n.itemId) ?? 0);
		const short = n.quantity - have;
		return short > 0 ? [{ itemId: n.itemId, need: n.quantity, have, short }] : [];
	});
}

/** How many standard bags the shelf can fill, given each line of the kit; 0 for an empty kit. */
export function bagsPossible(kit: readonly Line[], levels: ReadonlyMap<string, number>): number {
	const merged = mergeLines(kit).filter((l) => l.quantity > 0);
	if (merged.length === 0) return 0;
	return Math.min(...merged.map((l) => Math.floor(Math.max(0, levels.get(l.itemId) ?? 0) / l.quantity)));
}

/** A stock-take sets the true number; the ledger records the difference from what it thought. */
export function countDifference(counted: number, recorded: number): number {
	return counted - recorded;
}

/** Whether an item is at or below the level its network asked to be warned at. */
export function isLow(quantity: number, minLevel: number | null): boolean {
	return minLevel !== null && quantity <= minLevel;
}

/** The lines that undo a batch: the same items and places, the opposite sign. */
export function correctionLines<T extends { quantity: number }>(lines: readonly T[]): T[] {
	return lines.map((l) => ({ ...l, quantity: -l.quantity }));
}

export interface LevelDrift {
	key: string;
	cached: number;
	fromLedger: number;
}

/**
 * Compares cached levels with the sums of their movements, both keyed by "location:item". A key
 * missing on one side counts as zero there (a level row of 0 and no movements agree).
 */
export function levelDrift(cached: ReadonlyMap<string, number>, fromLedger: ReadonlyMap<string, number>): LevelDrift[] {
	const keys = new Set([...cached.keys(), ...fromLedger.keys()]);
	const out: LevelDrift[] = [];
	for (const key of [...keys].sort()) {
		const c = cached.get(key) ?? 0;
		const l = fromLedger.get(key) ?? 0;
		if (c !== l) out.push({ key, cached: c, fromLedger: l });
	}
	return out;
}
