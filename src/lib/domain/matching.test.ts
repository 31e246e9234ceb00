import { describe, expect, it } from 'vitest';
import {
	MATCH_WEIGHTS,
	matchAsksForVolunteer,
	rankCandidates,
	type MatchAsk,
	type MatchCandidate,
	type MatchOptions,
	type MatchReason,
	type Urgency,
	type WeeklySlot
} from './matching';

// Tuesday 1 December 2026, 12:00 UTC. The network runs on UTC−6 unless a test says otherwise,
// so local time is Tuesday 06:00.
const NOW = new Date('2026-12-01T12:00:00Z');
const OFFSET = -360;
const TUESDAY = 2;

/** An ask with every field explicit; tests override only what they are about. */
function buildAsk(overrides: Partial<MatchAsk> = {}): MatchAsk {
	return {
		id: 'ask-1',
		categoryId: 'groceries',
		areaId: 'riverside',
		languages: ['es'],
		urgency: 'days',
		neededBy: undefined,
		// Tuesday 10:00–14:00 local (16:00–20:00 UTC).
		window: { start: new Date('2026-12-01T16:00:00Z'), end: new Date('2026-12-01T20:00:00Z') },
		needsCar: true,
		...overrides
	};
}

/** A candidate who fits the default ask on every factor; tests take away one factor at a time. */
function buildCandidate(overrides: Partial<MatchCandidate> = {}): MatchCandidate {
	return {
		id: 'a',
		categories: ['groceries'],
		areaIds: ['riverside'],
		languages: ['es', 'en'],
		availability: [{ day: TUESDAY, startMinute: 9 * 60, endMinute: 17 * 60 }],
		capacityPerWeek: 3,
		claimsThisWeek: 0,
		recentClaims: 0,
		hasCar: true,
		...overrides
	};
}

function options(overrides: Partial<MatchOptions> = {}): MatchOptions {
	return { now: NOW, utcOffsetMinutes: OFFSET, ...overrides };
}

const ids = (matches: { candidate: MatchCandidate }[]): string[] => matches.map((m) => m.candidate.id);
const codes = (match: { reasons: { code: string }[] } | undefined): string[] => (match?.reasons ?? []).map((r) => r.code);

function scoreOf(candidate: MatchCandidate, ask: MatchAsk = buildAsk(), extra: Partial<MatchOptions> = {}): number {
	return rankCandidates(ask, [candidate], options(extra))[0]?.score ?? Number.NaN;
}

/**
 * Two candidates identical except for one factor. The better one gets the later id, so the id
 * tie-break alone would have put it second: only the factor can move it to first place.
 */
function expectFactorWins(ask: MatchAsk, better: Partial<MatchCandidate>, worse: Partial<MatchCandidate>, points: number, extra: Partial<MatchOptions> = {}) {
	const result = rankCandidates(ask, [buildCandidate({ id: 'a', ...worse }), buildCandidate({ id: 'b', ...better })], options(extra));
	expect(ids(result)).toEqual(['b', 'a']);
	expect((result[0]?.score ?? 0) - (result[1]?.score ?? 0)).toBe(points);
	return result;
}

describe('weights', () => {
	it('add up to 100 for a perfect match with no recent claims', () => {
		expect(scoreOf(buildCandidate())).toBe(100);
		const { category, car, sameArea, language, availability, fairness } = MATCH_WEIGHTS;
		expect(category + car + sameArea + language + availability + fairness).toBe(100);
	});
});

describe('category', () => {
	it('ranks the person who offers the asked category first', () => {
		const [first, second] = expectFactorWins(buildAsk(), { categories: ['groceries', 'rides'] }, { categories: ['tutoring'] }, MATCH_WEIGHTS.category);
		expect(first?.reasons).toContainEqual({ code: 'offers_category', categoryId: 'groceries' });
		expect(codes(second)).not.toContain('offers_category');
	});
});

