import { formatMoney, toInputString } from '$lib/domain/money';
import { getLocale } from '$lib/paraglide/runtime';
import { translate } from './translate';

/** Names for the codes funds carry as data (purposes, statuses, methods…), in the page's language. */

export interface MoneyFormat {
	currency: string;
	minorDigits: number;
}

export function money(minor: number, fund: MoneyFormat): string {
	return formatMoney(minor, fund.currency, fund.minorDigits, getLocale());
}

/** An amount as the person would type it back into a form. */
export function moneyInput(minor: number | null, fund: MoneyFormat): string {
	return minor === null ? '' : toInputString(minor, fund.minorDigits, getLocale());
}

export const purposeLabel = (code: string): string => translate(`fund_purpose_${code}`);
export const requestStatusLabel = (code: string): string => translate(`fund_status_${code}`);
export const methodLabel = (code: string): string => translate(`fund_method_${code}`);
export const reasonLabel = (code: string): string => translate(`fund_reason_${code}`);
export const decisionLabel = (code: string): string => translate(`fund_decision_${code}`);
export const txnLabel = (code: string): string => translate(`fund_txn_${code}`);
export const accountLabel = (code: string): string => translate(`fund_account_${code.replace(':', '_')}`);

/** "2026-03" → "March 2026" in the page's language. */
export function monthLabel(month: string): string {
	const [y, mo] = month.split('-').map(Number);
	if (y === undefined || mo === undefined) return month;
	return new Intl.DateTimeFormat(getLocale(), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, mo - 1, 1)));
}

export function periodLabel(from: string, to: string): string {
	return from === to ? monthLabel(from) : `${monthLabel(from)} – ${monthLabel(to)}`;
}

export function dayLabel(date: Date | string): string {
	const d = typeof date === 'string' ? new Date(`${date}T00:00:00Z`) : date;
	return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'medium', timeZone: typeof date === 'string' ? 'UTC' : undefined }).format(d);
}
