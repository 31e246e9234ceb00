import { decodeCsvBytes, parseCsv } from '$lib/domain/csv';
import { nameKey } from '$lib/domain/pantry-catalogue';
import { readItemRows, readStockRows, type ItemField, type ItemRowIn, type StockField, type StockRowIn } from '$lib/domain/pantry-import';
import type { Ctx } from '../context';
import { newId } from '../db/conventions';
import { isUniqueViolation } from '../db/index';
import { ServiceError, type ErrorCode } from '../errors';
import type { NetworkAccess } from '../networks/networks.service';
import { requireAllowed, type Actor } from '../policy/policy';
import * as catalogue from './catalogue.repository';
import { userOf } from './catalogue.service';
import { countIn } from './stock.service';
import * as stock from './stock.repository';

/** Rows one import may hold: a pantry's whole list, not a warehouse's. */
export const PANTRY_IMPORT_MAX_ROWS = 5000;

export interface RowReport {
	line: number;
	/** What the row names, for the report: the item and, for stock, the place and quantity. */
	label: string;
	status: 'new' | 'existing' | 'repeat' | 'error';
	problems: { field: string; code: ErrorCode }[];
}

export interface PantryImportReport {
	rows: RowReport[];
	counts: { new: number; existing: number; repeats: number; errors: number };
	/** Whether this call wrote anything (only when asked to and no row has a problem). */
	committed: boolean;
}

/** A file that cannot be read at all: why, and which columns are missing or doubled. */
export class PantryImportFileError extends ServiceError {
	constructor(
		code: 'csv_bad_encoding' | 'csv_empty' | 'csv_unterminated_quote' | 'csv_too_many_rows' | 'csv_columns',
		public readonly detail: { line?: number; missing?: (ItemField | StockField)[]; duplicate?: (ItemField | StockField)[] } = {}
	) {
		super(code, 'csv', 400);
	}
}

function readFile(file: Uint8Array | string) {
	let text: string;
	if (typeof file === 'string') text = file;
	else {
		const decoded = decodeCsvBytes(file);
		if (!decoded.ok) throw new PantryImportFileError('csv_bad_encoding');
		text = decoded.text;
	}
	const parsed = parseCsv(text, { maxRows: PANTRY_IMPORT_MAX_ROWS });
	if (!parsed.ok) throw new PantryImportFileError(parsed.code, parsed.line === undefined ? {} : { line: parsed.line });
	if (parsed.rows.length === 0) throw new PantryImportFileError('csv_empty');
	return parsed;
}

function summarize(rows: RowReport[], committed: boolean): PantryImportReport {
	const n = (s: RowReport['status']) => rows.filter((r) => r.status === s).length;
	return { rows, counts: { new: n('new'), existing: n('existing'), repeats: n('repeat'), errors: n('error') }, committed };
}

/**
 * Imports an item list from a spreadsheet, all or nothing. Without `commit` it reports what would
 * happen row by row; with it, nothing is written if any row has a problem, otherwise every new item
 * is added in one transaction. Items the network already has (same name and size) are left as they are.
 */