describe('area', () => {
	const neighbours = new Map([['riverside', ['eastgate']]]);
	it('ranks the same area above another area', () => {
		const [first] = expectFactorWins(buildAsk(), { areaIds: ['riverside'] }, { areaIds: ['hilltop'] }, MATCH_WEIGHTS.sameArea);
		expect(first?.reasons).toContainEqual({ code: 'serves_area', areaId: 'riverside' });
	});
	it('ranks a neighbouring area above a distant one, and below the same area', () => {
		const result = rankCandidates(
			buildAsk(),
			[
				buildCandidate({ id: 'a', areaIds: ['hilltop'] }),
				buildCandidate({ id: 'b', areaIds: ['eastgate'] }),
				buildCandidate({ id: 'c', areaIds: ['riverside'] })
			],
			options({ areaNeighbours: neighbours })
		);
		expect(ids(result)).toEqual(['c', 'b', 'a']);
		expect((result[1]?.score ?? 0) - (result[2]?.score ?? 0)).toBe(MATCH_WEIGHTS.nearbyArea);
		expect(result[1]?.reasons).toContainEqual({ code: 'serves_nearby_area', areaId: 'eastgate' });
		expect(codes(result[2]).filter((c) => c.startsWith('serves'))).toEqual([]);
	});
	it('gives no nearby points without a neighbour map', () => {
		expect(scoreOf(buildCandidate({ areaIds: ['eastgate'] }))).toBe(scoreOf(buildCandidate({ areaIds: ['hilltop'] })));
	});
});

describe('language', () => {
	it('ranks someone who speaks one of the ask’s languages first', () => {
		const [first, second] = expectFactorWins(buildAsk({ languages: ['so', 'ar'] }), { languages: ['en', 'ar'] }, { languages: ['en'] }, MATCH_WEIGHTS.language);
		expect(first?.reasons).toContainEqual({ code: 'speaks', language: 'ar' });
		expect(codes(second)).not.toContain('speaks');
	});
	it('names the ask’s most preferred shared language', () => {
		const [match] = rankCandidates(buildAsk({ languages: ['hmn', 'es'] }), [buildCandidate({ languages: ['es', 'hmn'] })], options());
		expect(match?.reasons.filter((r) => r.code === 'speaks')).toEqual([{ code: 'speaks', language: 'hmn' }]);
	});
	it('is neutral for an ask with no language need', () => {
		const ask = buildAsk({ languages: [] });
		expect(scoreOf(buildCandidate({ languages: ['en'] }), ask)).toBe(scoreOf(buildCandidate({ languages: [] }), ask));
		expect(codes(rankCandidates(ask, [buildCandidate()], options())[0])).not.toContain('speaks');
	});
});

