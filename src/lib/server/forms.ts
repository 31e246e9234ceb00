import { error, fail, type ActionFailure } from '@sveltejs/kit';
import type { z } from 'zod';
import { FORBIDDEN_CONTROLS } from '$lib/domain/control-characters';
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

/** Whether a value (a string, or any string inside a list or object, keys included) holds a forbidden control character. */
export function hasForbiddenControls(value: unknown, depth = 0): boolean {
	if (typeof value === 'string') return FORBIDDEN_CONTROLS.test(value);
	if (depth > 20 || typeof value !== 'object' || value === null) return false;
	if (Array.isArray(value)) return value.some((v) => hasForbiddenControls(v, depth + 1));
	return Object.entries(value).some(([k, v]) => FORBIDDEN_CONTROLS.test(k) || hasForbiddenControls(v, depth + 1));
}

/**
 * Validates input with a schema; on failure returns one error code per field (the first problem).
 * Every form and API body passes here, so this is where control characters are refused, for
 * every field, before anything can reach a database.
 */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.output<S>> {
	const controls: ErrorCodes = {};
	if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
		for (const [k, v] of Object.entries(input)) {
			if (FORBIDDEN_CONTROLS.test(k)) controls._form = 'control_characters';
			else if (hasForbiddenControls(v)) controls[k] = 'control_characters';
		}
	} else if (hasForbiddenControls(input)) {
		controls._form = 'control_characters';
	}
	const result = schema.safeParse(input);
	if (result.success && Object.keys(controls).length === 0) return { ok: true, data: result.data };
	const errors: ErrorCodes = { ...controls };
	for (const issue of result.success ? [] : result.error.issues) {
		const field = issue.path.length > 0 ? String(issue.path[0]) : '_form';
		errors[field] ??= codeFor(issue);
	}
	return { ok: false, errors };
}

/**
 * A query parameter of a page's address, or null. One with a control character in it answers
 * 400 with a message (a page would otherwise search or filter with it, and PostgreSQL cannot
 * hold U+0000). Pages read their query through this; the API has apiQueryParam.
 */
export function queryParam(url: URL, name: string): string | null {
	const value = url.searchParams.get(name);
	if (value !== null && FORBIDDEN_CONTROLS.test(value)) error(400, errorMessage('control_characters'));
	return value;
}

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * The body of a form post. Anything but a form (text/plain, JSON) answers 415, a body that does
 * not parse as the form it claims to be (a broken multipart) 400, each with a message, instead of
 * the 500 that request.formData() would throw into.
 */
export async function readFormData(request: Request): Promise<FormData> {
	const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
	if (!FORM_TYPES.includes(type)) error(415, errorMessage('unreadable_form'));
	try {
		return await request.formData();
	} catch {
		error(400, errorMessage('unreadable_form'));
	}
}

/** A form post's text fields as a plain object (see readFormData and formObject). */
export async function readForm(request: Request): Promise<Record<string, string | string[]>> {
	return formObject(await readFormData(request));
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
		return fail(error.status, { errors: { [error.field ?? '_form']: errorMessage(error.code, error.params) }, values });
	}
	throw error;
}
