import type { ScheduleForm } from '$lib/domain/recurrence';
import { dayLabel } from '$lib/i18n/fund-labels';
import { translate } from '$lib/i18n/translate';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

function joined(parts: readonly string[]): string {
	return new Intl.ListFormat(getLocale(), { style: 'long', type: 'conjunction' }).format(parts);
}

/** How a rule repeats, in words: "Every other Thursday", "The last Friday of every month". */
function repeatWords(f: ScheduleForm): string {
	if (f.frequency === 'weekly') {
		// "Every Thursday" / "Todos los jueves": the weekday as it reads after "every" (plural in Spanish).
		const days = joined(f.weekdays.map((w) => translate(`dist_days_${w}`)));
		if (f.interval === 1) return m.dist_sched_weekly_every({ days });
		if (f.interval === 2) return m.dist_sched_weekly_other({ days });
		return m.dist_sched_weekly_n({ n: f.interval, days });
	}
	const day = translate(`dist_day_${f.weekdays[0] ?? 'MO'}`);
	const ordinal = translate(`dist_ordinal_${f.monthWeek === -1 ? 'last' : String(f.monthWeek ?? 1)}`);
	if (f.interval === 1) return m.dist_sched_monthly_every({ ordinal, day });
	if (f.interval === 2) return m.dist_sched_monthly_other({ ordinal, day });
	return m.dist_sched_monthly_n({ ordinal, day, n: f.interval });
}

/** A schedule in words with its times and last day: "Every other Thursday, 15:00–17:00". */
export function scheduleWords(f: ScheduleForm | null): string {
	if (f === null) return m.dist_sched_unknown();
	const timed = m.dist_sched_time({ schedule: repeatWords(f), start: f.startTime, end: f.endTime });
	return f.untilDay === null ? timed : m.dist_sched_until({ schedule: timed, day: dayLabel(f.untilDay) });
}

/** A day with its weekday, for an occurrence: "Thursday, 3 December 2026". */
export function occurrenceDay(day: string): string {
	return new Intl.DateTimeFormat(getLocale(), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
		new Date(`${day}T00:00:00Z`)
	);
}
