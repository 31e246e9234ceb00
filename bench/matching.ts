// Matching speed: rank 50,000 volunteers for one ask, and 100,000 open asks for one volunteer.
// Prints figures for docs/PERFORMANCE.md; it measures and never fails on a number.
//
//   npx tsx bench/matching.ts
//   npx tsx bench/matching.ts --runs 500      (more timed runs)
import os from 'node:os';
import { parseArgs } from 'node:util';
import {
	matchAsksForVolunteer,
	rankCandidates,
	type MatchAsk,
	type MatchCandidate,
	type MatchOptions,
	type Urgency,
	type WeeklySlot
} from '../src/lib/domain/matching.ts';

const { values: args } = parseArgs({
	options: {
		runs: { type: 'string', default: '200' },
		warmup: { type: 'string', default: '50' }
	}
});
const RUNS = Number(args.runs);
const WARMUP = Number(args.warmup);
if (!(Number.isInteger(RUNS) && RUNS > 0 && Number.isInteger(WARMUP) && WARMUP >= 0)) {
	console.error('--runs must be a positive integer and --warmup a non-negative one');
	process.exit(2);
}

const CANDIDATES = 50_000;
const ASKS = 100_000;
const SEED = 20261201;

/** mulberry32: seeded, so every run ranks the same data. */
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

const random = prng(SEED);
const int = (n: number): number => Math.floor(random() * n);
function some<T>(list: readonly T[], min: number, max: number): T[] {
	const count = min + int(max - min + 1);
	const chosen = new Set<T>();
	while (chosen.size < count) {
		const item = list[int(list.length)];
		if (item !== undefined) chosen.add(item);
	}
	return [...chosen];
}

// The issue's category list; a city network of two dozen areas in a ring; the languages of scenario 1.
const CATEGORIES = [
	'groceries',
	'medicine',
	'hygiene',
	'household',
	'clothing',
	'furniture',
	'rent',
	'ride',
	'childcare',
	'tutoring',
	'legal',
	'company',
	'other'
];
const AREAS = Array.from({ length: 24 }, (_, i) => `area-${i}`);
const LANGUAGES = ['en', 'es', 'so', 'hmn', 'ar', 'vi', 'zh'];
const URGENCIES: Urgency[] = ['today', 'days', 'week', 'whenever'];
const neighbours = new Map(AREAS.map((area, i) => [area, [AREAS[(i + 1) % AREAS.length] ?? area, AREAS[(i + AREAS.length - 1) % AREAS.length] ?? area]]));

function slots(): WeeklySlot[] {
	return Array.from({ length: int(6) }, () => {
		const startMinute = int(24) * 60;
		return { day: int(7), startMinute, endMinute: Math.min(1440, startMinute + 60 * (1 + int(6))) };
	});
}

const NOW = new Date('2026-12-01T12:00:00Z');
const candidates: MatchCandidate[] = Array.from({ length: CANDIDATES }, (_, i) => {
	const capacity = random() < 0.2 ? null : 1 + int(5);
	return {
		id: `v${String(i).padStart(6, '0')}`,
		categories: some(CATEGORIES, 1, 3),
		areaIds: some(AREAS, 1, 3),
		languages: random() < 0.7 ? ['en', ...some(LANGUAGES, 0, 1)] : some(LANGUAGES, 1, 2),
		availability: slots(),
		capacityPerWeek: capacity,
		// Some are at capacity, so the exclusion path is exercised too.
		claimsThisWeek: int((capacity ?? 5) + 1),
		recentClaims: int(16),
		hasCar: random() < 0.45
	};
});
const asks: MatchAsk[] = Array.from({ length: ASKS }, (_, i) => {
	const hasWindow = random() < 0.5;
	const start = NOW.getTime() + int(72) * 3_600_000;
	return {
		id: `a${String(i).padStart(6, '0')}`,
		categoryId: CATEGORIES[int(CATEGORIES.length)] ?? 'other',
		areaId: AREAS[int(AREAS.length)] ?? 'area-0',
		languages: random() < 0.3 ? [] : some(LANGUAGES, 1, 2),
		urgency: URGENCIES[int(URGENCIES.length)] ?? 'whenever',
		neededBy: random() < 0.4 ? new Date(NOW.getTime() + (1 + int(14)) * 86_400_000) : undefined,
		window: hasWindow ? { start: new Date(start), end: new Date(start + (1 + int(8)) * 3_600_000) } : undefined,
		needsCar: random() < 0.3
	};
});

