/**
 * Recurring schedules (a distribution every other Thursday, a pantry on the last Friday of the
 * month) and a location's opening hours. Every time here is a "floating" wall-clock time of the
 * network (RFC 5545 §3.3.5, form #1: no time zone): a day is 'YYYY-MM-DD', a time 'HH:MM' (24h),
 * a local date-time 'YYYY-MM-DDTHH:MM'. Calendar arithmetic is done on whole day numbers of the
 * proleptic Gregorian calendar, never on `Date`, so no time zone or daylight-saving change can
 * move a day.
 *
 * Rules are stored as RRULE text (RFC 5545 §3.3.10). Only the subset the schedule form can write
 * is read: FREQ=WEEKLY|MONTHLY, INTERVAL, BYDAY (plain weekdays for WEEKLY; one weekday with an
 * ordinal 1..4 or -1 for MONTHLY), UNTIL as a DATE, WKST=MO. Anything else is "not one of ours".
 */

/** RFC 5545 §3.3.10 weekday codes, Monday first (ISO 8601 and WKST=MO). */
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
/** One of WEEKDAYS. */
export type Weekday = (typeof WEEKDAYS)[number];

/** What a person picks in the schedule form. */
export interface ScheduleForm {
	frequency: 'weekly' | 'monthly';
	/** 1..12: every N weeks / months ("every other Thursday" = weekly, interval 2). */
	interval: number;
	/** Weekly: one or more days; monthly: exactly one day, with `monthWeek`. */
	weekdays: Weekday[];
	/** Monthly only: 1..4 or -1 (last) — "the 2nd Tuesday", "the last Friday". */
	monthWeek: number | null;
	/** First possible day, YYYY-MM-DD. */
	startDay: string;
	/** HH:MM. */
	startTime: string;
	/** HH:MM, after startTime on the same day. */
	endTime: string;
	/** Last possible day (inclusive) or null for no end. */
	untilDay: string | null;
}

/** A form field that cannot be saved, with an error code the route turns into a message. */
export type ScheduleProblem = { field: keyof ScheduleForm; code: 'required' | 'invalid' | 'end_before_start' | 'invalid_choice' };

/** One occurrence of a schedule, in the network's wall-clock time. */
export interface Occurrence {
	/** YYYY-MM-DDTHH:MM. */
	start: string;
	day: string;
	startTime: string;
	endTime: string;
}

/** A location's opening hours: per weekday, several ranges allowed; exceptions on dates. */
export interface OpeningHours {
	weekly: { day: Weekday; opens: string; closes: string }[];
	exceptions: { date: string; closed: boolean; opens: string | null; closes: string | null; note: string | null }[];
}

/** An entry of OpeningHours (by its index in `weekly` or `exceptions`) that cannot be saved. */
export type HoursProblem = { index: number; part: 'weekly' | 'exceptions'; code: 'invalid' | 'end_before_start' | 'overlap' };

/** Largest INTERVAL the form offers: "every 12 months" is already a yearly event. */
export const MAX_INTERVAL = 12;

/** Ordinals a monthly rule may use: every month has a 1st..4th and a last of each weekday, but not always a 5th. */
export const MONTH_WEEKS: readonly number[] = [1, 2, 3, 4, -1];

// ---------------------------------------------------------------------------------------------
// Days and times

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Outside 0000-01-01..9999-12-31 a day has no four-digit year, so addDays refuses to go there. */
const FIRST_DAY_NUMBER = daysFromCivil(0, 1, 1);
const LAST_DAY_NUMBER = daysFromCivil(9999, 12, 31);

/** Whether the text is a real calendar day written YYYY-MM-DD (so 2026-02-30 is not). */
export function isDay(text: string): boolean {
	return parseDay(text) !== null;
}

/** Whether the text is a time of day written HH:MM on a 24-hour clock. */
export function isTime(text: string): boolean {
	return TIME_PATTERN.test(text);
}

