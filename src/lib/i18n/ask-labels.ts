import { languageName, SPOKEN_LANGUAGES } from '$lib/domain/languages';
import type { MatchReason } from '$lib/domain/matching';
import { categoryLabel, translate } from './translate';

/** The languages offered as checkboxes first; the rest are in a list below them. */
export const COMMON_LANGUAGES = ['en', 'es', 'zh', 'vi', 'tl', 'ko', 'ar', 'ru', 'ht', 'fr', 'pt', 'so'] as const;
export const OTHER_LANGUAGES = SPOKEN_LANGUAGES.filter((l) => !(COMMON_LANGUAGES as readonly string[]).includes(l));

export function languageList(codes: readonly string[], locale: string): string {
	return codes.map((c) => languageName(c, locale)).join(', ');
}

/** "words about immigration status and something that looks like an ID number" in the reader's language. */
export function sensitiveKinds(kinds: readonly string[], locale: string): string {
	const words = kinds.map((k) => translate(`sensitive_${k}`));
	try {
		return new Intl.ListFormat(locale, { type: 'conjunction' }).format(words);
	} catch {
		return words.join(', ');
	}
}

/** A weekly slot as "Mon 09:00–18:00". */
export function slotLabel(slot: { day: number; startMinute: number; endMinute: number }, locale: string): string {
	const day = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2023, 0, 1 + slot.day)));
	const hm = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
	return `${day} ${hm(slot.startMinute)}–${hm(slot.endMinute)}`;
}

/** One reason a match was suggested, in the reader's language ("speaks Spanish", "has a car"). */
export function reasonText(
	r: MatchReason,
	categories: readonly { code: string; label: string | null }[],
	areas: readonly { id: string; name: string }[],
	locale: string
): string {
	const area = (id: string) => areas.find((a) => a.id === id)?.name ?? '';
	switch (r.code) {
		case 'offers_category':
			return translate('reason_offers_category', { category: categoryLabel(r.categoryId, categories) });
		case 'serves_area':
			return translate('reason_serves_area', { area: area(r.areaId) });
		case 'serves_nearby_area':
			return translate('reason_serves_nearby_area', { area: area(r.areaId) });
		case 'speaks':
			return translate('reason_speaks', { language: languageName(r.language, locale) });
		case 'available':
			return translate('reason_available', { minutes: r.minutes });
		case 'has_car':
			return translate('reason_has_car');
		case 'claims_this_week':
			return r.capacity === null
				? translate('reason_claims_this_week_open', { count: r.count })
				: translate('reason_claims_this_week', { count: r.count, capacity: r.capacity });
		case 'urgency':
			return translate('reason_urgency', { urgency: translate(`urgency_${r.urgency}`) });
	}
}

const relative = new Map<string, Intl.RelativeTimeFormat>();
const dates = new Map<string, Intl.DateTimeFormat>();

/** "5 minutes ago", "3 hours ago", "2 days ago" in the reader's language (formatters kept per locale). */
export function ageLabel(d: Date, locale: string, now = Date.now()): string {
	let rtf = relative.get(locale);
	if (rtf === undefined) {
		rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
		relative.set(locale, rtf);
	}
	const minutes = Math.max(0, Math.round((now - d.getTime()) / 60_000));
	if (minutes < 60) return rtf.format(-minutes, 'minute');
	if (minutes < 48 * 60) return rtf.format(-Math.round(minutes / 60), 'hour');
	return rtf.format(-Math.round(minutes / 1440), 'day');
}

/** A calendar day (YYYY-MM-DD) as a medium date in the reader's language. */
export function dayLabel(day: string, locale: string): string {
	let f = dates.get(locale);
	if (f === undefined) {
		f = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
		dates.set(locale, f);
	}
	return f.format(new Date(`${day}T12:00:00Z`));
}
