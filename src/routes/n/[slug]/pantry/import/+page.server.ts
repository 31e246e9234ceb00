import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { decodeCsvBytes } from '$lib/domain/csv';
import { ITEM_COLUMNS, STOCK_COLUMNS } from '$lib/domain/pantry-import';
import { errorMessage, translate } from '$lib/i18n/translate';
import { m } from '$lib/paraglide/messages';
import { failForm, failFromService, parseWith, readForm, readFormData } from '$lib/server/forms';
import { listLocations } from '$lib/server/pantry/catalogue.service';
import { importItems, importStock, PANTRY_IMPORT_MAX_ROWS, PantryImportFileError, type PantryImportReport } from '$lib/server/pantry/import.service';
import { pantryImportSchema } from '$lib/server/pantry/pantry.schema';
import { pantryFromParams, pantryHeader, type PantryRoute } from '../pantry-route';

/** Rows shown in a preview: every row with a problem, and the first rows that are fine. */
const SHOWN_OK_ROWS = 50;

const fieldName = (f: string): string =>
	f.startsWith('name_') ? `${m.prep_field_name()} (${translate(`language_name_${f.slice(5)}`)})` : translate(`prep_field_${f}`);

function view(report: PantryImportReport) {
	let ok = 0;
	const rows = report.rows
		.filter((r) => r.status === 'error' || ok++ < SHOWN_OK_ROWS)
		.map((r) => ({ line: r.line, label: r.label, status: r.status, problems: r.problems.map((p) => `${fieldName(p.field)}: ${errorMessage(p.code)}`) }));
	return { rows, counts: report.counts, committed: report.committed, hidden: report.rows.length - rows.length };
}

function fileFailure(e: PantryImportFileError, values: Record<string, string>) {
	const d = e.detail;
	const columns = (list: string[] | undefined) => (list ?? []).map(fieldName).join(', ');
	let message = errorMessage(e.code);
	if (d.line !== undefined) message = `${message} ${m.prep_at_line({ line: d.line })}`;
	if (d.missing && d.missing.length > 0) message = `${message} ${m.prep_missing({ columns: columns(d.missing) })}`;
	if (d.duplicate && d.duplicate.length > 0) message = `${message} ${m.prep_duplicate({ columns: columns(d.duplicate) })}`;
	return fail(400, { errors: { file: message }, values });
}

async function run(r: PantryRoute, input: { kind: 'items' | 'stock'; file: Uint8Array | string; locationId: string | null; commit: boolean }) {
	return input.kind === 'items'
		? importItems(r.ctx, r.actor, r.access, { file: input.file, commit: input.commit })
		: importStock(r.ctx, r.actor, r.access, { file: input.file, locationId: input.locationId, commit: input.commit });
}

export const load: PageServerLoad = async (event) => {
	const r = await pantryFromParams(event, 'pantry.manage');
	const places = await listLocations(r.ctx, r.actor, r.access);
	return {
		...pantryHeader(r),
		maxRows: PANTRY_IMPORT_MAX_ROWS,
		places: places.map((p) => ({ id: p.id, name: p.name })),
		itemColumns: Object.entries(ITEM_COLUMNS).map(([field, names]) => ({ field, names: [...names].slice(0, 4) })),
		stockColumns: Object.entries(STOCK_COLUMNS).map(([field, names]) => ({ field, names: [...names].slice(0, 4) }))
	};
};

export const actions: Actions = {
	/** Reads the uploaded file and reports, row by row, what an import would do. Writes nothing. */
	preview: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		const data = await readFormData(event.request);
		const values = { kind: String(data.get('kind') ?? ''), locationId: String(data.get('locationId') ?? '') };
		const file = data.get('file');
		if (!(file instanceof File) || file.size === 0) return failForm(400, { file: 'required' }, values);
		const parsed = parseWith(pantryImportSchema, { ...values, csv: 'file', commit: '' });
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		const bytes = new Uint8Array(await file.arrayBuffer());
		try {
			const report = await run(r, { kind: parsed.data.kind, file: bytes, locationId: parsed.data.locationId, commit: false });
			// The decoded text goes back in the page so "Import" sends exactly what was previewed.
			const decoded = decodeCsvBytes(bytes);
			return { preview: view(report), csv: report.counts.errors === 0 && decoded.ok ? decoded.text : null, values };
		} catch (e) {
			if (e instanceof PantryImportFileError) return fileFailure(e, values);
			return failFromService(e, values);
		}
	},

	/** Imports what was previewed, all or nothing. */
	commit: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		const input = await readForm(event.request);
		const values = { kind: typeof input.kind === 'string' ? input.kind : '', locationId: typeof input.locationId === 'string' ? input.locationId : '' };
		const parsed = parseWith(pantryImportSchema, { ...input, commit: 'on' });
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			const report = await run(r, { kind: parsed.data.kind, file: parsed.data.csv, locationId: parsed.data.locationId, commit: true });
			if (!report.committed) return fail(400, { errors: { file: errorMessage('csv_row_errors') }, preview: view(report), values });
			return { done: view(report), values };
		} catch (e) {
			if (e instanceof PantryImportFileError) return fileFailure(e, values);
			return failFromService(e, values);
		}
	}
};