// Scenario 1: groceries for a Spanish-speaking family, a car needed, wanted within 2–3 days.
const ask: MatchAsk = { id: 'bench', categoryId: 'groceries', areaId: 'area-3', languages: ['es'], urgency: 'days', needsCar: true };
const volunteer: MatchCandidate = {
	id: 'me',
	categories: ['groceries', 'ride'],
	areaIds: ['area-3', 'area-4'],
	languages: ['en', 'es'],
	availability: [
		{ day: 2, startMinute: 17 * 60, endMinute: 20 * 60 },
		{ day: 6, startMinute: 9 * 60, endMinute: 13 * 60 }
	],
	capacityPerWeek: 3,
	claimsThisWeek: 1,
	recentClaims: 4,
	hasCar: true
};
const alike: MatchCandidate[] = candidates.map((c) => ({
	...c,
	categories: ['groceries'],
	areaIds: ['area-3'],
	languages: ['es'],
	availability: [
		{ day: 2, startMinute: 0, endMinute: 1440 },
		{ day: 3, startMinute: 0, endMinute: 1440 },
		{ day: 4, startMinute: 0, endMinute: 1440 },
		{ day: 5, startMinute: 0, endMinute: 1440 }
	],
	capacityPerWeek: null,
	recentClaims: 0,
	hasCar: true
}));
const base: MatchOptions = { now: NOW, utcOffsetMinutes: -360, areaNeighbours: neighbours };

/** Times `fn` RUNS times after WARMUP untimed runs; keeps a value from each so nothing is optimised away. */
function time(fn: () => string): { min: number; median: number; p95: number; max: number; check: string } {
	let check = '';
	for (let i = 0; i < WARMUP; i++) check = fn();
	const samples: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const started = performance.now();
		check = fn();
		samples.push(performance.now() - started);
	}
	samples.sort((a, b) => a - b);
	const at = (p: number): number => samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)] ?? Number.NaN;
	return { min: samples[0] ?? Number.NaN, median: at(50), p95: at(95), max: samples[samples.length - 1] ?? Number.NaN, check };
}

const cases = [
	{
		name: `rankCandidates, ${CANDIDATES.toLocaleString('en')} candidates, top 10`,
		run: () =>
			rankCandidates(ask, candidates, base)
				.map((m) => m.candidate.id)
				.join(',')
	},
	{
		name: `rankCandidates, ${CANDIDATES.toLocaleString('en')} candidates, top 100`,
		run: () =>
			rankCandidates(ask, candidates, { ...base, limit: 100 })
				.map((m) => m.candidate.id)
				.join(',')
	},
	// Worst case for the early cut-off: everyone fits perfectly and equally, so every candidate is
	// scored in full and compared on the tie-breaks.
	{
		name: `rankCandidates, ${CANDIDATES.toLocaleString('en')} identical perfect fits, top 10`,
		run: () =>
			rankCandidates(ask, alike, base)
				.map((m) => m.candidate.id)
				.join(',')
	},
	{
		name: `matchAsksForVolunteer, ${ASKS.toLocaleString('en')} asks, top 10`,
		run: () =>
			matchAsksForVolunteer(volunteer, asks, base)
				.map((m) => m.ask.id)
				.join(',')
	}
];

const ms = (n: number): string => n.toFixed(2);
const rows = cases.map((c) => {
	const t = time(c.run);
	return { name: c.name, ...t };
});

const headers = ['case', 'min ms', 'median ms', 'p95 ms', 'max ms'];
const cells = rows.map((r) => [r.name, ms(r.min), ms(r.median), ms(r.p95), ms(r.max)]);
const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => (row[i] ?? '').length)));
const line = (row: string[]): string => `| ${row.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
console.log(line(headers));
console.log(`|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
for (const row of cells) console.log(line(row));

const [load1] = os.loadavg();
console.log(`\n${RUNS} timed runs after ${WARMUP} warm-up runs each; seed ${SEED}.`);
console.log(
	`Machine: ${os.availableParallelism()} cores (nproc), ${os.cpus()[0]?.model?.trim() ?? 'unknown CPU'}, Node ${process.version}, ${os.platform()} ${os.release()}; load average ${load1?.toFixed(1) ?? '?'} at the end.`
);
console.log(`Top 3 for the ask: ${rows[0]?.check.split(',').slice(0, 3).join(', ')} (the same on every run: the data is seeded).`);
