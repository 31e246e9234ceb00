import { describe, expect, it } from 'vitest';
import {
	ACTION_FROM,
	REQUEST_ACTIONS,
	REQUEST_STATUSES,
	allowedActions,
	approvedAmount,
	householdRoom,
	mayAct,
	mayReadPrivate,
	type RequestRoles,
	type RequestStatus
} from './fund-requests';

/** Nobody in particular: every role false; tests switch on the ones they are about. */
function roles(over: Partial<RequestRoles> = {}): RequestRoles {
	return { isRequester: false, isRecorder: false, isApprover: false, isSteward: false, hasApproved: false, ...over };
}

const approver = roles({ isApprover: true, isSteward: true });
const requester = roles({ isRequester: true });
const stewardRequester = roles({ isRequester: true, isApprover: true, isSteward: true });
const recorder = roles({ isRecorder: true, isApprover: true, isSteward: true });
const bystander = roles();
const namedApprover = roles({ isApprover: true });
const stewardNotApprover = roles({ isSteward: true });

describe('mayAct', () => {
	it('never allows an action from a status it cannot start from', () => {
		for (const action of REQUEST_ACTIONS) {
			for (const status of REQUEST_STATUSES) {
				if (ACTION_FROM[action].includes(status)) continue;
				for (const r of [approver, requester, recorder, stewardRequester])
					expect({ action, status, allowed: mayAct(action, status, r) }).toEqual({ action, status, allowed: false });
			}
		}
	});

	it('lets nothing happen to a finished request', () => {
		for (const status of ['paid', 'declined', 'cancelled'] as const) {
			expect(allowedActions(status, approver)).toEqual([]);
			expect(allowedActions(status, stewardRequester)).toEqual([]);
		}
	});

	it('lets an approver decide a request of someone else', () => {
		expect(mayAct('approve', 'pending', approver)).toBe(true);
		expect(mayAct('approve', 'info_requested', approver)).toBe(true);
		expect(mayAct('decline', 'pending', approver)).toBe(true);
		expect(mayAct('decline', 'waitlisted', approver)).toBe(true);
		expect(mayAct('ask_info', 'pending', approver)).toBe(true);
		expect(mayAct('approve', 'pending', namedApprover)).toBe(true);
	});

	it('never lets the person it is for, or who recorded it, approve, decline or ask for information', () => {
		for (const r of [stewardRequester, recorder, requester]) {
			for (const action of ['approve', 'decline', 'ask_info'] as const) {
				for (const status of ['pending', 'info_requested', 'waitlisted'] as const) expect(mayAct(action, status, r)).toBe(false);
			}
		}
	});

	it('lets each approver approve once', () => {
		expect(mayAct('approve', 'pending', { ...approver, hasApproved: true })).toBe(false);
		// Having approved does not stop other steps.
		expect(mayAct('decline', 'pending', { ...approver, hasApproved: true })).toBe(true);
		expect(mayAct('comment', 'pending', { ...approver, hasApproved: true })).toBe(true);
	});

	it('refuses decisions to people who are not approvers', () => {
		for (const r of [bystander, stewardNotApprover]) {
			expect(mayAct('approve', 'pending', r)).toBe(false);
			expect(mayAct('decline', 'pending', r)).toBe(false);
			expect(mayAct('ask_info', 'pending', r)).toBe(false);
			expect(mayAct('pay', 'approved', r)).toBe(false);
			expect(mayAct('comment', 'pending', r)).toBe(false);
		}
	});

	it('lets an approver pay an approved request, but never the person it is for', () => {
		expect(mayAct('pay', 'approved', approver)).toBe(true);
		expect(mayAct('pay', 'approved', stewardRequester)).toBe(false);
		expect(mayAct('pay', 'pending', approver)).toBe(false);
		expect(mayAct('pay', 'waitlisted', approver)).toBe(false);
		// Recording a neighbour's request is not receiving the money: the recorder may pay it out.
		expect(mayAct('pay', 'approved', recorder)).toBe(true);
	});

	it('lets the person it is for withdraw it until money is set aside', () => {
		for (const status of ['pending', 'info_requested', 'waitlisted'] as const) expect(mayAct('cancel', status, requester)).toBe(true);
		expect(mayAct('cancel', 'approved', requester)).toBe(false);
		expect(mayAct('cancel', 'paid', requester)).toBe(false);
	});

	it('lets a steward cancel until it is paid, and a bystander never', () => {
		for (const status of ['pending', 'info_requested', 'waitlisted', 'approved'] as const) {
			expect(mayAct('cancel', status, stewardNotApprover)).toBe(true);
			expect(mayAct('cancel', status, bystander)).toBe(false);
			expect(mayAct('cancel', status, namedApprover)).toBe(false);
		}
		expect(mayAct('cancel', 'paid', stewardNotApprover)).toBe(false);
		// A steward who asked for the money may still cancel it once approved, as a steward.
		expect(mayAct('cancel', 'approved', stewardRequester)).toBe(true);
	});

	it('lets the people involved and the approvers comment while the request is open', () => {
		const open: RequestStatus[] = ['pending', 'info_requested', 'waitlisted', 'approved'];
		for (const status of open) {
			expect(mayAct('comment', status, requester)).toBe(true);
			expect(mayAct('comment', status, recorder)).toBe(true);
			expect(mayAct('comment', status, approver)).toBe(true);
		}
		expect(mayAct('comment', 'paid', requester)).toBe(false);
	});

	it('lists what each person may do next', () => {
		expect(allowedActions('pending', approver)).toEqual(['comment', 'ask_info', 'approve', 'decline', 'cancel']);
		expect(allowedActions('pending', requester)).toEqual(['comment', 'cancel']);
		expect(allowedActions('approved', approver)).toEqual(['comment', 'cancel', 'pay']);
		expect(allowedActions('approved', requester)).toEqual(['comment']);
		expect(allowedActions('pending', bystander)).toEqual([]);
	});
});

