import { rrulestr } from 'rrule';
import { describe, expect, it } from 'vitest';
import {
	MONTH_WEEKS,
	WEEKDAYS,
	addDays,
	checkHours,
	dayOfWeek,
	expandSchedule,
	formFromRule,
	hoursOn,
	hoursToText,
	parseHoursText,
	pickupSlots,
	scheduleFromForm,
	type OpeningHours,
	type ScheduleForm,
	type Weekday
} from './recurrence';

/** Every other Thursday from 2026-12-03, 15:00-17:00, no end; each test overrides what it asserts on. */
function form(overrides: Partial<ScheduleForm> = {}): ScheduleForm {
	return {
		frequency: 'weekly',
		interval: 2,
		weekdays: ['TH'],
		monthWeek: null,
		startDay: '2026-12-03',
		startTime: '15:00',
		endTime: '17:00',
		untilDay: null,
		...overrides
	};
}

function rule(f: ScheduleForm): string {
	const result = scheduleFromForm(f);
	if (!result.ok) throw new Error(`form refused: ${JSON.stringify(result.problems)}`);
	return result.rrule;
}

function days(f: ScheduleForm, fromDay: string, toDay: string, limit = 1000): string[] {
	return expandSchedule({ rrule: rule(f), startDay: f.startDay, startTime: f.startTime, endTime: f.endTime }, fromDay, toDay, limit).map((o) => o.day);
}

describe('dayOfWeek and addDays', () => {
	it('names the day of the week', () => {
		expect(dayOfWeek('2026-12-03')).toBe('TH');
		expect(dayOfWeek('1970-01-01')).toBe('TH');
		expect(dayOfWeek('2000-02-29')).toBe('TU');
		expect(dayOfWeek('2024-12-30')).toBe('MO');
		expect(dayOfWeek('2027-01-03')).toBe('SU');
		expect(dayOfWeek('1600-03-01')).toBe('WE');
	});

	it('crosses months, years and leap days', () => {
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
		expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
		expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
		expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
		expect(addDays('2026-12-03', 0)).toBe('2026-12-03');
		expect(addDays('2026-12-03', 365 * 400 + 97)).toBe('2426-12-03');
	});

	it('agrees with the runtime calendar day after day for thirty years', () => {
		const ours: string[] = [];
		const runtime: string[] = [];
		for (let n = -365 * 10; n < 365 * 20; n += 1) {
			const expected = new Date(Date.UTC(2010, 0, 1 + n));
			const day = addDays('2010-01-01', n);
			ours.push(`${day} ${dayOfWeek(day)}`);
			runtime.push(`${expected.toISOString().slice(0, 10)} ${WEEKDAYS[(expected.getUTCDay() + 6) % 7] ?? ''}`);
		}
		expect(ours).toEqual(runtime);
	});

	it('refuses days that do not exist and fractions of days', () => {
		expect(() => dayOfWeek('2026-02-30')).toThrow(RangeError);
		expect(() => dayOfWeek('2026-13-01')).toThrow(RangeError);
		expect(() => dayOfWeek('26-12-03')).toThrow(RangeError);
		expect(() => addDays('2026-12-03', 0.5)).toThrow(RangeError);
		expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
	});
});

