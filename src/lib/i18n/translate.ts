import { formatMoney } from '$lib/domain/money';
import { getLocale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';

const table = new Map<string, unknown>(Object.entries(m));

/** Looks a message up by key at run time (for codes that travel as data, like error codes). */
export function translate(key: string, params: Record<string, string | number> = {}, options?: { locale: string }): string {
	const fn = table.get(key);
	if (typeof fn !== 'function') return key;
	const out: unknown = options ? fn(params, options) : fn(params);
	return typeof out === 'string' ? out : key;
}

export function hasMessage(key: string): boolean {
	return typeof table.get(key) === 'function';
}

/** An amount of money a message names, formatted for the reader when the message is shown. */
export interface MoneyParam {
	minor: number;
	currency: string;
	minorDigits: number;
}
export type MessageParams = Record<string, string | number | MoneyParam>;

/** The message for an error code (see $lib/server/errors), with the facts it names. */
export function errorMessage(code: string, params: MessageParams = {}): string {
	const formatted: Record<string, string | number> = {};
	for (const [k, v] of Object.entries(params)) formatted[k] = typeof v === 'object' ? formatMoney(v.minor, v.currency, v.minorDigits, getLocale()) : v;
	return translate(`error_${code}`, formatted);
}

/**
 * A category's name: built-in categories in the reader's language, a network's own categories
 * by the label the network gave them (custom codes start with `c-`; pass the list to find it).
 */
export function categoryLabel(code: string, categories: readonly { code: string; label: string | null }[] = [], locale?: string): string {
	const custom = categories.find((c) => c.code === code && c.label !== null);
	if (custom?.label) return custom.label;
	return hasMessage(`category_${code}`) ? translate(`category_${code}`, {}, locale ? { locale } : undefined) : code;
}