describe('availability', () => {
	it('ranks someone free in the needed window first', () => {
		const [first, second] = expectFactorWins(
			buildAsk(),
			{ availability: [{ day: TUESDAY, startMinute: 9 * 60, endMinute: 17 * 60 }] },
			{ availability: [{ day: 4, startMinute: 9 * 60, endMinute: 17 * 60 }] },
			MATCH_WEIGHTS.availability
		);
		// The window is four hours; the slot covers all of it.
		expect(first?.reasons).toContainEqual({ code: 'available', minutes: 240 });
		expect(codes(second)).not.toContain('available');
	});
	it('reads slots in the network’s local time, not UTC', () => {
		// 16:00–20:00 UTC is 10:00–14:00 at UTC−6 but 17:00–21:00 at UTC+1.
		const morning = buildCandidate({ availability: [{ day: TUESDAY, startMinute: 10 * 60, endMinute: 14 * 60 }] });
		expect(scoreOf(morning, buildAsk(), { utcOffsetMinutes: -360 })).toBe(100);
		expect(scoreOf(morning, buildAsk(), { utcOffsetMinutes: 60 })).toBe(100 - MATCH_WEIGHTS.availability);
	});
	it('gives partial points for less than an hour of overlap', () => {
		const half = buildCandidate({ availability: [{ day: TUESDAY, startMinute: 13 * 60 + 30, endMinute: 18 * 60 }] });
		expect(scoreOf(half)).toBe(100 - MATCH_WEIGHTS.availability / 2);
	});
	it('adds up several slots and follows a window across Saturday midnight', () => {
		// Saturday 23:00 → Sunday 02:00 local.
		const ask = buildAsk({ window: { start: new Date('2026-12-06T05:00:00Z'), end: new Date('2026-12-06T08:00:00Z') } });
		const slots: WeeklySlot[] = [
			{ day: 6, startMinute: 23 * 60 + 30, endMinute: 24 * 60 },
			{ day: 0, startMinute: 0, endMinute: 15 }
		];
		const [match] = rankCandidates(ask, [buildCandidate({ availability: slots })], options());
		expect(match?.reasons).toContainEqual({ code: 'available', minutes: 45 });
	});
	it('counts a slot that runs past midnight', () => {
		// Tuesday 22:00 → Wednesday 02:00 local; the ask wants Wednesday 00:00–01:00 local.
		const ask = buildAsk({ window: { start: new Date('2026-12-02T06:00:00Z'), end: new Date('2026-12-02T07:00:00Z') } });
		const night: WeeklySlot = { day: TUESDAY, startMinute: 22 * 60, endMinute: 2 * 60 };
		const [match] = rankCandidates(ask, [buildCandidate({ availability: [night] })], options());
		expect(match?.reasons).toContainEqual({ code: 'available', minutes: 60 });
	});
	it('counts a Saturday night slot for a window early on Sunday', () => {
		const ask = buildAsk({ window: { start: new Date('2026-12-06T06:00:00Z'), end: new Date('2026-12-06T07:00:00Z') } });
		const night: WeeklySlot = { day: 6, startMinute: 22 * 60, endMinute: 2 * 60 };
		const [match] = rankCandidates(ask, [buildCandidate({ availability: [night] })], options());
		expect(match?.reasons).toContainEqual({ code: 'available', minutes: 60 });
	});
	it('treats a window of a week or more as covering every slot', () => {
		const ask = buildAsk({ window: { start: NOW, end: new Date('2026-12-20T00:00:00Z') } });
		const [match] = rankCandidates(ask, [buildCandidate({ availability: [{ day: 5, startMinute: 60, endMinute: 90 }] })], options());
		expect(match?.reasons).toContainEqual({ code: 'available', minutes: 30 });
	});
	it('ignores the part of the window already past, and stops at needed-by', () => {
		// Window Tuesday 04:00–14:00 local, now is 06:00, needed by 08:00: only 06:00–08:00 counts.
		const ask = buildAsk({
			window: { start: new Date('2026-12-01T10:00:00Z'), end: new Date('2026-12-01T20:00:00Z') },
			neededBy: new Date('2026-12-01T14:00:00Z')
		});
		const early = buildCandidate({ availability: [{ day: TUESDAY, startMinute: 4 * 60, endMinute: 14 * 60 }] });
		expect(rankCandidates(ask, [early], options())[0]?.reasons).toContainEqual({ code: 'available', minutes: 120 });
	});
	it('derives the window from the urgency when the ask has none', () => {
		// "today" ends at local midnight: Tuesday 20:00–23:00 counts, Wednesday does not.
		const today = buildAsk({ window: undefined, urgency: 'today' });
		const tonight = buildCandidate({ availability: [{ day: TUESDAY, startMinute: 20 * 60, endMinute: 23 * 60 }] });
		const tomorrow = buildCandidate({ availability: [{ day: 3, startMinute: 9 * 60, endMinute: 12 * 60 }] });
		expect(scoreOf(tonight, today)).toBe(100);
		expect(scoreOf(tomorrow, today)).toBe(100 - MATCH_WEIGHTS.availability);
		// "2–3 days" reaches Wednesday.
		expect(scoreOf(tomorrow, buildAsk({ window: undefined, urgency: 'days' }))).toBe(100);
	});
	it('is neutral for an ask that can wait with no date', () => {
		const ask = buildAsk({ window: undefined, urgency: 'whenever' });
		expect(scoreOf(buildCandidate({ availability: [] }), ask)).toBe(100);
	});
	it('gives nobody points for a window that has passed', () => {
		const ask = buildAsk({ window: { start: new Date('2026-11-30T16:00:00Z'), end: new Date('2026-11-30T20:00:00Z') } });
		expect(scoreOf(buildCandidate({ availability: [{ day: 1, startMinute: 0, endMinute: 1440 }] }), ask)).toBe(100 - MATCH_WEIGHTS.availability);
	});
});

