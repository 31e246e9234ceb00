/**
 * Matching: which volunteers are best placed to help with an ask, and which open asks suit one
 * volunteer. Pure: no I/O and no clock — the caller passes `now` and the network's UTC offset.
 *
 * A score is a sum of whole points (0–100) from independent factors, so equal scores are exactly
 * equal and the tie-breaks below decide, never floating-point noise. The factors say *why*, as codes
 * with parameters the UI renders in the reader's language; this module holds no text for people.
 *
 * Fairness: anyone at or above the capacity they stated for the week is never suggested (burnout is
 * how mutual aid networks lose their volunteers), and among the rest fewer claims in the recent
 * period ranks higher, so the work spreads out instead of landing on the same few people.
 */

export type Urgency = 'today' | 'days' | 'week' | 'whenever';

/** A weekly time slot in the network's local time. `day` 0 = Sunday … 6 = Saturday. */
export interface WeeklySlot {
	day: number;
	/** Minutes after local midnight, 0–1439. */
	startMinute: number;
	/** Minutes after local midnight, 1–1440; at or before `startMinute` means it runs past midnight (equal: 24 hours). */
	endMinute: number;
}

/** What matching needs to know about an ask (never the private part: no address, no phone). */
export interface MatchAsk {
	id: string;
	categoryId: string;
	areaId: string;
	/** Languages the person speaks, most preferred first; empty means any language will do. */
	languages: readonly string[];
	urgency: Urgency;
	neededBy?: Date | undefined;
	/** When help is wanted; without it the window runs from `now` to the urgency's horizon. */
	window?: { start: Date; end: Date } | undefined;
	/** The job needs a car (a ride, furniture, a large grocery run): set per ask, not guessed from the category. */
	needsCar: boolean;
}

/** What matching needs to know about a volunteer or one of their offers. */
export interface MatchCandidate {
	id: string;
	categories: readonly string[];
	areaIds: readonly string[];
	languages: readonly string[];
	availability: readonly WeeklySlot[];
	/** Claims per week the person said they can take; null when they stated no limit. */
	capacityPerWeek: number | null;
	claimsThisWeek: number;
	/** Claims in the recent period the caller chose (e.g. the last 30 days). */
	recentClaims: number;
	hasCar: boolean;
}

export interface MatchOptions {
	now: Date;
	/** The network's offset from UTC in minutes at the time of the window (e.g. -300 for UTC−5). */
	utcOffsetMinutes?: number;
	/** Areas next to each area; a candidate serving a neighbour of the ask's area scores part of the area points. */
	areaNeighbours?: ReadonlyMap<string, readonly string[]>;
	/** How many results to return; 10 unless given. */
	limit?: number;
}

/** Why a match was suggested, as a code and parameters; the UI turns each into words. */
export type MatchReason =
	| { code: 'offers_category'; categoryId: string }
	| { code: 'serves_area'; areaId: string }
	| { code: 'serves_nearby_area'; areaId: string }
	| { code: 'speaks'; language: string }
	/** Minutes of the person's weekly availability inside the needed window. */
	| { code: 'available'; minutes: number }
	| { code: 'has_car' }
	| { code: 'claims_this_week'; count: number; capacity: number | null }
	| { code: 'urgency'; urgency: Urgency };

export interface CandidateMatch<C extends MatchCandidate> {
	candidate: C;
	score: number;
	reasons: MatchReason[];
}

export interface AskMatch<A extends MatchAsk> {
	ask: A;
	score: number;
	reasons: MatchReason[];
}

/**
 * Points per factor; a perfect match scores 100. The order of importance: the kind of help they
 * offered (30) decides most; a car (20) when the job cannot be done without one; same area (15, or 6
 * for a neighbouring area) and a shared language (15, because a family that speaks only Somali must
 * be able to talk to whoever comes) next; being free in the needed window (12) after those, because
 * availability is stated loosely and people often adjust; then fairness (8: one point less per
 * recent claim), so spreading the work reorders similar candidates but never puts a poor fit above
 * a good one. `urgency` replaces fairness when ranking asks for one volunteer.
 * Factors that do not apply (an ask with no language need, no car need, no time window) give every
 * candidate the full points: neutral for one ask, and, for one volunteer, an ask they can do either
 * way rightly ranks above one they cannot.
 */
