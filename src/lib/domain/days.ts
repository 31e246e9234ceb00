/**
 * The calendar day (YYYY-MM-DD) that `now` falls on in the server's time zone: what "today" means
 * for a date typed into a form (a needed-by date, a donation's received date, a payment's date).
 */
export function localDay(now: Date): string {
	return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}
