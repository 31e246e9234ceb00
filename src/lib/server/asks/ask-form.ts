import { fail, type ActionFailure } from '@sveltejs/kit';
import { failFromService, translateErrors, type ErrorCodes, type FormFailure } from '../forms';
import { SensitiveTextError } from './asks.service';

export interface AskFormFailure extends FormFailure {
	/** Kinds of sensitive text found; the form shows a warning and a box to send it as written. */
	sensitive: string[] | null;
}

/**
 * A failed ask submission: field messages and everything typed, plus the sensitive-text kinds
 * when that was the reason (422), so the page can warn and offer to send it as written.
 */
export function failAsk(error: unknown, values: Record<string, string>): ActionFailure<AskFormFailure> {
	if (error instanceof SensitiveTextError) {
		return fail(422, { errors: translateErrors({ confirmSensitive: 'sensitive_unconfirmed' }), values, sensitive: [...error.kinds] });
	}
	const f = failFromService(error, values);
	return fail(f.status, { ...f.data, sensitive: null });
}

/** A schema failure of an ask form (400), in the same shape as failAsk. */
export function failAskFields(errors: ErrorCodes, values: Record<string, string>): ActionFailure<AskFormFailure> {
	return fail(400, { errors: translateErrors(errors), values, sensitive: null });
}