export const MATCH_WEIGHTS = Object.freeze({
	category: 30,
	car: 20,
	sameArea: 15,
	nearbyArea: 6,
	language: 15,
	availability: 12,
	fairness: 8,
	urgency: 8
});

/** Today's asks get the full urgency points; 'whenever' can wait for a better-suited volunteer. */
const URGENCY_POINTS: Readonly<Record<Urgency, number>> = { today: MATCH_WEIGHTS.urgency, days: 5, week: 2, whenever: 0 };

/** An hour free inside the window earns the full availability points (a delivery rarely takes longer). */
const AVAILABILITY_FULL_MINUTES = 60;

const MINUTE = 60_000;
const DAY_MINUTES = 1440;
const WEEK_MINUTES = 7 * DAY_MINUTES;
/** 1970-01-01, where epoch minutes start, was a Thursday (day 4 with Sunday = 0). */
const EPOCH_WEEKDAY = 4;
const DEFAULT_LIMIT = 10;

/**
 * The needed window folded onto the week, in minutes since local Sunday 00:00: at most two spans
 * (a window from Saturday night into Sunday wraps). `kind` 'any' means no time constraint.
 */
interface WeekWindow {
	kind: 'any' | 'empty' | 'spans';
	a0: number;
	b0: number;
	a1: number;
	b1: number;
}

/** At or above stated capacity: excluded outright, whatever the score. */
function atCapacity(c: MatchCandidate): boolean {
	return c.capacityPerWeek !== null && c.claimsThisWeek >= c.capacityPerWeek;
}

function fairnessPoints(recentClaims: number): number {
	return Math.max(0, MATCH_WEIGHTS.fairness - Math.max(0, Math.floor(recentClaims)));
}

function minuteOfWeek(epochMinute: number): number {
	const m = (epochMinute + EPOCH_WEEKDAY * DAY_MINUTES) % WEEK_MINUTES;
	return m < 0 ? m + WEEK_MINUTES : m;
}

/** Writes the ask's needed window into `out` (reused, so ranking many asks allocates nothing). */
function fillWindow(out: WeekWindow, ask: MatchAsk, now: Date, offsetMinutes: number): void {
	const nowMs = now.getTime();
	let start = nowMs;
	let end = Number.POSITIVE_INFINITY;
	if (ask.window) {
		start = Math.max(ask.window.start.getTime(), nowMs);
		end = ask.window.end.getTime();
	} else if (ask.urgency === 'today') {
		// Until local midnight: "today" is the network's day, not UTC's.
		const localDay = Math.floor((nowMs + offsetMinutes * MINUTE) / (DAY_MINUTES * MINUTE));
		end = (localDay + 1) * DAY_MINUTES * MINUTE - offsetMinutes * MINUTE;
	} else if (ask.urgency === 'days') {
		end = nowMs + 3 * DAY_MINUTES * MINUTE;
	} else if (ask.urgency === 'week') {
		end = nowMs + WEEK_MINUTES * MINUTE;
	}
	if (ask.neededBy) end = Math.min(end, ask.neededBy.getTime());
	out.a0 = out.b0 = out.a1 = out.b1 = 0;
	if (end === Number.POSITIVE_INFINITY) {
		out.kind = 'any';
		return;
	}
	const first = Math.floor(start / MINUTE) + offsetMinutes;
	const length = Math.floor(end / MINUTE) + offsetMinutes - first;
	if (length <= 0) {
		// Already past: nobody can be free in it, so availability separates no one.
		out.kind = 'empty';
		return;
	}
	out.kind = 'spans';
	if (length >= WEEK_MINUTES) {
		out.b0 = WEEK_MINUTES;
		return;
	}
	const a = minuteOfWeek(first);
	out.a0 = a;
	out.b0 = Math.min(a + length, WEEK_MINUTES);
	if (a + length > WEEK_MINUTES) out.b1 = a + length - WEEK_MINUTES;
}

