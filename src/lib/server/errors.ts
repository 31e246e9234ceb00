import type { MessageParams } from '$lib/i18n/translate';

/**
 * Every expected failure has a code. Services throw ServiceError(code, field); routes and the
 * API turn the code into the message `error_<code>` in the person's language. A unit test checks
 * that each code has that message in every locale.
 */
export const ERROR_CODES = [
	// generic field problems (from schemas)
	'required',
	'too_long',
	'too_short',
	'invalid',
	'invalid_choice',
	'invalid_email',
	'control_characters',
	'unreadable_form',
	'token_required',
	'amount_minor_units',
	// accounts
	'username_format',
	'username_taken',
	'passphrase_too_short',
	'passphrase_too_long',
	'passphrase_too_common',
	'passphrase_contains_name',
	'passphrase_mismatch',
	'wrong_credentials',
	'wrong_passphrase',
	'wrong_recovery_code',
	'rate_limited',
	'busy',
	'last_admin',
	'confirm_required',
	// instance
	'wrong_setup_code',
	'setup_done',
	// networks and members
	'slug_format',
	'slug_taken',
	'slug_reserved',
	'areas_duplicate',
	'areas_too_many',
	'languages_required',
	'not_found',
	'network_not_found',
	'already_member',
	'not_member',
	'invite_invalid',
	'forbidden',
	'signed_out',
	'cross_origin',
	'token_name_taken',
	'too_many_tokens',
	// asks, offers and claims
	'already_claimed',
	'ask_status_changed',
	'follow_code_format',
	'follow_code_unknown',
	'follow_lookup_busy',
	'own_ask',
	'note_required',
	'target_required',
	'target_not_member',
	'contact_required',
	'sensitive_unconfirmed',
	'date_in_past',
	'intake_closed',
	'private_not_visible',
	'intake_busy',
	'too_many_offers',
	// funds
	'amount_invalid',
	'amount_not_positive',
	'amount_too_precise',
	'amount_too_large',
	'currency_unknown',
	'currency_locked',
	'fund_name_taken',
	'approvers_too_few',
	'approver_not_member',
	'fund_closed',
	'fee_too_large',
	'date_in_future',
	'duplicate_reference',
	'already_reversed',
	'over_request_limit',
	'over_household_limit',
	'insufficient_funds',
	'already_approved',
	'own_request',
	'request_status_changed',
	'household_required',
	'reason_required',
	'over_requested',
	'ask_not_linkable',
	'same_fund',
	'currency_mismatch',
	'csv_bad_encoding',
	'csv_empty',
	'csv_unterminated_quote',
	'csv_too_many_rows',
	'csv_columns',
	'csv_row_errors',
	'csv_nothing_new',
	// pantries, closets and distributions
	'quantity_invalid',
	'item_unknown',
	'location_unknown',
	'kit_unknown',
	'same_location',
	'bag_place_short',
	'insufficient_stock',
	'item_name_taken',
	'barcode_taken',
	'location_name_taken',
	'kit_name_taken',
	'drive_name_taken',
	'kit_empty',
	'kit_item_repeated',
	'hours_invalid',
	'end_before_start',
	'already_corrected',
	'nothing_to_undo',
	'tally_closed',
	'archived',
	'slot_full',
	'bookings_closed',
	'bookings_busy',
	'bookings_busy_here',
	'occurrence_skipped',
	'catalogue_adopted'
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class ServiceError extends Error {
	constructor(
		public readonly code: ErrorCode,
		/** The form field the problem belongs to; undefined for the form as a whole. */
		public readonly field?: string,
		public readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 429 | 503 = 400,
		/** Facts the message names ("{left} left"), formatted in the reader's language when it is shown. */
		public readonly params: MessageParams = {}
	) {
		super(field ? `${code} (${field})` : code);
		this.name = 'ServiceError';
	}
}

export function isErrorCode(value: string): value is ErrorCode {
	return ERROR_CODES.some((c) => c === value);
}
