import { categoryLabel, translate } from '$lib/i18n/translate';
import { m } from '$lib/paraglide/messages';
import { baseLocale, isLocale, type Locale } from '$lib/paraglide/runtime';

/**
 * What each kind of notification says, as message keys `notify_<kind>_title` / `_body` rendered
 * when shown or sent, in the recipient's language. A notification stores only its kind and
 * these declared parameters: nothing else a caller passes is kept, and rendering reads nothing
 * else, so a detail that is not in the template can never reach an inbox or an email.
 * Parameters must never hold private details (addresses, phone numbers, notes): a network's name
 * is fine, a person's address is not.
 */

export type ParamValue = string | number;
type Render<P extends string> = (inputs: Record<P, ParamValue>, options: { locale: Locale }) => string;

interface Template<P extends string> {
	params: readonly P[];
	title: Render<P>;
	body: Render<P>;
}

function template<const P extends string>(params: readonly P[], title: Render<P>, body: Render<P>): Template<P> {
	return { params, title, body };
}

/**
 * The `category` parameter holds a built-in category code (rendered in the recipient's language)
 * or a network's own category label (shown as written).
 */
function withCategory<P extends string>(render: Render<P>): Render<P> {
	return (inputs, options) => render({ ...inputs, category: categoryLabel(String(Reflect.get(inputs, 'category') ?? ''), [], options.locale) }, options);
}

/** The `reason` parameter holds a decline reason code, rendered in the recipient's language. */
function withReason<P extends string>(render: Render<P>): Render<P> {
	return (inputs, options) => render({ ...inputs, reason: translate(`fund_reason_${String(Reflect.get(inputs, 'reason') ?? 'other')}`, {}, options) }, options);
}

const TEMPLATES = {
	// members/: an admin approved the person's request to join.
	membership_approved: template(['network'], m.notify_membership_approved_title, m.notify_membership_approved_body),
	// members/: to the admins of an approval network when someone asks to join.
	join_requested: template(['network'], m.notify_join_requested_title, m.notify_join_requested_body),
	// asks/: the best-placed volunteers when an ask opens (area and kind of help only, never who or where).
	ask_nearby: template(['category', 'area'], withCategory(m.notify_ask_nearby_title), withCategory(m.notify_ask_nearby_body)),
	// asks/: the person who asked (or recorded it) when a volunteer claims it.
	ask_claimed: template(['category', 'network'], withCategory(m.notify_ask_claimed_title), withCategory(m.notify_ask_claimed_body)),
	// asks/: the person who asked (or recorded it) when it is marked delivered.
	ask_delivered: template(['category', 'network'], withCategory(m.notify_ask_delivered_title), withCategory(m.notify_ask_delivered_body)),
	// asks/: a volunteer an ask was handed over or reassigned to.
	ask_assigned: template(['category', 'network'], withCategory(m.notify_ask_assigned_title), withCategory(m.notify_ask_assigned_body)),
	// asks/: the person who asked when their ask goes back to the board.
	ask_reopened: template(['category', 'network'], withCategory(m.notify_ask_reopened_title), withCategory(m.notify_ask_reopened_body)),
	// asks/: a volunteer whose claim expired without progress.
	claim_expired: template(['category', 'network'], withCategory(m.notify_claim_expired_title), withCategory(m.notify_claim_expired_body)),
	// asks/: stewards, when the public form brings an ask to review.
	intake_waiting: template(['network', 'category'], withCategory(m.notify_intake_waiting_title), withCategory(m.notify_intake_waiting_body)),
	// funds/: the fund's approvers when a request comes in or its requester answers a question.
	fund_request_waiting: template(['fund', 'network'], m.notify_fund_request_waiting_title, m.notify_fund_request_waiting_body),
	// funds/: the requester (or whoever recorded it) when an approver asks for more information.
	fund_request_info: template(['fund', 'network'], m.notify_fund_request_info_title, m.notify_fund_request_info_body),
	// funds/: the requester when enough approvers said yes and the money is set aside.
	fund_request_approved: template(['fund', 'network'], m.notify_fund_request_approved_title, m.notify_fund_request_approved_body),
	// funds/: the requester when the request is approved but waits for money.
	fund_request_waitlisted: template(['fund', 'network'], m.notify_fund_request_waitlisted_title, m.notify_fund_request_waitlisted_body),
	// funds/: the requester when the payment is recorded.
	fund_request_paid: template(['fund', 'network'], m.notify_fund_request_paid_title, m.notify_fund_request_paid_body),
	// funds/: the requester when declined; the reason is a code shown in their language (notes stay on the request page).
	fund_request_declined: template(
		['fund', 'network', 'reason'],
		withReason(m.notify_fund_request_declined_title),
		withReason(m.notify_fund_request_declined_body)
	)
};

export type NotificationKind = keyof typeof TEMPLATES;

export function isNotificationKind(kind: string): kind is NotificationKind {
	return Object.hasOwn(TEMPLATES, kind);
}

/** The parameters a kind declares, in order. */
export function templateParams(kind: NotificationKind): readonly string[] {
	return TEMPLATES[kind].params;
}

/** The recipient's saved language if Hearth has it, otherwise the base language. */
export function recipientLocale(saved: string | null | undefined): Locale {
	return isLocale(saved) ? saved : baseLocale;
}

function paramValue(source: unknown, name: string): ParamValue {
	const value: unknown = typeof source === 'object' && source !== null ? Reflect.get(source, name) : undefined;
	return typeof value === 'string' || typeof value === 'number' ? value : '';
}

/**
 * Keeps only the declared parameters of `kind` (missing ones become empty text), so whatever
 * else is in `source` is dropped before it is stored or shown.
 */
export function pickParams(kind: NotificationKind, source: unknown): Record<string, ParamValue> {
	return Object.fromEntries(TEMPLATES[kind].params.map((name) => [name, paramValue(source, name)]));
}

/**
 * Title and body of a notification in `locale`. A kind no longer known (a row from an older
 * version) gets a neutral text rather than its raw key.
 */
export function renderNotification(kind: string, params: unknown, locale: Locale): { title: string; body: string } {
	if (!isNotificationKind(kind)) {
		return { title: m.notify_fallback_title({}, { locale }), body: m.notify_fallback_body({}, { locale }) };
	}
	// Every template takes its declared names, so the narrower Template<'network'> reads as one over strings.
	const t: Template<string> = TEMPLATES[kind];
	const inputs = pickParams(kind, params);
	return { title: t.title(inputs, { locale }), body: t.body(inputs, { locale }) };
}

/** The lines an email adds around the notification: a link when the public address is known, and why it came. */
export function renderEmailExtras(url: string | null, locale: Locale): { open: string | null; footer: string } {
	return {
		open: url === null ? null : m.notify_email_open({ url }, { locale }),
		footer: m.notify_email_footer({}, { locale })
	};
}
