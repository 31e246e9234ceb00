import { z } from 'zod';
import { DECLINE_REASONS, REQUEST_ACTIONS } from '$lib/domain/fund-requests';
import { FUND_PURPOSES } from '$lib/domain/ledger';
import { isCurrencyCode } from '$lib/domain/money';
import { dateField, flag, listOf, optionalText } from '../fields';

export const PAYMENT_METHODS = ['cash', 'check', 'bank_transfer', 'card_processor', 'payment_app', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/**
 * An amount as sent: text typed in a form (read in the person's language and the fund's
 * currency by the service, which knows both) or an integer of minor units from the API.
 */
export type AmountIn = { text: string } | { minor: number };

const amountIn = z
	.union([z.number(), z.string()])
	.optional()
	.nullable()
	.transform((v): AmountIn | null =>
		v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? null : typeof v === 'number' ? { minor: v } : { text: v }
	);
const requiredAmount = amountIn.refine((v) => v !== null, 'required');

/** A whole number in a range; empty or absent takes the default. */
function wholeNumberOr(min: number, max: number, fallback: number) {
	return z.preprocess(
		(v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? fallback : v),
		z.coerce.number('invalid').int('invalid').min(min, 'invalid').max(max, 'too_long')
	);
}

/** A fund's name, purpose, currency and rules, as an admin sets them. */
export const fundSchema = z.object({
	name: z.string().trim().min(1, 'required').max(80, 'too_long'),
	purpose: z
		.string()
		.trim()
		.max(500, 'too_long')
		.optional()
		.transform((v) => v ?? ''),
	currency: z
		.string()
		.trim()
		.toUpperCase()
		.optional()
		.transform((v) => (v === undefined || v === '' ? 'USD' : v))
		.refine((v) => /^[A-Z]{3}$/.test(v) && isCurrencyCode(v), 'currency_unknown'),
	// Money decisions need more than one person (docs/PRODUCT.md): never fewer than two.
	approvalsRequired: wholeNumberOr(2, 7, 2),
	approverMode: z
		.enum(['stewards', 'named'], 'invalid_choice')
		.optional()
		.transform((v) => v ?? 'stewards'),
	approverIds: listOf(z.string().max(64), 50),
	maxPerRequest: amountIn,
	maxPerHousehold: amountIn,
	allowWaitlist: flag,
	// k below 3 would let a figure describe one or two households.
	kThreshold: wholeNumberOr(3, 50, 5),
	retentionDays: wholeNumberOr(1, 3650, 30),
	publicPage: flag,
	closed: flag
});
export type FundInput = z.infer<typeof fundSchema>;

/** Money given to a fund, as recorded by a steward. */
export const donationSchema = z.object({
	amount: requiredAmount,
	fee: amountIn,
	receivedOn: dateField.refine((v) => v !== null, 'required'),
	method: z.enum(PAYMENT_METHODS, 'invalid_choice'),
	donorName: optionalText(120),
	recurring: flag,
	reference: optionalText(120)
});
export type DonationInput = z.infer<typeof donationSchema>;

/** Undo a donation recorded by mistake. */
export const reverseSchema = z.object({
	donationId: z.string().trim().min(1, 'required').max(64, 'invalid'),
	confirm: flag.refine((v) => v, 'confirm_required')
});

/** A request for money, for oneself or recorded for a neighbour. */
export const fundRequestSchema = z.object({
	purpose: z.enum(FUND_PURPOSES, 'invalid_choice'),
	amount: requiredAmount,
	dueOn: dateField,
	note: optionalText(1000),
	payeeName: optionalText(120),
	payeeReference: optionalText(120),
	/** For a neighbour without an account: what identifies the household for the per-household limit (kept only as a keyed hash). */
	household: optionalText(120),
	askId: optionalText(64),
	confirmSensitive: flag
});
export type FundRequestInput = z.infer<typeof fundRequestSchema>;

/** A step on a request: comment, ask for information, approve (maybe less), decline, cancel, pay. */
export const decisionSchema = z.object({
	action: z.enum(REQUEST_ACTIONS, 'invalid_choice'),
	amount: amountIn,
	reason: z
		.union([z.enum(DECLINE_REASONS, 'invalid_choice'), z.literal('')])
		.optional()
		.nullable()
		.transform((v) => (v === undefined || v === null || v === '' ? null : v)),
	note: optionalText(1000),
	method: z
		.union([z.enum(PAYMENT_METHODS, 'invalid_choice'), z.literal('')])
		.optional()
		.nullable()
		.transform((v) => (v === undefined || v === null || v === '' ? null : v)),
	reference: optionalText(120),
	paidOn: dateField,
	confirmSensitive: flag
});
export type DecisionInput = z.infer<typeof decisionSchema>;

/** Moving money from one fund of the network to another. */
export const transferSchema = z.object({
	toFund: z.string().trim().min(1, 'required').max(64, 'invalid_choice'),
	amount: requiredAmount,
	note: optionalText(200)
});
export type TransferInput = z.infer<typeof transferSchema>;

/** A payment provider's CSV export of donations. */
export const importSchema = z.object({
	method: z.enum(PAYMENT_METHODS, 'invalid_choice'),
	csv: z.string().min(1, 'required').max(2_000_000, 'too_long'),
	commit: flag
});
