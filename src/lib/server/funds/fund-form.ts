import type { FundRow } from './funds.repository';
import { toInputString } from '$lib/domain/money';

/** A fund's rules as the settings form shows them (the same shape as the values kept after an error). */
export function fundFormValues(f: FundRow, approverIds: readonly string[], locale: string): Record<string, string> {
	const amount = (minor: number | null) => (minor === null ? '' : toInputString(minor, f.minorDigits, locale));
	return {
		name: f.name,
		purpose: f.purpose,
		currency: f.currency,
		approvalsRequired: String(f.approvalsRequired),
		approverMode: f.approverMode,
		approverIds: approverIds.join('\n'),
		maxPerRequest: amount(f.maxPerRequestMinor),
		maxPerHousehold: amount(f.maxPerHouseholdMinor),
		allowWaitlist: f.allowWaitlist ? 'on' : '',
		kThreshold: String(f.kThreshold),
		retentionDays: String(f.retentionDays),
		publicPage: f.publicPage ? 'on' : '',
		closed: f.status === 'closed' ? 'on' : ''
	};
}

/** A new fund's form: the defaults a small network would pick. */
export const NEW_FUND_VALUES: Readonly<Record<string, string>> = Object.freeze({
	currency: 'USD',
	approvalsRequired: '2',
	approverMode: 'stewards',
	kThreshold: '5',
	retentionDays: '30',
	publicPage: 'on'
});
