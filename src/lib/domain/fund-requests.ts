/**
 * The life of a request for money, as pure rules. Decisions are shared: a request needs the
 * fund's number of approvals from different eligible people, and neither the person it is for
 * nor the person who recorded it may approve it. Services apply these inside a transaction
 * that first locks the request (and, for money, the fund), so the database decides races.
 *
 *   pending ⇄ info_requested ──approvals reach N──▶ approved ──pay──▶ paid
 *        │                      └─(no money yet, waiting list on)──▶ waitlisted ──money arrives──▶ approved
 *        └──decline──▶ declined            cancel: before payment, by the requester or a steward
 */
export const REQUEST_STATUSES = ['pending', 'info_requested', 'waitlisted', 'approved', 'paid', 'declined', 'cancelled'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Requests in these are finished: their private part waits for the retention purge. */
export const FINISHED_REQUEST_STATUSES: readonly RequestStatus[] = ['paid', 'declined', 'cancelled'];
/** Still being decided: approvals, declines and questions are possible. */
export const UNDECIDED_STATUSES: readonly RequestStatus[] = ['pending', 'info_requested'];
/** Granted to the household: counted against its limit (set aside, waiting for money, or paid). */
export const GRANTED_STATUSES: readonly RequestStatus[] = ['approved', 'waitlisted', 'paid'];

export const DECLINE_REASONS = ['over_limit', 'not_eligible', 'no_funds', 'duplicate', 'missing_information', 'other'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export const DECISION_KINDS = ['comment', 'ask_info', 'approve', 'decline', 'cancel', 'waitlist', 'fund', 'pay'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/** The steps a person can take on a request (the rest are the system's). */
export const REQUEST_ACTIONS = ['comment', 'ask_info', 'approve', 'decline', 'cancel', 'pay'] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

/** Days over which the per-household limit counts. */
export const HOUSEHOLD_WINDOW_DAYS = 90;

/** How a person stands to one request. */
export interface RequestRoles {
	/** The request is for this person (their own request). */
	isRequester: boolean;
	/** This person recorded it for a neighbour. */
	isRecorder: boolean;
	/** Eligible to approve for this fund (stewards, or the fund's named approvers). */
	isApprover: boolean;
	/** Steward or admin of the network. */
	isSteward: boolean;
	/** Already approved this request. */
	hasApproved: boolean;
}

/** Which statuses each action may start from. */
export const ACTION_FROM: Readonly<Record<RequestAction, readonly RequestStatus[]>> = {
	comment: ['pending', 'info_requested', 'waitlisted', 'approved'],
	ask_info: ['pending'],
	approve: ['pending', 'info_requested'],
	decline: ['pending', 'info_requested', 'waitlisted'],
	cancel: ['pending', 'info_requested', 'waitlisted', 'approved'],
	pay: ['approved']
};

/** Whether this person may take this action on a request in this status. */
export function mayAct(action: RequestAction, status: RequestStatus, r: RequestRoles): boolean {
	if (!ACTION_FROM[action].includes(status)) return false;
	const decider = r.isApprover && !r.isRequester && !r.isRecorder;
	switch (action) {
		case 'comment':
			return r.isRequester || r.isRecorder || r.isApprover;
		case 'ask_info':
		case 'decline':
			return decider;
		case 'approve':
			return decider && !r.hasApproved;
		case 'pay':
			// Paying is also a check on the decision: not by the person the money is for.
			return r.isApprover && !r.isRequester;
		case 'cancel':
			// The person it is for may withdraw it before money is set aside; stewards until it is paid.
			return (r.isRequester || r.isRecorder) && status !== 'approved' ? true : r.isSteward;
	}
}

export function allowedActions(status: RequestStatus, r: RequestRoles): RequestAction[] {
	return REQUEST_ACTIONS.filter((a) => mayAct(a, status, r));
}

/**
 * The amount a request is approved for once enough people have approved: the smallest amount
 * any of them approved (a partial approval binds), or null while approvals are too few.
 */
export function approvedAmount(approvals: readonly { amountMinor: number }[], required: number): number | null {
	if (approvals.length < required || approvals.length === 0) return null;
	return Math.min(...approvals.map((a) => a.amountMinor));
}

/** How much more a household may receive within the window, or null when the fund sets no limit. */
export function householdRoom(capMinor: number | null, usedMinor: number): number | null {
	return capMinor === null ? null : Math.max(0, capMinor - usedMinor);
}

/** Who a request's private parts may be shown to: the person it is for, and the fund's approvers. */
export function mayReadPrivate(r: RequestRoles): boolean {
	return r.isRequester || r.isApprover;
}