describe('car', () => {
	it('ranks someone with a car first when the ask needs one', () => {
		const [first, second] = expectFactorWins(buildAsk({ needsCar: true }), { hasCar: true }, { hasCar: false }, MATCH_WEIGHTS.car);
		expect(codes(first)).toContain('has_car');
		expect(codes(second)).not.toContain('has_car');
	});
	it('is neutral, and unmentioned, when the ask does not need one', () => {
		const ask = buildAsk({ needsCar: false });
		expect(scoreOf(buildCandidate({ hasCar: true }), ask)).toBe(scoreOf(buildCandidate({ hasCar: false }), ask));
		expect(codes(rankCandidates(ask, [buildCandidate({ hasCar: true })], options())[0])).not.toContain('has_car');
	});
});

describe('fairness', () => {
	it('ranks fewer recent claims first, one point per claim', () => {
		expectFactorWins(buildAsk(), { recentClaims: 1 }, { recentClaims: 4 }, 3);
	});
	it('orders otherwise equal candidates by their recent claims', () => {
		const result = rankCandidates(
			buildAsk(),
			[5, 0, 12, 2, 9].map((n) => buildCandidate({ id: `v${n}`, recentClaims: n })),
			options()
		);
		expect(ids(result)).toEqual(['v0', 'v2', 'v5', 'v9', 'v12']);
		// Past the fairness points, claims still break the tie.
		expect(result[3]?.score).toBe(result[4]?.score);
	});
	it('never lets fairness lift a poor fit above a good one', () => {
		const busyButRight = buildCandidate({ id: 'a', recentClaims: 30 });
		const idleButWrongLanguage = buildCandidate({ id: 'b', recentClaims: 0, languages: ['en'] });
		expect(ids(rankCandidates(buildAsk(), [idleButWrongLanguage, busyButRight], options()))).toEqual(['a', 'b']);
	});
});

describe('capacity', () => {
	it('never suggests anyone at or above their stated capacity', () => {
		const result = rankCandidates(
			buildAsk(),
			[
				buildCandidate({ id: 'at', capacityPerWeek: 2, claimsThisWeek: 2 }),
				buildCandidate({ id: 'over', capacityPerWeek: 1, claimsThisWeek: 3 }),
				buildCandidate({ id: 'paused', capacityPerWeek: 0, claimsThisWeek: 0 }),
				buildCandidate({ id: 'below', capacityPerWeek: 2, claimsThisWeek: 1, recentClaims: 20, languages: [] }),
				buildCandidate({ id: 'unlimited', capacityPerWeek: null, claimsThisWeek: 40 })
			],
			options()
		);
		expect(ids(result)).toEqual(['unlimited', 'below']);
	});
});

describe('tie-breaking', () => {
	it('puts fewer recent claims first, then the smaller id', () => {
		const result = rankCandidates(
			buildAsk(),
			[buildCandidate({ id: 'c', recentClaims: 20 }), buildCandidate({ id: 'b', recentClaims: 10 }), buildCandidate({ id: 'a', recentClaims: 10 })],
			options()
		);
		expect(result.map((m) => m.score)).toEqual([92, 92, 92]);
		expect(ids(result)).toEqual(['a', 'b', 'c']);
	});
	it('gives the same order whatever order the candidates come in', () => {
		const people = ['e', 'b', 'd', 'a', 'c'].map((id) => buildCandidate({ id }));
		const forward = ids(rankCandidates(buildAsk(), people, options()));
		const backward = ids(rankCandidates(buildAsk(), [...people].reverse(), options()));
		expect(forward).toEqual(['a', 'b', 'c', 'd', 'e']);
		expect(backward).toEqual(forward);
	});
});