function overlap(a: number, b: number, c: number, d: number): number {
	const o = Math.min(b, d) - Math.max(a, c);
	return o > 0 ? o : 0;
}

/**
 * Minutes of the weekly slots that fall inside the window, counting stopped once `enough` is
 * reached (the points are capped, so ranking need not count further). A window shorter than a week
 * covers each minute of the week at most once, so folding both onto the week and summing overlaps
 * is exact; a slot running past Saturday midnight is also compared one week later.
 */
function freeMinutes(slots: readonly WeeklySlot[], w: WeekWindow, enough: number): number {
	const wraps = w.b1 > w.a1;
	let total = 0;
	for (const slot of slots) {
		const start = slot.day * DAY_MINUTES + slot.startMinute;
		let end = slot.day * DAY_MINUTES + slot.endMinute;
		if (slot.endMinute <= slot.startMinute) end += DAY_MINUTES;
		total += overlap(start, end, w.a0, w.b0);
		if (wraps) total += overlap(start, end, w.a1, w.b1);
		if (end > WEEK_MINUTES) {
			total += overlap(start, end, w.a0 + WEEK_MINUTES, w.b0 + WEEK_MINUTES);
			if (wraps) total += overlap(start, end, w.a1 + WEEK_MINUTES, w.b1 + WEEK_MINUTES);
		}
		if (total >= enough) return total;
	}
	return total;
}

/** The most the factors after the category can still add; used to give up on a candidate early. */
const AFTER_CATEGORY = MATCH_WEIGHTS.sameArea + MATCH_WEIGHTS.language + MATCH_WEIGHTS.availability;
const AFTER_AREA = MATCH_WEIGHTS.language + MATCH_WEIGHTS.availability;
const AFTER_LANGUAGE = MATCH_WEIGHTS.availability;

/**
 * The factors both directions share, on top of `base` (fairness or urgency), or -Infinity as soon
 * as the score can no longer reach `floor`: once the top N is full, most candidates fail after a
 * check or two and never reach the costlier area, language and time-slot comparisons.
 * With `reasons` (and no floor) it also records why; ranking calls it without, then once more
 * with reasons for the few winners, so a score and its explanation come from the same code.
 */
function fitPoints(
	ask: MatchAsk,
	nearby: readonly string[] | undefined,
	window: WeekWindow,
	person: MatchCandidate,
	base: number,
	floor: number,
	reasons: MatchReason[] | null
): number {
	// The car is a single flag, so it is counted first to tighten the bound; its reason still comes last.
	const car = !ask.needsCar || person.hasCar ? MATCH_WEIGHTS.car : 0;
	let points = base + car;
	if (points + MATCH_WEIGHTS.category + AFTER_CATEGORY < floor) return Number.NEGATIVE_INFINITY;

	if (person.categories.includes(ask.categoryId)) {
		points += MATCH_WEIGHTS.category;
		reasons?.push({ code: 'offers_category', categoryId: ask.categoryId });
	}
	if (points + AFTER_CATEGORY < floor) return Number.NEGATIVE_INFINITY;

	if (person.areaIds.includes(ask.areaId)) {
		points += MATCH_WEIGHTS.sameArea;
		reasons?.push({ code: 'serves_area', areaId: ask.areaId });
	} else if (nearby !== undefined) {
		for (const areaId of person.areaIds) {
			if (nearby.includes(areaId)) {
				points += MATCH_WEIGHTS.nearbyArea;
				reasons?.push({ code: 'serves_nearby_area', areaId });
				break;
			}
		}
	}
	if (points + AFTER_AREA < floor) return Number.NEGATIVE_INFINITY;

	if (ask.languages.length === 0) {
		points += MATCH_WEIGHTS.language;
	} else {
		// The ask's order is the person's preference, so the first shared one is the one to name.
		for (const language of ask.languages) {
			if (person.languages.includes(language)) {
				points += MATCH_WEIGHTS.language;
				reasons?.push({ code: 'speaks', language });
				break;
			}
		}
	}
	if (points + AFTER_LANGUAGE < floor) return Number.NEGATIVE_INFINITY;

	if (window.kind === 'any') {
		points += MATCH_WEIGHTS.availability;
	} else if (window.kind === 'spans') {
		const minutes = freeMinutes(person.availability, window, reasons === null ? AVAILABILITY_FULL_MINUTES : Number.POSITIVE_INFINITY);
		const earned = Math.floor((MATCH_WEIGHTS.availability * Math.min(minutes, AVAILABILITY_FULL_MINUTES)) / AVAILABILITY_FULL_MINUTES);
		if (earned > 0) {
			points += earned;
			reasons?.push({ code: 'available', minutes });
		}
	}

	if (ask.needsCar && car > 0) reasons?.push({ code: 'has_car' });
	return points;
}

