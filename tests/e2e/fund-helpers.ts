import type { Locator, Page } from '@playwright/test';
import { expect, msg } from './fixtures';

/**
 * What the fund flows share: the demo network they work in, the demo people's display names,
 * labelled fields in either language, and text the pages build from messages with values in
 * them (amounts, counts) so a flow asserts on exactly what a person reads.
 */

/** The demo network (seeded by src/lib/server/instance/demo.ts); each flow adds a fund of its own to it. */
export const DEMO_NETWORK = { slug: 'maple-street', name: 'Maple Street School Community' } as const;

/** Display names of the demo people, as the approver checkboxes and the histories show them. */
export const DEMO_NAMES = { admin: 'Rosa M.', steward: 'Marcus (Room 12)', neighbor: 'Lin' } as const;

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A message as a pattern: placeholders named in `params` are filled in, the others match any
 * text. For messages with a figure the flow does not control, like the network-wide number of
 * ledger transactions while other flows record their own.
 */
export function msgPattern(locale: string, key: string, params: Record<string, string | number> = {}): RegExp {
	const parts = msg(locale, key).split(/(\{\w+\})/);
	const source = parts
		.map((part) => {
			const name = /^\{(\w+)\}$/.exec(part)?.[1];
			if (name === undefined) return escapeRegExp(part);
			return name in params ? escapeRegExp(String(params[name])) : '.+?';
		})
		.join('');
	return new RegExp(source);
}

/**
 * An amount the way the pages print it: the server formats with Intl for the page's language
 * ("$1,234.50", "1234,50 US$"), and the test runs on the same Node, so the same call agrees.
 */
export function money(minor: number, locale: string, currency = 'USD', digits = 2): string {
	const value = minor === 0 ? 0 : minor / 10 ** digits;
	return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/**
 * A form field by its visible label. Field labels end with "(required)" or "(optional)", so the
 * label must be followed by that and nothing else: "Amount" is not "Amount you approve".
 */
export function labelled(page: Page, locale: string, key: string, params: Record<string, string | number> = {}): Locator {
	return page.getByLabel(labelledName(locale, key, params));
}

/** The accessible name of a field labelled by message `key`, with its "(required)"/"(optional)" ending. */
export function labelledName(locale: string, key: string, params: Record<string, string | number> = {}): RegExp {
	const hint = `(?:${escapeRegExp(msg(locale, 'form_required_hint'))}|${escapeRegExp(msg(locale, 'form_optional_hint'))})`;
	return new RegExp(`^${escapeRegExp(msg(locale, key, params))}\\s*\\(${hint}\\)$`);
}

/** A calendar date `days` from today in this machine's time zone (the server's, on a test run). */
export function localDate(days: number): string {
	const d = new Date(Date.now() + days * 86_400_000);
	return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/** A CSV file for the import form, given as bytes so no temporary file is left behind. */
export function csvFile(name: string, text: string): { name: string; mimeType: string; buffer: Buffer } {
	return { name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') };
}

/** The value shown next to a term in a page's list of facts (status, approvals, paid…). */
export function factValue(page: Page, locale: string, key: string): Locator {
	return page
		.getByRole('main')
		.locator('dt', { hasText: new RegExp(`^\\s*${escapeRegExp(msg(locale, key))}\\s*$`) })
		.locator('xpath=following-sibling::dd[1]');
}

/** The summary at the top of a failed form lists the message as a link to the field. */
export async function expectSummaryLink(page: Page, message: string, fieldId: string): Promise<void> {
	await expect(page.getByRole('alert').getByRole('link', { name: message })).toHaveAttribute('href', `#${fieldId}`);
}