describe('scheduleFromForm', () => {
	it('writes "every other Thursday" as RRULE text', () => {
		expect(scheduleFromForm(form())).toEqual({ ok: true, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH' });
	});

	it('writes the last day as an inclusive DATE and orders the weekdays Monday first', () => {
		expect(scheduleFromForm(form({ untilDay: '2027-06-30' }))).toEqual({ ok: true, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20270630' });
		expect(scheduleFromForm(form({ interval: 1, weekdays: ['SA', 'MO', 'WE'] }))).toEqual({ ok: true, rrule: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE,SA' });
	});

	it('writes "the 2nd Tuesday" and "the last Friday" with an ordinal', () => {
		expect(scheduleFromForm(form({ frequency: 'monthly', interval: 1, weekdays: ['TU'], monthWeek: 2 }))).toEqual({
			ok: true,
			rrule: 'FREQ=MONTHLY;INTERVAL=1;BYDAY=2TU'
		});
		expect(scheduleFromForm(form({ frequency: 'monthly', interval: 3, weekdays: ['FR'], monthWeek: -1 }))).toEqual({
			ok: true,
			rrule: 'FREQ=MONTHLY;INTERVAL=3;BYDAY=-1FR'
		});
	});

	it('ignores the monthly select on a weekly form, and reads an empty last day as no end', () => {
		expect(scheduleFromForm(form({ monthWeek: 3, untilDay: '' }))).toEqual({ ok: true, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH' });
	});

	it('accepts a last day equal to the first', () => {
		expect(scheduleFromForm(form({ untilDay: '2026-12-03' }))).toEqual({ ok: true, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20261203' });
	});

	it('names each field that is missing or wrong', () => {
		const refused = (f: ScheduleForm) => {
			const result = scheduleFromForm(f);
			return result.ok ? [] : result.problems;
		};
		expect(refused(form({ interval: 0 }))).toEqual([{ field: 'interval', code: 'invalid' }]);
		expect(refused(form({ interval: 13 }))).toEqual([{ field: 'interval', code: 'invalid' }]);
		expect(refused(form({ interval: 1.5 }))).toEqual([{ field: 'interval', code: 'invalid' }]);
		expect(refused(form({ weekdays: [] }))).toEqual([{ field: 'weekdays', code: 'required' }]);
		expect(refused(form({ weekdays: ['TH', 'TH'] }))).toEqual([{ field: 'weekdays', code: 'invalid_choice' }]);
		expect(refused(form({ frequency: 'monthly', weekdays: ['TU', 'TH'], monthWeek: 1 }))).toEqual([{ field: 'weekdays', code: 'invalid_choice' }]);
		expect(refused(form({ frequency: 'monthly', monthWeek: null }))).toEqual([{ field: 'monthWeek', code: 'required' }]);
		expect(refused(form({ frequency: 'monthly', monthWeek: 5 }))).toEqual([{ field: 'monthWeek', code: 'invalid_choice' }]);
		expect(refused(form({ frequency: 'monthly', monthWeek: 0 }))).toEqual([{ field: 'monthWeek', code: 'invalid_choice' }]);
		expect(refused(form({ startDay: '' }))).toEqual([{ field: 'startDay', code: 'required' }]);
		expect(refused(form({ startDay: '2026-02-30' }))).toEqual([{ field: 'startDay', code: 'invalid' }]);
		expect(refused(form({ startTime: '' }))).toEqual([{ field: 'startTime', code: 'required' }]);
		expect(refused(form({ startTime: '24:00' }))).toEqual([{ field: 'startTime', code: 'invalid' }]);
		expect(refused(form({ endTime: '5pm' }))).toEqual([{ field: 'endTime', code: 'invalid' }]);
		expect(refused(form({ endTime: '15:00' }))).toEqual([{ field: 'endTime', code: 'end_before_start' }]);
		expect(refused(form({ endTime: '14:30' }))).toEqual([{ field: 'endTime', code: 'end_before_start' }]);
		expect(refused(form({ untilDay: '2026-12-02' }))).toEqual([{ field: 'untilDay', code: 'end_before_start' }]);
		expect(refused(form({ untilDay: '30/06/2027' }))).toEqual([{ field: 'untilDay', code: 'invalid' }]);
	});

	it('reports every problem at once, in the order of the form', () => {
		expect(scheduleFromForm(form({ interval: 0, weekdays: [], startDay: '', startTime: '18:00', endTime: '17:00' }))).toEqual({
			ok: false,
			problems: [
				{ field: 'interval', code: 'invalid' },
				{ field: 'weekdays', code: 'required' },
				{ field: 'startDay', code: 'required' },
				{ field: 'endTime', code: 'end_before_start' }
			]
		});
	});
});

describe('formFromRule', () => {
	it('reads back every form it wrote', () => {
		const forms: ScheduleForm[] = [
			form(),
			form({ interval: 1, weekdays: ['MO', 'WE', 'SA'], untilDay: '2027-06-30' }),
			form({ interval: 12, weekdays: [...WEEKDAYS] }),
			...MONTH_WEEKS.map((monthWeek) => form({ frequency: 'monthly', interval: 2, weekdays: ['FR'], monthWeek, untilDay: '2028-01-31' }))
		];
		for (const f of forms) expect(formFromRule(rule(f), f.startDay, f.startTime, f.endTime)).toEqual(f);
	});

	it('reads the spellings RFC 5545 allows for the same rule', () => {
		const twoWeeks = form();
		expect(formFromRule('freq=weekly;byday=th;interval=2;wkst=mo', '2026-12-03', '15:00', '17:00')).toEqual(twoWeeks);
		expect(formFromRule('FREQ=WEEKLY;BYDAY=TH', '2026-12-03', '15:00', '17:00')).toEqual({ ...twoWeeks, interval: 1 });
		expect(formFromRule('FREQ=MONTHLY;BYDAY=+2TU', '2026-12-08', '15:00', '17:00')).toEqual(
			form({ frequency: 'monthly', interval: 1, weekdays: ['TU'], monthWeek: 2, startDay: '2026-12-08' })
		);
	});

	it('answers null for rules the form cannot write', () => {
		for (const text of [
			'',
			'FREQ=DAILY;BYDAY=TH',
			'FREQ=WEEKLY',
			'FREQ=WEEKLY;BYDAY=2TH',
			'FREQ=WEEKLY;BYDAY=TH,TH',
			'FREQ=WEEKLY;BYDAY=XX',
			'FREQ=WEEKLY;BYDAY=TH;COUNT=3',
			'FREQ=WEEKLY;BYDAY=TH;WKST=SU',
			'FREQ=WEEKLY;INTERVAL=13;BYDAY=TH',
			'FREQ=WEEKLY;INTERVAL=0;BYDAY=TH',
			'FREQ=WEEKLY;BYDAY=TH;UNTIL=20270630T235959Z',
			'FREQ=WEEKLY;BYDAY=TH;UNTIL=20270230',
			'FREQ=WEEKLY;FREQ=WEEKLY;BYDAY=TH',
			'FREQ=WEEKLY;BYDAY=TH;',
			'RRULE:FREQ=WEEKLY;BYDAY=TH',
			'FREQ=MONTHLY;BYDAY=TU',
			'FREQ=MONTHLY;BYDAY=5TU',
			'FREQ=MONTHLY;BYDAY=-2TU',
			'FREQ=MONTHLY;BYDAY=1TU,3TU',
			'FREQ=MONTHLY;BYMONTHDAY=1'
		]) {
			expect(formFromRule(text, '2026-12-03', '15:00', '17:00'), text).toBeNull();
		}
	});
});

describe('expandSchedule', () => {
	it('gives every other Thursday from 2026-12-03', () => {
		const occurrences = expandSchedule(
			{ rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH', startDay: '2026-12-03', startTime: '15:00', endTime: '17:00' },
			'2026-12-01',
			'2027-01-20',
			10
		);
		expect(occurrences).toEqual([
			{ start: '2026-12-03T15:00', day: '2026-12-03', startTime: '15:00', endTime: '17:00' },
			{ start: '2026-12-17T15:00', day: '2026-12-17', startTime: '15:00', endTime: '17:00' },
			{ start: '2026-12-31T15:00', day: '2026-12-31', startTime: '15:00', endTime: '17:00' },
			{ start: '2027-01-14T15:00', day: '2027-01-14', startTime: '15:00', endTime: '17:00' }
		]);
	});

	it('counts the week holding the first day as week one, even when its day has passed', () => {
		// Starting on Monday 2026-11-30, that week's Thursday is the first one.
		expect(days(form({ startDay: '2026-11-30' }), '2026-11-01', '2026-12-31')).toEqual(['2026-12-03', '2026-12-17', '2026-12-31']);
		// Starting on Friday 2026-12-04, that week's Thursday is gone and the next week is an off week.
		expect(days(form({ startDay: '2026-12-04' }), '2026-11-01', '2026-12-31')).toEqual(['2026-12-17', '2026-12-31']);
		// Sunday ends the week (WKST=MO): a Sunday start makes the next Thursday an off week too.
		expect(days(form({ startDay: '2026-12-06' }), '2026-11-01', '2026-12-31')).toEqual(['2026-12-17', '2026-12-31']);
	});

	it('gives several days of each counting week in order', () => {
		expect(days(form({ weekdays: ['MO', 'TH'], startDay: '2026-12-02' }), '2026-12-01', '2026-12-31')).toEqual([
			'2026-12-03',
			'2026-12-14',
			'2026-12-17',
			'2026-12-28',
			'2026-12-31'
		]);
	});

	it('gives the last Friday of every month', () => {
		const lastFriday = form({ frequency: 'monthly', interval: 1, weekdays: ['FR'], monthWeek: -1, startDay: '2026-12-01' });
		expect(days(lastFriday, '2026-12-01', '2027-05-31')).toEqual(['2026-12-25', '2027-01-29', '2027-02-26', '2027-03-26', '2027-04-30', '2027-05-28']);
	});

	it('gives the 2nd Tuesday of every other month, counting from the first day’s month', () => {
		const secondTuesday = form({ frequency: 'monthly', interval: 2, weekdays: ['TU'], monthWeek: 2, startDay: '2026-12-08' });
		expect(days(secondTuesday, '2026-01-01', '2027-06-30')).toEqual(['2026-12-08', '2027-02-09', '2027-04-13', '2027-06-08']);
		// Started after December's 2nd Tuesday: December still counts as month one, so the next is February.
		expect(days({ ...secondTuesday, startDay: '2026-12-09' }, '2026-01-01', '2027-06-30')).toEqual(['2027-02-09', '2027-04-13', '2027-06-08']);
	});

	it('includes the last day itself', () => {
		const untilThursday = form({ untilDay: '2027-01-14' });
		expect(days(untilThursday, '2026-12-01', '2027-12-31')).toEqual(['2026-12-03', '2026-12-17', '2026-12-31', '2027-01-14']);
		expect(days({ ...untilThursday, untilDay: '2027-01-13' }, '2026-12-01', '2027-12-31')).toEqual(['2026-12-03', '2026-12-17', '2026-12-31']);
	});

	it('gives nothing before the first day and includes both ends of the window', () => {
		expect(days(form(), '2026-01-01', '2026-12-02')).toEqual([]);
		expect(days(form(), '2026-12-17', '2026-12-31')).toEqual(['2026-12-17', '2026-12-31']);
		expect(days(form(), '2026-12-18', '2026-12-30')).toEqual([]);
		expect(days(form(), '2026-12-31', '2026-12-17')).toEqual([]);
	});

	it('stops at the limit', () => {
		expect(days(form(), '2026-12-01', '2099-12-31', 3)).toEqual(['2026-12-03', '2026-12-17', '2026-12-31']);
		expect(days(form({ weekdays: ['MO', 'TH'], startDay: '2026-12-02' }), '2026-12-01', '2026-12-31', 2)).toEqual(['2026-12-03', '2026-12-14']);
		expect(days(form(), '2026-12-01', '2099-12-31', 0)).toEqual([]);
	});

	it('jumps straight to a window thousands of years after the first day', () => {
		const since1970 = form({ startDay: '1970-01-01' });
		expect(days(since1970, '9999-12-01', '9999-12-31')).toEqual(['9999-12-09', '9999-12-23']);
		const everyFiveMonths = form({ frequency: 'monthly', interval: 5, weekdays: ['FR'], monthWeek: -1, startDay: '1970-01-01' });
		expect(days(everyFiveMonths, '9999-01-01', '9999-12-31')).toEqual(['9999-03-26', '9999-08-27']);
	});

	it('expands ten years of a weekly schedule', () => {
		const thursdays = days(form({ interval: 1, startDay: '2026-01-01' }), '2026-01-01', '2035-12-31', 10_000);
		expect(thursdays).toHaveLength(522);
		expect(thursdays[0]).toBe('2026-01-01');
		expect(thursdays.at(-1)).toBe('2035-12-27');
		expect(thursdays.every((day, i) => dayOfWeek(day) === 'TH' && (i === 0 || addDays(thursdays[i - 1] ?? '', 7) === day))).toBe(true);
	});

	it('refuses a rule it did not write rather than showing no dates', () => {
		expect(() => expandSchedule({ rrule: 'FREQ=DAILY', startDay: '2026-12-03', startTime: '15:00', endTime: '17:00' }, '2026-12-01', '2026-12-31', 10)).toThrow(
			RangeError
		);
		expect(() =>
			expandSchedule({ rrule: 'FREQ=WEEKLY;BYDAY=TH', startDay: '2026-12-03', startTime: '15:00', endTime: '17:00' }, '2026-12-01', 'soon', 10)
		).toThrow(RangeError);
	});
});

describe('expandSchedule against the rrule package', () => {
	/** mulberry32: a seeded generator, so a failure names a schedule that fails again on the next run. */
	function generator(seed: number): (below: number) => number {
		let state = seed;
		return (below) => {
			state = (state + 0x6d2b79f5) | 0;
			let t = state;
			t = Math.imul(t ^ (t >>> 15), t | 1);
			t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
			return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * below);
		};
	}
	const compact = (day: string) => day.replaceAll('-', '');

	/**
	 * rrule reads a DATE UNTIL as midnight, which would drop the last day's occurrence. RFC 5545
	 * §3.3.10 wants UNTIL in DTSTART's type, a local DATE-TIME, so that is what it is given.
	 * Its dates are UTC; they are read here as floating wall-clock times.
	 */
	function theirs(rrule: string, startDay: string, startTime: string, fromDay: string, toDay: string): string[] {
		const text = `DTSTART:${compact(startDay)}T${startTime.replace(':', '')}00\nRRULE:${rrule.replace(/UNTIL=(\d{8})$/, 'UNTIL=$1T235959')}`;
		const [fromYear = 0, fromMonth = 1, fromDate = 1] = fromDay.split('-').map(Number);
		const [toYear = 0, toMonth = 1, toDate = 1] = toDay.split('-').map(Number);
		return rrulestr(text)
			.between(new Date(Date.UTC(fromYear, fromMonth - 1, fromDate)), new Date(Date.UTC(toYear, toMonth - 1, toDate, 23, 59, 59)), true)
			.map((date) => date.toISOString().slice(0, 16));
	}

	it('agrees on 400 generated schedules', () => {
		const random = generator(20_261_203);
		let compared = 0;
		for (let n = 0; n < 400; n += 1) {
			const monthly = random(2) === 1;
			const weekdays: Weekday[] = monthly ? [WEEKDAYS[random(7)] ?? 'MO'] : WEEKDAYS.filter(() => random(3) === 0);
			if (weekdays.length === 0) weekdays.push(WEEKDAYS[random(7)] ?? 'MO');
			const startDay = addDays('2020-01-01', random(3650));
			const hour = random(23);
			const f: ScheduleForm = {
				frequency: monthly ? 'monthly' : 'weekly',
				interval: 1 + random(12),
				weekdays,
				monthWeek: monthly ? (MONTH_WEEKS[random(MONTH_WEEKS.length)] ?? 1) : null,
				startDay,
				startTime: `${String(hour).padStart(2, '0')}:${String(random(60)).padStart(2, '0')}`,
				endTime: `${String(hour + 1).padStart(2, '0')}:00`,
				untilDay: random(5) < 2 ? null : addDays(startDay, random(1500))
			};
			const fromDay = addDays(startDay, random(3000) - 60);
			const toDay = addDays(fromDay, random(500));
			const rrule = rule(f);
			const ours = expandSchedule({ rrule, startDay, startTime: f.startTime, endTime: f.endTime }, fromDay, toDay, 10_000).map((o) => o.start);
			const expected = theirs(rrule, startDay, f.startTime, fromDay, toDay);
			expect(ours, `${rrule} from ${startDay} ${f.startTime}, window ${fromDay}..${toDay}`).toEqual(expected);
			expect(expandSchedule({ rrule, startDay, startTime: f.startTime, endTime: f.endTime }, fromDay, toDay, 3).map((o) => o.start)).toEqual(
				expected.slice(0, 3)
			);
			compared += expected.length;
		}
		// The windows must actually hold dates, or agreeing would prove nothing.
		expect(compared).toBeGreaterThan(2000);
	});

	it('agrees on a window decades after the first day', () => {
		for (const f of [
			form({ startDay: '1970-01-01', weekdays: ['TU', 'TH', 'SU'], interval: 3 }),
			form({ frequency: 'monthly', interval: 7, weekdays: ['WE'], monthWeek: -1, startDay: '1970-01-15' })
		]) {
			const rrule = rule(f);
			const ours = expandSchedule({ rrule, startDay: f.startDay, startTime: f.startTime, endTime: f.endTime }, '2026-01-01', '2036-12-31', 10_000).map(
				(o) => o.start
			);
			expect(ours.length).toBeGreaterThan(10);
			expect(ours).toEqual(theirs(rrule, f.startDay, f.startTime, '2026-01-01', '2036-12-31'));
		}
	});

	it('shows why UNTIL is given to rrule as a date-time: read as a DATE it drops the last day', () => {
		const asDate = rrulestr('DTSTART:20261203T150000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20270114').all();
		expect(asDate.map((date) => date.toISOString().slice(0, 10))).toEqual(['2026-12-03', '2026-12-17', '2026-12-31']);
		expect(days(form({ untilDay: '2027-01-14' }), '2026-12-01', '2027-12-31').at(-1)).toBe('2027-01-14');
	});
});

describe('pickupSlots', () => {
	it('cuts an occurrence into slots that fit inside it', () => {
		expect(pickupSlots('15:00', '17:00', 30)).toEqual([
			{ start: '15:00', end: '15:30' },
			{ start: '15:30', end: '16:00' },
			{ start: '16:00', end: '16:30' },
			{ start: '16:30', end: '17:00' }
		]);
		expect(pickupSlots('15:00', '16:45', 30)).toEqual([
			{ start: '15:00', end: '15:30' },
			{ start: '15:30', end: '16:00' },
			{ start: '16:00', end: '16:30' }
		]);
		expect(pickupSlots('09:50', '11:10', 40)).toEqual([
			{ start: '09:50', end: '10:30' },
			{ start: '10:30', end: '11:10' }
		]);
		expect(pickupSlots('00:00', '23:59', 60)).toHaveLength(23);
	});

	it('gives no slot when none fits', () => {
		expect(pickupSlots('15:00', '15:20', 30)).toEqual([]);
		expect(pickupSlots('17:00', '15:00', 30)).toEqual([]);
	});

	it('refuses slot lengths that are not a positive whole number of minutes, and times that are not HH:MM', () => {
		expect(() => pickupSlots('15:00', '17:00', 0)).toThrow(RangeError);
		expect(() => pickupSlots('15:00', '17:00', -15)).toThrow(RangeError);
		expect(() => pickupSlots('15:00', '17:00', 7.5)).toThrow(RangeError);
		expect(() => pickupSlots('3pm', '17:00', 30)).toThrow(RangeError);
	});
});

describe('opening hours', () => {
	const pantry: OpeningHours = {
		weekly: [
			{ day: 'MO', opens: '09:00', closes: '12:00' },
			{ day: 'MO', opens: '14:00', closes: '16:00' },
			{ day: 'WE', opens: '09:00', closes: '12:00' },
			{ day: 'TH', opens: '15:00', closes: '17:00' }
		],
		exceptions: [
			{ date: '2026-12-24', closed: true, opens: null, closes: null, note: null },
			{ date: '2026-12-26', closed: false, opens: '10:00', closes: '12:00', note: 'holiday hours' },
			{ date: '2026-12-31', closed: true, opens: null, closes: null, note: 'New Year’s Eve' }
		]
	};
	const pantryText = {
		weekly: 'MO,WE 09:00-12:00\nMO 14:00-16:00\nTH 15:00-17:00',
		exceptions: '2026-12-24 closed\n2026-12-26 10:00-12:00 holiday hours\n2026-12-31 closed New Year’s Eve'
	};

	it('reads the hours form', () => {
		const read = parseHoursText(pantryText.weekly, pantryText.exceptions);
		expect(read.ok).toBe(true);
		if (!read.ok) return;
		expect(read.hours.exceptions).toEqual(pantry.exceptions);
		expect(read.hours.weekly).toEqual([
			{ day: 'MO', opens: '09:00', closes: '12:00' },
			{ day: 'WE', opens: '09:00', closes: '12:00' },
			{ day: 'MO', opens: '14:00', closes: '16:00' },
			{ day: 'TH', opens: '15:00', closes: '17:00' }
		]);
		expect(checkHours(read.hours)).toEqual([]);
	});

	it('forgives the way people type: lower case, spaces, one-digit hours, a dash, blank lines, Windows line ends', () => {
		expect(parseHoursText('  th 9:00 – 12:30 \r\n\r\nmo, we 14:00-15:00', '2026-12-24 CLOSED\n')).toEqual({
			ok: true,
			hours: {
				weekly: [
					{ day: 'TH', opens: '09:00', closes: '12:30' },
					{ day: 'MO', opens: '14:00', closes: '15:00' },
					{ day: 'WE', opens: '14:00', closes: '15:00' }
				],
				exceptions: [{ date: '2026-12-24', closed: true, opens: null, closes: null, note: null }]
			}
		});
		expect(parseHoursText('', '')).toEqual({ ok: true, hours: { weekly: [], exceptions: [] } });
	});

	it('names the lines it cannot read, counting blank lines as the text box shows them', () => {
		expect(
			parseHoursText(
				'TH 15:00-17:00\n\nXX 10:00-11:00\nTH 25:00-26:00\nMO,MO 09:00-10:00\nTH 15:00',
				'2026-12-24 closed\n2026-02-30 closed\n2026-12-26 shut\n2026-12-27 10:00-12:61\nclosed'
			)
		).toEqual({
			ok: false,
			weeklyLines: [3, 4, 5, 6],
			exceptionLines: [2, 3, 4, 5]
		});
	});

	it('writes the form back so that it reads as the same hours', () => {
		expect(hoursToText(pantry)).toEqual(pantryText);
		const read = parseHoursText(hoursToText(pantry).weekly, hoursToText(pantry).exceptions);
		expect(read.ok && hoursToText(read.hours)).toEqual(pantryText);
		const oneRangeADay: OpeningHours = {
			weekly: [
				{ day: 'TU', opens: '08:00', closes: '09:30' },
				{ day: 'SU', opens: '18:00', closes: '20:00' }
			],
			exceptions: []
		};
		expect(parseHoursText(hoursToText(oneRangeADay).weekly, hoursToText(oneRangeADay).exceptions)).toEqual({ ok: true, hours: oneRangeADay });
		expect(hoursToText({ weekly: [], exceptions: [] })).toEqual({ weekly: '', exceptions: '' });
	});

	it('accepts ranges that only touch, and the same hours on different days', () => {
		expect(checkHours(pantry)).toEqual([]);
		expect(
			checkHours({
				weekly: [
					{ day: 'MO', opens: '09:00', closes: '12:00' },
					{ day: 'MO', opens: '12:00', closes: '15:00' }
				],
				exceptions: []
			})
		).toEqual([]);
	});

	it('finds overlapping ranges on one weekday and reports the later one', () => {
		const weekly: OpeningHours['weekly'] = [
			{ day: 'MO', opens: '09:00', closes: '12:00' },
			{ day: 'TU', opens: '10:00', closes: '11:00' },
			{ day: 'MO', opens: '11:59', closes: '13:00' },
			{ day: 'MO', opens: '08:00', closes: '18:00' },
			{ day: 'MO', opens: '09:00', closes: '12:00' }
		];
		expect(checkHours({ weekly, exceptions: [] })).toEqual([
			{ index: 2, part: 'weekly', code: 'overlap' },
			{ index: 3, part: 'weekly', code: 'overlap' },
			{ index: 4, part: 'weekly', code: 'overlap' }
		]);
	});

	it('refuses times that are not HH:MM and ranges that close before they open', () => {
		const weekly: OpeningHours['weekly'] = [
			{ day: 'MO', opens: '24:00', closes: '25:00' },
			{ day: 'MO', opens: '9:00', closes: '12:00' },
			{ day: 'TU', opens: '12:00', closes: '12:00' },
			{ day: 'WE', opens: '17:00', closes: '15:00' }
		];
		expect(checkHours({ weekly, exceptions: [] })).toEqual([
			{ index: 0, part: 'weekly', code: 'invalid' },
			{ index: 1, part: 'weekly', code: 'invalid' },
			{ index: 2, part: 'weekly', code: 'end_before_start' },
			{ index: 3, part: 'weekly', code: 'end_before_start' }
		]);
	});

	it('refuses exceptions on impossible or repeated dates, open ones without both times, closed ones with times', () => {
		const exceptions: OpeningHours['exceptions'] = [
			{ date: '2026-12-24', closed: true, opens: null, closes: null, note: null },
			{ date: '2026-02-30', closed: true, opens: null, closes: null, note: null },
			{ date: '2026-12-24', closed: false, opens: '10:00', closes: '12:00', note: null },
			{ date: '2026-12-25', closed: false, opens: '10:00', closes: null, note: null },
			{ date: '2026-12-26', closed: true, opens: '10:00', closes: '12:00', note: null },
			{ date: '2026-12-27', closed: false, opens: '12:00', closes: '10:00', note: null },
			{ date: '2026-12-28', closed: true, opens: null, closes: null, note: 'two\nlines' },
			{ date: '2026-12-29', closed: false, opens: '10:00', closes: '12:00', note: 'late start' }
		];
		expect(checkHours({ weekly: [], exceptions })).toEqual([
			{ index: 1, part: 'exceptions', code: 'invalid' },
			{ index: 2, part: 'exceptions', code: 'overlap' },
			{ index: 3, part: 'exceptions', code: 'invalid' },
			{ index: 4, part: 'exceptions', code: 'invalid' },
			{ index: 5, part: 'exceptions', code: 'end_before_start' },
			{ index: 6, part: 'exceptions', code: 'invalid' }
		]);
	});

	it('gives the weekly ranges of a day in order', () => {
		const unordered: OpeningHours = {
			weekly: [
				{ day: 'MO', opens: '14:00', closes: '16:00' },
				{ day: 'TH', opens: '15:00', closes: '17:00' },
				{ day: 'MO', opens: '09:00', closes: '12:00' }
			],
			exceptions: []
		};
		expect(hoursOn(unordered, '2026-12-21')).toEqual([
			{ opens: '09:00', closes: '12:00' },
			{ opens: '14:00', closes: '16:00' }
		]);
		expect(hoursOn(unordered, '2026-12-22')).toEqual([]);
	});

	it('lets an exception replace the weekly hours on its date only', () => {
		// 2026-12-24 and 2026-12-31 are Thursdays; 2026-12-26 is a Saturday, normally closed.
		expect(hoursOn(pantry, '2026-12-17')).toEqual([{ opens: '15:00', closes: '17:00' }]);
		expect(hoursOn(pantry, '2026-12-24')).toEqual([]);
		expect(hoursOn(pantry, '2026-12-31')).toEqual([]);
		expect(hoursOn(pantry, '2026-12-26')).toEqual([{ opens: '10:00', closes: '12:00' }]);
		expect(hoursOn(pantry, '2026-12-19')).toEqual([]);
		expect(hoursOn(pantry, '2027-01-07')).toEqual([{ opens: '15:00', closes: '17:00' }]);
	});
});
