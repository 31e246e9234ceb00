import { m } from '$lib/paraglide/messages';

const table = new Map<string, unknown>(Object.entries(m));

/** Looks a message up by key at run time (for codes that travel as data, like error codes). */
export function translate(key: string, params: Record<string, string | number> = {}): string {
	const fn = table.get(key);
	if (typeof fn !== 'function') return key;
	const out: unknown = fn(params);
	return typeof out === 'string' ? out : key;
}

export function hasMessage(key: string): boolean {
	return typeof table.get(key) === 'function';
}

/** The message for an error code (see $lib/server/errors). */
export function errorMessage(code: string): string {
	return translate(`error_${code}`);
}