describe('approvedAmount', () => {
	it('is null while approvals are fewer than required', () => {
		expect(approvedAmount([], 2)).toBeNull();
		expect(approvedAmount([{ amountMinor: 50_000 }], 2)).toBeNull();
		expect(approvedAmount([{ amountMinor: 50_000 }, { amountMinor: 50_000 }], 3)).toBeNull();
	});

	it('is null with no approvals even if the rule required none', () => {
		expect(approvedAmount([], 0)).toBeNull();
	});

	it('is the amount when everyone approved it in full', () => {
		expect(approvedAmount([{ amountMinor: 50_000 }, { amountMinor: 50_000 }], 2)).toBe(50_000);
	});

	it('binds the smallest partial approval', () => {
		expect(approvedAmount([{ amountMinor: 50_000 }, { amountMinor: 30_000 }, { amountMinor: 45_000 }], 3)).toBe(30_000);
		expect(approvedAmount([{ amountMinor: 30_000 }, { amountMinor: 50_000 }], 2)).toBe(30_000);
	});
});

describe('householdRoom', () => {
	it('is null when the fund sets no limit', () => {
		expect(householdRoom(null, 0)).toBeNull();
		expect(householdRoom(null, 1_000_000)).toBeNull();
	});

	it('is what is left of the limit, never below zero', () => {
		expect(householdRoom(100_000, 0)).toBe(100_000);
		expect(householdRoom(100_000, 40_000)).toBe(60_000);
		expect(householdRoom(100_000, 100_000)).toBe(0);
		expect(householdRoom(100_000, 130_000)).toBe(0);
	});
});

describe('mayReadPrivate', () => {
	it('shows private parts to the person it is for and to approvers only', () => {
		expect(mayReadPrivate(requester)).toBe(true);
		expect(mayReadPrivate(approver)).toBe(true);
		expect(mayReadPrivate(namedApprover)).toBe(true);
		expect(mayReadPrivate(stewardNotApprover)).toBe(false);
		expect(mayReadPrivate(bystander)).toBe(false);
		expect(mayReadPrivate(roles({ isRecorder: true }))).toBe(false);
	});
});
