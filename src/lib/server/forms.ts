import { fail, type ActionFailure } from '@sveltejs/kit';
import type { z } from 'zod';
import { errorMessage } from '$lib/i18n/translate';
import { isErrorCode, ServiceError, type ErrorCode } from './errors';

export type ErrorCodes = Record<string, ErrorCode>;
/** Field name → message in the person's language; `_form` is for the form as a whole. */
export type FieldMessages = Record<string, string>;

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: ErrorCodes };

function codeFor(issue: z.core.$ZodIssue): ErrorCode {
	if (isErrorCode(issue.message)) return issue.message;
	switch (issue.code) {
		case 'invalid_type':
			return issue.input === undefined || issue.input === null ? 'required' : 'invalid';
		case 'too_small':
			return issue.minimum === 1 && issue.origin === 'string' ? 'required' : 'too_short';
		case 'too_big':
			return 'too_long';
		case 'invalid_value':
			return 'invalid_choice';
		case 'invalid_format':
			return issue.format === 'email' ? 'invalid_email' : 'invalid';
		default:
			return 'invalid';
	}
}

/** Validates input with a schema; on failure returns one error code per field (the first problem). */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.output<S>> {
	const result = schema.safeParse(input);
	if (result.success) return { ok: true, data: result.data };
	const errors: ErrorCodes = {};
	for (const issue of result.error.issues) {
		const field = issue.path.length > 0 ? String(issue.path[0]) : '_form';
		errors[field] ??= codeFor(issue);
	}
	return { ok: false, errors };
}

/** Plain object of a form's text fields, for the schema and for refilling the form. */
export function formObject(data: FormData): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const key of new Set(data.keys())) {
		const all = data.getAll(key).filter((v): v is string => typeof v === 'string');
		out[key] = all.length === 1 ? (all[0] ?? '') : all;
	}
	return out;
}

/** What to put back in the form after an error: everything typed except secrets. */
export function keepValues(input: Record<string, string | string[]>, secretFields: readonly string[] = []): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(input)) {
		if (secretFields.includes(k)) continue;
		out[k] = Array.isArray(v) ? v.join('\n') : v;
	}
	return out;
}

export function translateErrors(errors: ErrorCodes): FieldMessages {
	const out: FieldMessages = {};
	for (const [field, code] of Object.entries(errors)) out[field] = errorMessage(code);
	return out;
}

export interface FormFailure {
	errors: FieldMessages;
	values: Record<string, string>;
}

/** A 4xx answer to a form: messages per field in the person's language and the values they typed. */
export function failForm(status: number, errors: ErrorCodes, values: Record<string, string>): ActionFailure<FormFailure> {
	return fail(status, { errors: translateErrors(errors), values });
}

/** Turns a ServiceError into a form failure; anything else is rethrown (and logged by handleError). */
export function failFromService(error: unknown, values: Record<string, string>): ActionFailure<FormFailure> {
	if (error instanceof ServiceError) {
		return failForm(error.status, { [error.field ?? '_form']: error.code }, values);
	}
	throw error;
}