describe('reasons', () => {
	it('lists every reason in display order, as codes and parameters only', () => {
		const [match] = rankCandidates(buildAsk(), [buildCandidate({ claimsThisWeek: 1, capacityPerWeek: 2 })], options());
		expect(match?.reasons).toEqual([
			{ code: 'offers_category', categoryId: 'groceries' },
			{ code: 'serves_area', areaId: 'riverside' },
			{ code: 'speaks', language: 'es' },
			{ code: 'available', minutes: 240 },
			{ code: 'has_car' },
			{ code: 'claims_this_week', count: 1, capacity: 2 }
		]);
	});
	it('says how busy someone is even when nothing else fits', () => {
		const nobody = buildCandidate({ categories: [], areaIds: [], languages: [], availability: [], hasCar: false, capacityPerWeek: null, claimsThisWeek: 0 });
		expect(rankCandidates(buildAsk(), [nobody], options())[0]?.reasons).toEqual([{ code: 'claims_this_week', count: 0, capacity: null }]);
	});
});

describe('limits and empty inputs', () => {
	it('returns nothing for no candidates, or when everyone is at capacity', () => {
		expect(rankCandidates(buildAsk(), [], options())).toEqual([]);
		expect(rankCandidates(buildAsk(), [buildCandidate({ capacityPerWeek: 1, claimsThisWeek: 1 })], options())).toEqual([]);
	});
	it('returns ten by default and honours a limit', () => {
		const many = Array.from({ length: 25 }, (_, i) => buildCandidate({ id: `v${String(i).padStart(2, '0')}` }));
		expect(rankCandidates(buildAsk(), many, options())).toHaveLength(10);
		expect(ids(rankCandidates(buildAsk(), many, options({ limit: 3 })))).toEqual(['v00', 'v01', 'v02']);
		expect(rankCandidates(buildAsk(), many, options({ limit: 0 }))).toEqual([]);
		expect(rankCandidates(buildAsk(), many, options({ limit: -1 }))).toEqual([]);
	});
	it('hands back the caller’s own objects', () => {
		const mine = { ...buildCandidate(), displayName: 'R.' };
		expect(rankCandidates(buildAsk(), [mine], options())[0]?.candidate).toBe(mine);
	});
});

describe('matchAsksForVolunteer', () => {
	const volunteer = buildCandidate({ id: 'me', languages: ['en'], hasCar: false });
	const asks: MatchAsk[] = [
		buildAsk({ id: 'wrong-category', categoryId: 'tutoring', languages: [], needsCar: false }),
		buildAsk({ id: 'needs-car', languages: [], needsCar: true }),
		buildAsk({ id: 'good', languages: ['en'], needsCar: false }),
		buildAsk({ id: 'other-language', languages: ['so'], needsCar: false })
	];

	it('ranks the asks a volunteer can best help with first, by the same factors', () => {
		const result = matchAsksForVolunteer(volunteer, asks, options());
		// Missing: nothing; a language (15); a car it needs (20); the category (30).
		expect(result.map((m) => m.ask.id)).toEqual(['good', 'other-language', 'needs-car', 'wrong-category']);
		// Out of 92 (no fairness points in this direction), plus 5 for a 2–3 day urgency.
		expect(result.map((m) => m.score)).toEqual([97, 82, 77, 67]);
		expect(result[0]?.reasons).toEqual([
			{ code: 'offers_category', categoryId: 'groceries' },
			{ code: 'serves_area', areaId: 'riverside' },
			{ code: 'speaks', language: 'en' },
			{ code: 'available', minutes: 240 },
			{ code: 'urgency', urgency: 'days' }
		]);
	});
	it('puts the more urgent of two otherwise equal asks first', () => {
		const result = matchAsksForVolunteer(
			volunteer,
			[buildAsk({ id: 'a', urgency: 'whenever', languages: [] }), buildAsk({ id: 'b', urgency: 'today', languages: [] })],
			options()
		);
		expect(result.map((m) => m.ask.id)).toEqual(['b', 'a']);
		expect(codes(result[1])).not.toContain('urgency');
	});
	it('breaks ties by the earlier needed-by date, then by id', () => {
		const window = { start: NOW, end: new Date('2026-12-10T00:00:00Z') };
		const result = matchAsksForVolunteer(
			volunteer,
			[
				buildAsk({ id: 'c', window, neededBy: undefined }),
				buildAsk({ id: 'b', window, neededBy: new Date('2026-12-09T00:00:00Z') }),
				buildAsk({ id: 'a', window, neededBy: new Date('2026-12-09T00:00:00Z') }),
				buildAsk({ id: 'd', window, neededBy: new Date('2026-12-08T00:00:00Z') })
			],
			options()
		);
		expect(result.map((m) => m.ask.id)).toEqual(['d', 'a', 'b', 'c']);
	});
	it('finds nothing for someone at capacity, or when there are no asks', () => {
		expect(matchAsksForVolunteer(buildCandidate({ capacityPerWeek: 2, claimsThisWeek: 2 }), asks, options())).toEqual([]);
		expect(matchAsksForVolunteer(volunteer, [], options())).toEqual([]);
	});
	it('scores a pair the same in both directions, apart from fairness and urgency', () => {
		const ask = buildAsk({ urgency: 'whenever' });
		const person = buildCandidate({ recentClaims: 100 });
		expect(matchAsksForVolunteer(person, [ask], options())[0]?.score).toBe(rankCandidates(ask, [person], options())[0]?.score);
	});
});

