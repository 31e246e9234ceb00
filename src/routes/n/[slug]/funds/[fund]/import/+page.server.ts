import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { errorMessage } from '$lib/i18n/translate';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { importSchema, PAYMENT_METHODS } from '$lib/server/funds/funds.schema';
import { ImportFileError, importDonations, IMPORT_MAX_ROWS, type ImportReport } from '$lib/server/funds/funds.service';
import { failForm, failFromService, parseWith, readForm, readFormData } from '$lib/server/forms';
import { decodeCsvBytes } from '$lib/domain/csv';
import { IMPORT_COLUMNS, type ImportField } from '$lib/domain/donation-import';
import { fundFromParams, fundHeader } from '../../fund-route';

/** Rows shown in a preview: every row with a problem, and the first rows that are fine. */
const SHOWN_OK_ROWS = 50;

const fieldName = (f: string): string =>
	({
		date: m.import_field_date(),
		amount: m.import_field_amount(),
		fee: m.import_field_fee(),
		reference: m.import_field_reference(),
		donor: m.import_field_donor()
	})[f] ?? f;

function view(report: ImportReport) {
	let ok = 0;
	const rows = report.rows
		.filter((r) => r.status === 'error' || ok++ < SHOWN_OK_ROWS)
		.map((r) => ({
			line: r.line,
			status: r.status,
			receivedOn: r.receivedOn,
			amountMinor: r.amountMinor,
			feeMinor: r.feeMinor,
			reference: r.reference,
			problems: r.problems.map((p) => `${fieldName(p.field)}: ${errorMessage(p.code)}`),
			repeatOf: r.repeatOf
		}));
	return { rows, counts: report.counts, committed: report.committed, newMinor: report.newMinor, hidden: report.rows.length - rows.length };
}

function fileFailure(e: ImportFileError, method: string) {
	const d = e.detail;
	const columns = (list: ImportField[] | undefined) => (list ?? []).map((f) => `${fieldName(f)} (${IMPORT_COLUMNS[f].slice(0, 3).join(', ')}…)`).join('; ');
	let message = errorMessage(e.code);
	if (d.line !== undefined) message = `${message} ${m.import_at_line({ line: d.line })}`;
	if (d.missing && d.missing.length > 0) message = `${message} ${m.import_missing({ columns: columns(d.missing) })}`;
	if (d.duplicate && d.duplicate.length > 0) message = `${message} ${m.import_duplicate_columns({ columns: columns(d.duplicate) })}`;
	return fail(400, { errors: { file: message }, values: { method } });
}

export const load: PageServerLoad = async (event) => {
	const r = await fundFromParams(event, 'fund.record');
	return { ...fundHeader(r), methods: [...PAYMENT_METHODS], maxRows: IMPORT_MAX_ROWS, columns: IMPORT_COLUMNS };
};

export const actions: Actions = {
	/** Reads the uploaded file and reports, row by row, what an import would do. Writes nothing. */
	preview: async (event) => {
		const r = await fundFromParams(event, 'fund.record');
		const actor = r.actor;
		const data = await readFormData(event.request);
		const method = String(data.get('method') ?? '');
		const file = data.get('file');
		if (!(file instanceof File) || file.size === 0) return failForm(400, { file: 'required' }, { method });
		const parsed = parseWith(importSchema, { method, csv: 'file', commit: '' });
		if (!parsed.ok) return failForm(400, parsed.errors, { method });
		const bytes = new Uint8Array(await file.arrayBuffer());
		try {
			const report = await importDonations(r.ctx, actor, r.access, r.fc, { file: bytes, method: parsed.data.method, commit: false }, getLocale());
			// The decoded text goes back in the page so "Import" sends exactly what was previewed.
			const decoded = decodeCsvBytes(bytes);
			const text = decoded.ok ? decoded.text : '';
			return { preview: view(report), csv: report.counts.errors === 0 ? text : null, values: { method } };
		} catch (e) {
			if (e instanceof ImportFileError) return fileFailure(e, method);
			return failFromService(e, { method });
		}
	},

	/** Imports what was previewed, all or nothing. */
	commit: async (event) => {
		const r = await fundFromParams(event, 'fund.record');
		const actor = r.actor;
		const input = await readForm(event.request);
		const parsed = parseWith(importSchema, { ...input, commit: 'on' });
		const method = typeof input.method === 'string' ? input.method : '';
		if (!parsed.ok) return failForm(400, parsed.errors, { method });
		try {
			const report = await importDonations(r.ctx, actor, r.access, r.fc, { file: parsed.data.csv, method: parsed.data.method, commit: true }, getLocale());
			if (!report.committed) return fail(400, { errors: { file: errorMessage('csv_row_errors') }, preview: view(report), values: { method } });
			return { done: view(report), values: { method } };
		} catch (e) {
			if (e instanceof ImportFileError) return fileFailure(e, method);
			return failFromService(e, { method });
		}
	}
};