function normalisedLimit(limit: number | undefined): number {
	if (limit === undefined) return DEFAULT_LIMIT;
	return Number.isFinite(limit) && limit > 0 ? Math.floor(limit) : 0;
}

interface Scored<T> {
	item: T;
	score: number;
}

/** Whether `a` (with its score) ranks before `b`. */
type Before<T> = (a: T, aScore: number, b: T, bScore: number) => boolean;

/**
 * Keeps the best `limit` entries seen, in a binary heap with the worst at the root: O(M log N) for M
 * entries whatever the limit (insertion into a sorted array degrades to O(M·N) when a caller asks for
 * a full ranking), and most entries lose to the root at once without allocating anything.
 */
class TopN<T> {
	readonly #heap: Scored<T>[] = [];
	readonly #limit: number;
	readonly #before: Before<T>;

	constructor(limit: number, before: Before<T>) {
		this.#limit = limit;
		this.#before = before;
	}

	/** The score an entry must at least equal to get in (ties are settled by `before`). */
	get threshold(): number {
		return this.#heap.length < this.#limit ? Number.NEGATIVE_INFINITY : (this.#heap[0]?.score ?? Number.NEGATIVE_INFINITY);
	}

	offer(item: T, score: number): void {
		const heap = this.#heap;
		if (heap.length < this.#limit) {
			heap.push({ item, score });
			this.#siftUp(heap.length - 1);
			return;
		}
		// Compared before allocating, so a loser (most of them, on a tie) costs no garbage.
		const root = heap[0];
		if (root === undefined || !this.#before(item, score, root.item, root.score)) return;
		heap[0] = { item, score };
		this.#siftDown(0);
	}

	#better(a: Scored<T>, b: Scored<T>): boolean {
		return this.#before(a.item, a.score, b.item, b.score);
	}

	/** Best first. */
	sorted(): Scored<T>[] {
		return [...this.#heap].sort((a, b) => (this.#better(a, b) ? -1 : this.#better(b, a) ? 1 : 0));
	}

	#siftUp(index: number): void {
		const heap = this.#heap;
		let i = index;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			const p = heap[parent];
			const c = heap[i];
			// A parent better than its child breaks the worst-at-the-root order: swap.
			if (p === undefined || c === undefined || !this.#better(p, c)) return;
			heap[parent] = c;
			heap[i] = p;
			i = parent;
		}
	}