/** mulberry32: a tiny seeded PRNG, so the random cases are the same on every run and machine. */
function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function randomCandidates(seed: number, count: number): MatchCandidate[] {
	const random = prng(seed);
	const pick = <T>(list: readonly T[]): T[] => list.filter(() => random() < 0.3);
	const CATEGORIES = ['groceries', 'medicine', 'rides', 'furniture', 'tutoring'];
	const AREAS = ['riverside', 'eastgate', 'hilltop', 'old-town'];
	const LANGUAGES = ['en', 'es', 'so', 'hmn', 'ar'];
	return Array.from({ length: count }, (_, i) => {
		const capacity = random() < 0.2 ? null : Math.floor(random() * 4);
		const availability: WeeklySlot[] = Array.from({ length: Math.floor(random() * 4) }, () => ({
			day: Math.floor(random() * 7),
			startMinute: Math.floor(random() * 1440),
			endMinute: 1 + Math.floor(random() * 1440)
		}));
		return {
			id: `c${String(i).padStart(4, '0')}`,
			categories: pick(CATEGORIES),
			areaIds: pick(AREAS),
			languages: pick(LANGUAGES),
			availability,
			capacityPerWeek: capacity,
			claimsThisWeek: Math.floor(random() * 5),
			recentClaims: Math.floor(random() * 12),
			hasCar: random() < 0.5
		};
	});
}

/** Re-adds a match's points from its reasons, independently of the scorer. */
function pointsFromReasons(ask: MatchAsk, recentClaims: number, reasons: MatchReason[]): number {
	const w = MATCH_WEIGHTS;
	let points = Math.max(0, w.fairness - recentClaims);
	if (ask.languages.length === 0) points += w.language;
	if (!ask.needsCar) points += w.car;
	const hasWindow = ask.window !== undefined || ask.neededBy !== undefined || ask.urgency !== 'whenever';
	if (!hasWindow) points += w.availability;
	for (const reason of reasons) {
		if (reason.code === 'offers_category') points += w.category;
		else if (reason.code === 'serves_area') points += w.sameArea;
		else if (reason.code === 'serves_nearby_area') points += w.nearbyArea;
		else if (reason.code === 'speaks') points += w.language;
		else if (reason.code === 'has_car') points += w.car;
		else if (reason.code === 'available') points += Math.floor((w.availability * Math.min(reason.minutes, 60)) / 60);
	}
	return points;
}