export async function importItems(
	ctx: Ctx,
	actor: Actor,
	access: NetworkAccess,
	input: { file: Uint8Array | string; commit: boolean }
): Promise<PantryImportReport> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	const networkId = access.network.id;
	const parsed = readFile(input.file);
	const read = readItemRows(parsed.header, parsed.rows, access.network.languages);
	if (!read.ok) throw new PantryImportFileError('csv_columns', { missing: read.missing, duplicate: read.duplicate });

	const run = async (db: Parameters<typeof catalogue.itemKeys>[0]) => {
		const have = await catalogue.itemKeys(db, networkId);
		const seenBarcodes = new Map<string, number>();
		const report: { row: ItemRowIn; r: RowReport }[] = read.rows.map((row) => {
			const label = row.size === null ? row.name : `${row.name} · ${row.size}`;
			const problems: RowReport['problems'] = row.problems.map((p) => ({ field: p.field, code: p.code }));
			if (row.barcode !== null) {
				const other = have.barcodes.get(row.barcode);
				const earlier = seenBarcodes.get(row.barcode);
				const sameItem = have.names.get(`${nameKey(row.name)}|${row.size === null ? '' : nameKey(row.size)}`);
				if ((other !== undefined && other !== sameItem) || (earlier !== undefined && row.repeatOf === null))
					problems.push({ field: 'barcode', code: 'barcode_taken' });
				seenBarcodes.set(row.barcode, row.line);
			}
			if (problems.length > 0) return { row, r: { line: row.line, label, status: 'error', problems } };
			if (row.repeatOf !== null) return { row, r: { line: row.line, label, status: 'repeat', problems } };
			const exists = have.names.has(`${nameKey(row.name)}|${row.size === null ? '' : nameKey(row.size)}`);
			return { row, r: { line: row.line, label, status: exists ? 'existing' : 'new', problems } };
		});
		return report;
	};

	if (!input.commit)
		return summarize(
			(await run(ctx.db)).map((x) => x.r),
			false
		);
	try {
		return await ctx.db.transaction().execute(async (trx) => {
			const report = await run(trx);
			const rows = report.map((x) => x.r);
			if (rows.some((r) => r.status === 'error')) return summarize(rows, false);
			const now = ctx.now();
			const fresh = report
				.filter((x) => x.r.status === 'new')
				.map(({ row }) => ({
					id: newId(now),
					item: {
						name: row.name,
						nameKey: nameKey(row.name),
						names: row.names,
						category: row.category ?? 'other',
						unit: row.unit ?? 'piece',
						size: row.size,
						sizeKey: row.size === null ? '' : nameKey(row.size),
						barcode: row.barcode,
						minLevel: row.minLevel,
						starterCode: null
					}
				}));
			await catalogue.insertItems(trx, networkId, fresh, now);
			return summarize(rows, true);
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError('item_name_taken', 'csv', 409);
		throw e;
	}
}

/**
 * Imports opening stock (a stock-take from a spreadsheet), all or nothing: each row names an item
 * (by name and size, or barcode), a place (or the place chosen on the form) and the number on the
 * shelf. Committed, each place's changed rows become one stock-take; a shelf that already holds
 * the number is left as it is, so importing the same file twice changes nothing the second time.
 */
export async function importStock(
	ctx: Ctx,
	actor: Actor,
	access: NetworkAccess,
	input: { file: Uint8Array | string; locationId: string | null; commit: boolean }
): Promise<PantryImportReport> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	const userId = userOf(actor);
	const networkId = access.network.id;
	const parsed = readFile(input.file);
	const read = readStockRows(parsed.header, parsed.rows, { defaultLocation: input.locationId !== null });
	if (!read.ok) throw new PantryImportFileError('csv_columns', { missing: read.missing, duplicate: read.duplicate });
	const fallback = input.locationId === null ? undefined : await catalogue.findLocation(ctx.db, networkId, input.locationId);
	if (input.locationId !== null && (!fallback || fallback.archived)) throw new ServiceError('location_unknown', 'locationId');

	const run = async (db: Parameters<typeof catalogue.itemKeys>[0]) => {
		const have = await catalogue.itemKeys(db, networkId);
		const places = new Map((await catalogue.listLocations(db, networkId, { includeArchived: false })).map((l) => [nameKey(l.name), l.id]));
		const shelves = new Set<string>();
		const out = read.rows.map((row: StockRowIn) => {
			const problems: RowReport['problems'] = row.problems.map((p) => ({ field: p.field, code: p.code }));
			const itemId =
				row.barcode !== null
					? have.barcodes.get(row.barcode)
					: row.item !== null
						? have.names.get(`${nameKey(row.item)}|${row.size === null ? '' : nameKey(row.size)}`)
						: undefined;
			if (itemId === undefined && problems.every((p) => p.field !== 'item' && p.field !== 'barcode'))
				problems.push({ field: row.barcode !== null ? 'barcode' : 'item', code: 'item_unknown' });
			// An archived item takes no new stock: that row is the problem, not the whole file.
			if (itemId !== undefined && have.archived.has(itemId)) problems.push({ field: row.barcode !== null ? 'barcode' : 'item', code: 'archived' });
			const placeId = row.location === null ? fallback?.id : places.get(nameKey(row.location));
			if (placeId === undefined && problems.every((p) => p.field !== 'location')) problems.push({ field: 'location', code: 'location_unknown' });
			const label = `${row.item ?? row.barcode ?? ''}${row.size === null ? '' : ` · ${row.size}`} @ ${row.location ?? fallback?.name ?? ''}: ${row.quantity ?? ''}`;
			// The same shelf may be written two ways (by name and by barcode; the form's place left empty
			// and then named): a repeat is the same item at the same place once both are found.
			const shelf = itemId === undefined || placeId === undefined ? null : `${itemId}|${placeId}`;
			const repeat = row.repeatOf !== null || (shelf !== null && shelves.has(shelf));
			if (shelf !== null) shelves.add(shelf);
			const status: RowReport['status'] = problems.length > 0 ? 'error' : repeat ? 'repeat' : 'new';
			// A row repeating an earlier one for the same item and place would count the shelf twice: a person should look.
			const r: RowReport = {
				line: row.line,
				label,
				status: status === 'repeat' ? 'error' : status,
				problems: status === 'repeat' ? [{ field: 'item', code: 'invalid' }] : problems
			};
			return { r, itemId, placeId, quantity: row.quantity };
		});
		// A shelf that already holds the number counted is left as it is: importing a file twice changes nothing.
		const byPlace = new Map<string, string[]>();
		for (const x of out)
			if (x.r.status === 'new' && x.placeId !== undefined && x.itemId !== undefined) byPlace.set(x.placeId, [...(byPlace.get(x.placeId) ?? []), x.itemId]);
		const held = new Map<string, Map<string, number>>();
		for (const [placeId, itemIds] of byPlace) held.set(placeId, await stock.levelsAt(db, placeId, itemIds));
		return out.map((x) =>
			x.r.status === 'new' && x.placeId !== undefined && x.itemId !== undefined && (held.get(x.placeId)?.get(x.itemId) ?? 0) === x.quantity
				? { ...x, r: { ...x.r, status: 'existing' as const } }
				: x
		);
	};

	if (!input.commit)
		return summarize(
			(await run(ctx.db)).map((x) => x.r),
			false
		);
	return ctx.db.transaction().execute(async (trx) => {
		const report = await run(trx);
		const rows = report.map((x) => x.r);
		if (rows.some((r) => r.status === 'error')) return summarize(rows, false);
		const byPlace = new Map<string, { itemId: string; counted: number }[]>();
		for (const x of report) {
			if (x.r.status !== 'new' || x.itemId === undefined || x.placeId === undefined || x.quantity === null) continue;
			byPlace.set(x.placeId, [...(byPlace.get(x.placeId) ?? []), { itemId: x.itemId, counted: x.quantity }]);
		}
		for (const [placeId, counts] of byPlace) await countIn(ctx, trx, networkId, userId, placeId, counts, 'import');
		return summarize(rows, true);
	});
}