	#siftDown(index: number): void {
		const heap = this.#heap;
		let i = index;
		for (;;) {
			const left = 2 * i + 1;
			const right = left + 1;
			let worst = i;
			const l = heap[left];
			const w0 = heap[worst];
			if (l !== undefined && w0 !== undefined && this.#better(w0, l)) worst = left;
			const r = heap[right];
			const w1 = heap[worst];
			if (r !== undefined && w1 !== undefined && this.#better(w1, r)) worst = right;
			if (worst === i) return;
			const a = heap[i];
			const b = heap[worst];
			if (a === undefined || b === undefined) return;
			heap[i] = b;
			heap[worst] = a;
			i = worst;
		}
	}
}

/** Higher score first; then fewer recent claims (spread the work); then id, for a stable order. */
function candidateBefore(a: MatchCandidate, aScore: number, b: MatchCandidate, bScore: number): boolean {
	if (aScore !== bScore) return aScore > bScore;
	if (a.recentClaims !== b.recentClaims) return a.recentClaims < b.recentClaims;
	// Code-unit order, not localeCompare: the same on every server whatever its locale.
	return a.id < b.id;
}

/** Higher score first; then the earlier needed-by date (none counts as last); then id (ids sort by age). */
function askBefore(a: MatchAsk, aScore: number, b: MatchAsk, bScore: number): boolean {
	if (aScore !== bScore) return aScore > bScore;
	const da = a.neededBy?.getTime() ?? Number.POSITIVE_INFINITY;
	const db = b.neededBy?.getTime() ?? Number.POSITIVE_INFINITY;
	if (da !== db) return da < db;
	return a.id < b.id;
}

function emptyWindow(): WeekWindow {
	return { kind: 'any', a0: 0, b0: 0, a1: 0, b1: 0 };
}

/** The best `limit` volunteers or offers for one ask, best first, with reasons; nobody at capacity. */
export function rankCandidates<C extends MatchCandidate>(ask: MatchAsk, candidates: readonly C[], options: MatchOptions): CandidateMatch<C>[] {
	const limit = normalisedLimit(options.limit);
	if (limit === 0 || candidates.length === 0) return [];
	const window = emptyWindow();
	fillWindow(window, ask, options.now, options.utcOffsetMinutes ?? 0);
	const nearby = options.areaNeighbours?.get(ask.areaId);

	const top = new TopN<C>(limit, candidateBefore);
	let threshold = top.threshold;
	for (const candidate of candidates) {
		if (atCapacity(candidate)) continue;
		// Below the threshold an entry cannot get in; at it, the tie-break may still let it in.
		const score = fitPoints(ask, nearby, window, candidate, fairnessPoints(candidate.recentClaims), threshold, null);
		if (score < threshold) continue;
		top.offer(candidate, score);
		threshold = top.threshold;
	}

	return top.sorted().map(({ item, score }) => {
		const reasons: MatchReason[] = [];
		fitPoints(ask, nearby, window, item, 0, Number.NEGATIVE_INFINITY, reasons);
		reasons.push({ code: 'claims_this_week', count: item.claimsThisWeek, capacity: item.capacityPerWeek });
		return { candidate: item, score, reasons };
	});
}

/** The open asks best suited to one volunteer, best first, by the same factors plus urgency. */
export function matchAsksForVolunteer<A extends MatchAsk>(volunteer: MatchCandidate, asks: readonly A[], options: MatchOptions): AskMatch<A>[] {
	const limit = normalisedLimit(options.limit);
	// Someone at their stated capacity is not offered more work, in either direction.
	if (limit === 0 || asks.length === 0 || atCapacity(volunteer)) return [];
	const offset = options.utcOffsetMinutes ?? 0;
	const window = emptyWindow();

	const top = new TopN<A>(limit, askBefore);
	let threshold = top.threshold;
	for (const ask of asks) {
		fillWindow(window, ask, options.now, offset);
		const score = fitPoints(ask, options.areaNeighbours?.get(ask.areaId), window, volunteer, URGENCY_POINTS[ask.urgency], threshold, null);
		if (score < threshold) continue;
		top.offer(ask, score);
		threshold = top.threshold;
	}

	return top.sorted().map(({ item, score }) => {
		const reasons: MatchReason[] = [];
		fillWindow(window, item, options.now, offset);
		fitPoints(item, options.areaNeighbours?.get(item.areaId), window, volunteer, 0, Number.NEGATIVE_INFINITY, reasons);
		if (URGENCY_POINTS[item.urgency] > 0) reasons.push({ code: 'urgency', urgency: item.urgency });
		return { ask: item, score, reasons };
	});
}