describe('invariants over random candidates', () => {
	const neighbours = new Map([['riverside', ['eastgate', 'hilltop']]]);
	const asks = [
		buildAsk(),
		buildAsk({ languages: [], needsCar: false, window: undefined, urgency: 'today' }),
		buildAsk({ categoryId: 'rides', areaId: 'hilltop', languages: ['so', 'ar'], window: undefined, urgency: 'whenever' })
	];

	it.each([1, 2, 3, 42, 2026])('holds for seed %i', (seed) => {
		const candidates = randomCandidates(seed, 2000);
		const eligible = candidates.filter((c) => c.capacityPerWeek === null || c.claimsThisWeek < c.capacityPerWeek);
		for (const ask of asks) {
			const everyone = rankCandidates(ask, eligible, options({ limit: eligible.length, areaNeighbours: neighbours }));
			expect(everyone).toHaveLength(eligible.length);
			for (const limit of [1, 10, 50]) {
				const result = rankCandidates(ask, candidates, options({ limit, areaNeighbours: neighbours }));
				expect(result.length).toBeLessThanOrEqual(limit);
				for (let i = 1; i < result.length; i++) {
					expect(result[i - 1]?.score ?? 0).toBeGreaterThanOrEqual(result[i]?.score ?? 0);
				}
				for (const { candidate, score } of result) {
					expect(candidate.capacityPerWeek === null || candidate.claimsThisWeek < candidate.capacityPerWeek).toBe(true);
					expect(score).toBeGreaterThanOrEqual(0);
					expect(score).toBeLessThanOrEqual(100);
				}

				// The top N is the head of the full ranking of everyone eligible.
				expect(ids(result)).toEqual(ids(everyone).slice(0, limit));

				// The score is exactly what its reasons account for: the pruned ranking pass and the
				// explaining pass agree.
				for (const match of result) expect(match.score).toBe(pointsFromReasons(ask, match.candidate.recentClaims, match.reasons));

				// Deterministic across runs and across input order.
				const again = rankCandidates(ask, [...candidates].reverse(), options({ limit, areaNeighbours: neighbours }));
				expect(again).toEqual(result);
			}
		}
	});

	it('holds for the asks suggested to one volunteer', () => {
		const random = prng(99);
		const CATEGORIES = ['groceries', 'rides', 'tutoring'];
		const URGENCIES: Urgency[] = ['today', 'days', 'week', 'whenever'];
		const randomAsks: MatchAsk[] = Array.from({ length: 1500 }, (_, i) =>
			buildAsk({
				id: `a${String(i).padStart(4, '0')}`,
				categoryId: CATEGORIES[Math.floor(random() * CATEGORIES.length)] ?? 'groceries',
				areaId: random() < 0.5 ? 'riverside' : 'hilltop',
				languages: random() < 0.3 ? [] : ['es'],
				urgency: URGENCIES[Math.floor(random() * URGENCIES.length)] ?? 'whenever',
				neededBy: random() < 0.3 ? new Date(NOW.getTime() + Math.floor(random() * 10) * 86_400_000) : undefined,
				window: random() < 0.5 ? undefined : buildAsk().window,
				needsCar: random() < 0.4
			})
		);
		for (const volunteer of randomCandidates(5, 40)) {
			const result = matchAsksForVolunteer(volunteer, randomAsks, options({ limit: 20, areaNeighbours: neighbours }));
			if (volunteer.capacityPerWeek !== null && volunteer.claimsThisWeek >= volunteer.capacityPerWeek) {
				expect(result).toEqual([]);
				continue;
			}
			expect(result).toHaveLength(20);
			for (let i = 1; i < result.length; i++) expect(result[i - 1]?.score ?? 0).toBeGreaterThanOrEqual(result[i]?.score ?? 0);
			expect(matchAsksForVolunteer(volunteer, [...randomAsks].reverse(), options({ limit: 20, areaNeighbours: neighbours }))).toEqual(result);
		}
	});

	it('sorts the full ranking by score, then recent claims, then id', () => {
		const candidates = randomCandidates(7, 3000);
		const result = rankCandidates(asks[0] ?? buildAsk(), candidates, options({ limit: candidates.length, areaNeighbours: neighbours }));
		for (let i = 1; i < result.length; i++) {
			const a = result[i - 1];
			const b = result[i];
			if (!a || !b) continue;
			const ordered =
				a.score > b.score ||
				(a.score === b.score &&
					(a.candidate.recentClaims < b.candidate.recentClaims || (a.candidate.recentClaims === b.candidate.recentClaims && a.candidate.id < b.candidate.id)));
			expect(ordered).toBe(true);
		}
	});
});
