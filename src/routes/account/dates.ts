/**
 * Dates on the account pages, written out in the page's language on the server (pages ship no
 * JavaScript, so the browser cannot localise them). The instance's own time zone is used.
 */
export function formatDateTime(date: Date, locale: string): string {
	return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatDate(date: Date, locale: string): string {
	return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date);
}
