/**
 * Languages a neighbour may speak, as ISO 639-1 codes: wider than the languages Hearth's own
 * pages are translated into, because a family that speaks only Somali must be matched with
 * someone who speaks Somali. Names are shown with Intl.DisplayNames in the reader's language.
 */
export const SPOKEN_LANGUAGES = [
	'en',
	'es',
	'zh',
	'vi',
	'tl',
	'ko',
	'ar',
	'ru',
	'ht',
	'fr',
	'pt',
	'so',
	'am',
	'fa',
	'hy',
	'ja',
	'hi',
	'bn',
	'ur',
	'pa',
	'km',
	'lo',
	'hmn',
	'my',
	'ne',
	'uk',
	'pl',
	'it',
	'de',
	'sw',
	'ti',
	'ps',
	'qu',
	'yua',
	'mam',
	'asl'
] as const;
export type SpokenLanguage = (typeof SPOKEN_LANGUAGES)[number];

export function isSpokenLanguage(v: string): v is SpokenLanguage {
	return SPOKEN_LANGUAGES.some((l) => l === v);
}

const displayNames = new Map<string, Intl.DisplayNames | null>();

/** The name of a language in `locale`, falling back to the code. Formatters are kept per locale. */
export function languageName(code: string, locale: string): string {
	if (code === 'asl') return locale.startsWith('es') ? 'Lengua de señas americana' : 'American Sign Language';
	let names = displayNames.get(locale);
	if (names === undefined) {
		try {
			names = new Intl.DisplayNames([locale], { type: 'language' });
		} catch {
			names = null;
		}
		displayNames.set(locale, names);
	}
	try {
		return names?.of(code) ?? code;
	} catch {
		return code;
	}
}