/** Days of the week in order Monday..Sunday; dayOfWeek('2026-12-03') === 'TH'. */
export function dayOfWeek(day: string): Weekday {
	return weekdayOf(requireDay(day, 'day'));
}

/** day + n days, YYYY-MM-DD. */
export function addDays(day: string, n: number): string {
	if (!Number.isInteger(n)) throw new RangeError(`addDays: not a whole number of days: ${n}`);
	const result = requireDay(day, 'day') + n;
	if (result < FIRST_DAY_NUMBER || result > LAST_DAY_NUMBER) throw new RangeError(`addDays: ${day} + ${n} has no four-digit year`);
	return formatDay(result);
}

/** Pick-up slots of an occurrence: starts every `slotMinutes` from startTime while start+slot <= endTime. */
export function pickupSlots(startTime: string, endTime: string, slotMinutes: number): { start: string; end: string }[] {
	// A zero, negative or fractional length would loop forever or write times like 15:07.5.
	if (!Number.isInteger(slotMinutes) || slotMinutes <= 0)
		throw new RangeError(`pickupSlots: slot length must be a positive whole number of minutes: ${slotMinutes}`);
	const from = requireMinutes(startTime, 'startTime');
	const to = requireMinutes(endTime, 'endTime');
	const slots: { start: string; end: string }[] = [];
	for (let start = from; start + slotMinutes <= to; start += slotMinutes) {
		slots.push({ start: formatMinutes(start), end: formatMinutes(start + slotMinutes) });
	}
	return slots;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`):
 * integer arithmetic only, valid for every year, unlike `Date.UTC`, which reads years 0..99 as 19xx.
 */
function daysFromCivil(year: number, month: number, day: number): number {
	const y = month <= 2 ? year - 1 : year;
	const era = Math.floor(y / 400);
	const yearOfEra = y - era * 400;
	const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
	const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
	return era * 146_097 + dayOfEra - 719_468;
}

/** The inverse of daysFromCivil (Hinnant's `civil_from_days`). */
function civilFromDays(dayNumber: number): { year: number; month: number; day: number } {
	const z = dayNumber + 719_468;
	const era = Math.floor(z / 146_097);
	const dayOfEra = z - era * 146_097;
	const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
	const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
	const mp = Math.floor((5 * dayOfYear + 2) / 153);
	const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
	const month = mp < 10 ? mp + 3 : mp - 9;
	return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysInMonth(year: number, month: number): number {
	return month === 12 ? 31 : daysFromCivil(year, month + 1, 1) - daysFromCivil(year, month, 1);
}

function parseDay(text: string): number | null {
	const match = DAY_PATTERN.exec(text);
	if (!match) return null;
	const year = Number(match[1]);
	const month = Number(match[2]);
	const day = Number(match[3]);
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
	return daysFromCivil(year, month, day);
}

function requireDay(text: string, name: string): number {
	const dayNumber = parseDay(text);
	// Callers pass days they already validated; a bad one is a programming error, not a person's.
	if (dayNumber === null) throw new RangeError(`${name} is not a YYYY-MM-DD day: ${JSON.stringify(text)}`);
	return dayNumber;
}

function formatDay(dayNumber: number): string {
	const { year, month, day } = civilFromDays(dayNumber);
	return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** Index 0..6 of the day in WEEKDAYS; 1970-01-01 (day 0) was a Thursday. */
function weekdayIndex(dayNumber: number): number {
	return (((dayNumber + 3) % 7) + 7) % 7;
}

function weekdayOf(dayNumber: number): Weekday {
	return WEEKDAYS[weekdayIndex(dayNumber)] ?? 'MO';
}

function toWeekday(text: string): Weekday | undefined {
	return WEEKDAYS.find((weekday) => weekday === text);
}

function minutesOf(text: string): number | null {
	const match = TIME_PATTERN.exec(text);
	return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

function requireMinutes(text: string, name: string): number {
	const minutes = minutesOf(text);
	if (minutes === null) throw new RangeError(`${name} is not an HH:MM time: ${JSON.stringify(text)}`);
	return minutes;
}

function formatMinutes(minutes: number): string {
	return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

function pad2(n: number): string {
	return String(n).padStart(2, '0');
}

// ---------------------------------------------------------------------------------------------
// Schedules as RRULE text

/** The rule parts we read and write; `RuleShape` is a schedule without its DTSTART and times. */
interface RuleShape {
	frequency: 'weekly' | 'monthly';
	interval: number;
	weekdays: Weekday[];
	monthWeek: number | null;
	untilDay: string | null;
}

/** Validates the form; answers the RRULE text (RFC 5545 §3.3.10, e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20270630") or problems. */
export function scheduleFromForm(f: ScheduleForm): { ok: true; rrule: string } | { ok: false; problems: ScheduleProblem[] } {
	const problems: ScheduleProblem[] = [];
	const frequency = f.frequency === 'weekly' || f.frequency === 'monthly' ? f.frequency : null;
	if (frequency === null) problems.push({ field: 'frequency', code: 'invalid_choice' });

	if (!Number.isInteger(f.interval) || f.interval < 1 || f.interval > MAX_INTERVAL) problems.push({ field: 'interval', code: 'invalid' });

	const weekdays = WEEKDAYS.filter((weekday) => f.weekdays.includes(weekday));
	const unknownOrRepeated = weekdays.length !== f.weekdays.length;
	if (f.weekdays.length === 0) problems.push({ field: 'weekdays', code: 'required' });
	else if (unknownOrRepeated || (frequency === 'monthly' && weekdays.length !== 1)) problems.push({ field: 'weekdays', code: 'invalid_choice' });

	// A weekly form may still carry the monthly select's value (both fieldsets are on the page
	// without JavaScript), so monthWeek is only read for monthly schedules.
	if (frequency === 'monthly') {
		if (f.monthWeek === null) problems.push({ field: 'monthWeek', code: 'required' });
		else if (!MONTH_WEEKS.includes(f.monthWeek)) problems.push({ field: 'monthWeek', code: 'invalid_choice' });
	}

	const startDay = f.startDay === '' ? null : parseDay(f.startDay);
	if (f.startDay === '') problems.push({ field: 'startDay', code: 'required' });
	else if (startDay === null) problems.push({ field: 'startDay', code: 'invalid' });

	const startTime = timeProblem(f.startTime, 'startTime', problems);
	const endTime = timeProblem(f.endTime, 'endTime', problems);
	if (startTime !== null && endTime !== null && endTime <= startTime) problems.push({ field: 'endTime', code: 'end_before_start' });

	// An empty "until" field means no end, the same as null.
	const untilText = f.untilDay === '' ? null : f.untilDay;
	if (untilText !== null) {
		const untilDay = parseDay(untilText);
		if (untilDay === null) problems.push({ field: 'untilDay', code: 'invalid' });
		else if (startDay !== null && untilDay < startDay) problems.push({ field: 'untilDay', code: 'end_before_start' });
	}

	if (problems.length > 0 || frequency === null) return { ok: false, problems };
	return {
		ok: true,
		rrule: writeRule({ frequency, interval: f.interval, weekdays, monthWeek: frequency === 'monthly' ? f.monthWeek : null, untilDay: untilText })
	};
}

/** Reads an RRULE we wrote back into the form's shape (for editing); null when it is not one of ours. */
export function formFromRule(rrule: string, startDay: string, startTime: string, endTime: string): ScheduleForm | null {
	const rule = readRule(rrule);
	if (rule === null) return null;
	return {
		frequency: rule.frequency,
		interval: rule.interval,
		weekdays: rule.weekdays,
		monthWeek: rule.monthWeek,
		startDay,
		startTime,
		endTime,
		untilDay: rule.untilDay
	};
}

/**
 * The occurrences of a schedule whose day lies in [fromDay, toDay] (inclusive), in order, at most `limit`.
 * The schedule's DTSTART is startDay at startTime (RFC 5545 §3.8.5.3: the first instance is DTSTART only if it matches the rule — follow what the rule says; for weekly rules the week containing startDay counts as the first week of the interval, WKST=MO).
 */
export function expandSchedule(
	s: { rrule: string; startDay: string; startTime: string; endTime: string },
	fromDay: string,
	toDay: string,
	limit: number
): Occurrence[] {
	const rule = readRule(s.rrule);
	// Stored rules were written by scheduleFromForm; one we cannot read is corrupt data, and
	// answering "no occurrences" would silently hide a distribution from everyone.
	if (rule === null) throw new RangeError(`expandSchedule: not a schedule rule: ${JSON.stringify(s.rrule)}`);
	if (Number.isNaN(limit) || limit < 0) throw new RangeError(`expandSchedule: limit must not be negative: ${limit}`);
	requireMinutes(s.startTime, 'startTime');
	requireMinutes(s.endTime, 'endTime');
	const start = requireDay(s.startDay, 'startDay');
	const from = Math.max(start, requireDay(fromDay, 'fromDay'));
	const until = rule.untilDay === null ? LAST_DAY_NUMBER : requireDay(rule.untilDay, 'UNTIL');
	const to = Math.min(until, requireDay(toDay, 'toDay'));

	const days = rule.frequency === 'weekly' ? weeklyDays(rule, start, from, to, limit) : monthlyDays(rule, start, from, to, limit);
	return days.map((dayNumber) => {
		const day = formatDay(dayNumber);
		return { start: `${day}T${s.startTime}`, day, startTime: s.startTime, endTime: s.endTime };
	});
}

function timeProblem(text: string, field: 'startTime' | 'endTime', problems: ScheduleProblem[]): number | null {
	if (text === '') {
		problems.push({ field, code: 'required' });
		return null;
	}
	const minutes = minutesOf(text);
	if (minutes === null) problems.push({ field, code: 'invalid' });
	return minutes;
}

/**
 * Writes the rule parts in one fixed order. UNTIL is written as a DATE (the last day, inclusive)
 * and read back the same way. RFC 5545 §3.3.10 asks for UNTIL to have DTSTART's value type, a
 * local DATE-TIME here, so a calendar export must write UNTIL=<day>T235959 instead.
 * WKST is left out: MO is its default (§3.3.10), and the one the weekly expansion uses.
 */
function writeRule(rule: RuleShape): string {
	const byDay = rule.frequency === 'monthly' ? `${rule.monthWeek ?? 1}${rule.weekdays.join(',')}` : rule.weekdays.join(',');
	const parts = [`FREQ=${rule.frequency === 'weekly' ? 'WEEKLY' : 'MONTHLY'}`, `INTERVAL=${rule.interval}`, `BYDAY=${byDay}`];
	if (rule.untilDay !== null) parts.push(`UNTIL=${rule.untilDay.replaceAll('-', '')}`);
	return parts.join(';');
}

const BYDAY_PATTERN = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/;

/** Reads the subset of RRULE that writeRule produces; null for anything else (COUNT, BYMONTHDAY, FREQ=DAILY…). */
function readRule(text: string): RuleShape | null {
	// RFC 5545 §2: names and enumerated values are case-insensitive, so "freq=weekly" is the same rule.
	const parts = new Map<string, string>();
	for (const part of text.trim().toUpperCase().split(';')) {
		const [name, value, ...rest] = part.split('=');
		if (name === undefined || value === undefined || value === '' || rest.length > 0 || parts.has(name)) return null;
		parts.set(name, value);
	}
	for (const name of parts.keys()) if (!['FREQ', 'INTERVAL', 'BYDAY', 'UNTIL', 'WKST'].includes(name)) return null;

	const freq = parts.get('FREQ');
	const frequency = freq === 'WEEKLY' ? 'weekly' : freq === 'MONTHLY' ? 'monthly' : null;
	if (frequency === null) return null;

	const intervalText = parts.get('INTERVAL') ?? '1';
	if (!/^[1-9]\d?$/.test(intervalText)) return null;
	const interval = Number(intervalText);
	if (interval > MAX_INTERVAL) return null;

	// Only MO is ours: another week start would shift which weeks of a biweekly rule count.
	const wkst = parts.get('WKST');
	if (wkst !== undefined && wkst !== 'MO') return null;

	let untilDay: string | null = null;
	const until = parts.get('UNTIL');
	if (until !== undefined) {
		const match = /^(\d{4})(\d{2})(\d{2})$/.exec(until);
		if (!match) return null;
		untilDay = `${match[1]}-${match[2]}-${match[3]}`;
		if (!isDay(untilDay)) return null;
	}

	// Without BYDAY the day would come from DTSTART (§3.3.10); the form always names the day.
	const byDay = parts.get('BYDAY');
	if (byDay === undefined) return null;
	const entries: { ordinal: number | null; weekday: Weekday }[] = [];
	for (const item of byDay.split(',')) {
		const match = BYDAY_PATTERN.exec(item);
		const weekday = toWeekday(match?.[2] ?? '');
		if (!match || weekday === undefined) return null;
		entries.push({ ordinal: match[1] === undefined ? null : Number(match[1]), weekday });
	}

	if (frequency === 'weekly') {
		// §3.3.10: BYDAY "MUST NOT be specified with a numeric value" unless FREQ is MONTHLY or YEARLY.
		if (entries.some((entry) => entry.ordinal !== null)) return null;
		const weekdays = WEEKDAYS.filter((weekday) => entries.some((entry) => entry.weekday === weekday));
		if (weekdays.length !== entries.length) return null;
		return { frequency, interval, weekdays, monthWeek: null, untilDay };
	}

	const [only, ...others] = entries;
	if (only === undefined || others.length > 0 || only.ordinal === null || !MONTH_WEEKS.includes(only.ordinal)) return null;
	return { frequency, interval, weekdays: [only.weekday], monthWeek: only.ordinal, untilDay };
}

/**
 * Days of a weekly rule in [from, to]. Weeks start on Monday (WKST=MO, §3.3.10) and the week
 * holding DTSTART is week 0, so with INTERVAL=n only weeks 0, n, 2n… count. The first counting
 * week at or after `from` is computed, not searched for, so a rule started decades ago costs the
 * same as one started today.
 */
function weeklyDays(rule: RuleShape, start: number, from: number, to: number, limit: number): number[] {
	const days: number[] = [];
	const firstMonday = start - weekdayIndex(start);
	const weekOfFrom = Math.floor((from - firstMonday) / 7);
	const offsets = rule.weekdays.map((weekday) => WEEKDAYS.indexOf(weekday));
	for (let week = Math.ceil(Math.max(0, weekOfFrom) / rule.interval) * rule.interval; days.length < limit; week += rule.interval) {
		const monday = firstMonday + week * 7;
		if (monday > to) break;
		for (const offset of offsets) {
			const day = monday + offset;
			if (day >= from && day <= to && days.length < limit) days.push(day);
		}
	}
	return days;
}

/** Days of a monthly rule in [from, to]: the month holding DTSTART is month 0, then every INTERVAL-th month. */
function monthlyDays(rule: RuleShape, start: number, from: number, to: number, limit: number): number[] {
	const days: number[] = [];
	const target = WEEKDAYS.indexOf(rule.weekdays[0] ?? 'MO');
	const ordinal = rule.monthWeek ?? 1;
	const startMonth = monthIndex(start);
	const monthsToFrom = monthIndex(from) - startMonth;
	for (let month = Math.ceil(Math.max(0, monthsToFrom) / rule.interval) * rule.interval; days.length < limit; month += rule.interval) {
		const index = startMonth + month;
		const year = Math.floor(index / 12);
		const monthOfYear = (index % 12) + 1;
		const first = daysFromCivil(year, monthOfYear, 1);
		if (first > to) break;
		let day: number;
		if (ordinal > 0) {
			day = first + ((target - weekdayIndex(first) + 7) % 7) + (ordinal - 1) * 7;
		} else {
			const last = first + daysInMonth(year, monthOfYear) - 1;
			day = last - ((weekdayIndex(last) - target + 7) % 7);
		}
		if (day >= from && day <= to) days.push(day);
	}
	return days;
}

function monthIndex(dayNumber: number): number {
	const { year, month } = civilFromDays(dayNumber);
	return year * 12 + month - 1;
}

// ---------------------------------------------------------------------------------------------
// Opening hours

/** Validates hours (times HH:MM, closes after opens, no overlapping ranges on one weekday, exception dates valid and unique; an open exception needs both times). */
export function checkHours(h: OpeningHours): HoursProblem[] {
	const problems: HoursProblem[] = [];
	const accepted: { day: Weekday; opens: string; closes: string }[] = [];
	h.weekly.forEach((range, index) => {
		if (toWeekday(range.day) === undefined || !isTime(range.opens) || !isTime(range.closes)) {
			problems.push({ index, part: 'weekly', code: 'invalid' });
		} else if (range.closes <= range.opens) {
			problems.push({ index, part: 'weekly', code: 'end_before_start' });
		} else if (accepted.some((other) => other.day === range.day && other.opens < range.closes && range.opens < other.closes)) {
			// Ranges are half-open, so 09:00-12:00 and 12:00-15:00 touch without overlapping.
			// The later entry is the one reported: it is the one a person just added.
			problems.push({ index, part: 'weekly', code: 'overlap' });
		} else {
			accepted.push(range);
		}
	});

	const dates = new Set<string>();
	h.exceptions.forEach((exception, index) => {
		const times = exception.closed
			? exception.opens === null && exception.closes === null
			: exception.opens !== null && exception.closes !== null && isTime(exception.opens) && isTime(exception.closes);
		// A note is written on the same line as its date in the hours form, so it cannot span lines.
		const noteOk = exception.note === null || !/[\r\n]/.test(exception.note);
		if (!isDay(exception.date) || !times || !noteOk) {
			problems.push({ index, part: 'exceptions', code: 'invalid' });
		} else if (!exception.closed && exception.opens !== null && exception.closes !== null && exception.closes <= exception.opens) {
			problems.push({ index, part: 'exceptions', code: 'end_before_start' });
		} else if (dates.has(exception.date)) {
			// One exception per date: two would leave it unclear which one hoursOn should follow.
			problems.push({ index, part: 'exceptions', code: 'overlap' });
		} else {
			dates.add(exception.date);
		}
	});
	return problems;
}

/** The ranges a place is open on one day, exceptions first. */
export function hoursOn(h: OpeningHours, day: string): { opens: string; closes: string }[] {
	const weekday = dayOfWeek(day);
	const exception = h.exceptions.find((candidate) => candidate.date === day);
	if (exception !== undefined) {
		// An open exception without both times is refused by checkHours; if one slips through,
		// saying "closed" is safer than sending people to a door on hours nobody wrote down.
		if (exception.closed || exception.opens === null || exception.closes === null) return [];
		return [{ opens: exception.opens, closes: exception.closes }];
	}
	return h.weekly
		.filter((range) => range.day === weekday)
		.map((range) => ({ opens: range.opens, closes: range.closes }))
		.sort((a, b) => compareText(a.opens, b.opens) || compareText(a.closes, b.closes));
}

const WEEKLY_LINE = /^([A-Za-z]{2}(?:\s*,\s*[A-Za-z]{2})*)\s+(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/;
const EXCEPTION_LINE = /^(\d{4}-\d{2}-\d{2})\s+(?:(closed)|(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2}))(?:\s+(.*))?$/i;

/** Reads the hours form's text: one line per range like "TH 15:00-17:00" or "MO,WE 09:00-12:00"; exceptions "2026-12-24 closed" or "2026-12-26 10:00-12:00 holiday hours". Answers hours or the 1-based line numbers that could not be read. */
export function parseHoursText(
	weekly: string,
	exceptions: string
): { ok: true; hours: OpeningHours } | { ok: false; weeklyLines: number[]; exceptionLines: number[] } {
	// Reading only: a line that reads but makes no sense (closes before it opens, overlaps another)
	// is left to checkHours, which says what is wrong with it.
	const hours: OpeningHours = { weekly: [], exceptions: [] };
	const weeklyLines: number[] = [];
	const exceptionLines: number[] = [];

	lines(weekly).forEach((line, index) => {
		if (line === '') return;
		const match = WEEKLY_LINE.exec(line);
		const opens = normalTime(match?.[2]);
		const closes = normalTime(match?.[3]);
		const days = (match?.[1] ?? '').split(',').map((text) => toWeekday(text.trim().toUpperCase()));
		const weekdays = days.filter((day) => day !== undefined);
		// "MO,MO" is most likely a typo for another day, so it is refused rather than merged.
		if (opens === null || closes === null || weekdays.length !== days.length || new Set(weekdays).size !== weekdays.length) {
			weeklyLines.push(index + 1);
			return;
		}
		for (const day of weekdays) hours.weekly.push({ day, opens, closes });
	});

	lines(exceptions).forEach((line, index) => {
		if (line === '') return;
		const match = EXCEPTION_LINE.exec(line);
		const date = match?.[1];
		const note = match?.[5]?.trim() || null;
		if (match === null || date === undefined || !isDay(date)) {
			exceptionLines.push(index + 1);
		} else if (match[2] !== undefined) {
			hours.exceptions.push({ date, closed: true, opens: null, closes: null, note });
		} else {
			const opens = normalTime(match[3]);
			const closes = normalTime(match[4]);
			if (opens === null || closes === null) exceptionLines.push(index + 1);
			else hours.exceptions.push({ date, closed: false, opens, closes, note });
		}
	});

	if (weeklyLines.length > 0 || exceptionLines.length > 0) return { ok: false, weeklyLines, exceptionLines };
	return { ok: true, hours };
}

/** The inverse of parseHoursText, for refilling the form. */
export function hoursToText(h: OpeningHours): { weekly: string; exceptions: string } {
	// Days sharing a range are written on one line ("MO,WE 09:00-12:00"), as a person would type them.
	const groups = new Map<string, { opens: string; closes: string; days: Set<Weekday> }>();
	for (const range of h.weekly) {
		const key = `${range.opens}-${range.closes}`;
		const group = groups.get(key) ?? { opens: range.opens, closes: range.closes, days: new Set<Weekday>() };
		group.days.add(range.day);
		groups.set(key, group);
	}
	const weekly = [...groups.values()]
		.map((group) => ({ ...group, days: WEEKDAYS.filter((day) => group.days.has(day)) }))
		.sort(
			(a, b) => WEEKDAYS.indexOf(a.days[0] ?? 'MO') - WEEKDAYS.indexOf(b.days[0] ?? 'MO') || compareText(a.opens, b.opens) || compareText(a.closes, b.closes)
		)
		.map((group) => `${group.days.join(',')} ${group.opens}-${group.closes}`);

	const exceptions = [...h.exceptions]
		.sort((a, b) => compareText(a.date, b.date))
		.map((exception) => {
			const what = exception.closed || exception.opens === null || exception.closes === null ? 'closed' : `${exception.opens}-${exception.closes}`;
			return exception.note === null || exception.note === '' ? `${exception.date} ${what}` : `${exception.date} ${what} ${exception.note}`;
		});
	return { weekly: weekly.join('\n'), exceptions: exceptions.join('\n') };
}

function lines(text: string): string[] {
	return text.split(/\r\n|\r|\n/).map((line) => line.trim());
}

/** "9:00" → "09:00"; null when it is not a time of day. */
function normalTime(text: string | undefined): string | null {
	if (text === undefined) return null;
	const padded = text.padStart(5, '0');
	return isTime(padded) ? padded : null;
}

function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
