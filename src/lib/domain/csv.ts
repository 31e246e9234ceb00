/**
 * CSV in and out (RFC 4180), for importing and exporting fund movements and pantry stock.
 * Pure: callers hand over the uploaded bytes and get text, rows or a typed error code back.
 *
 * Real files come from spreadsheets more often than from programs, so reading is lenient where
 * spreadsheets differ (`;` and tab delimiters from European locales, CR/LF/CRLF line ends, a BOM,
 * Excel's UTF-16 "Unicode text") and strict where guessing would corrupt data (invalid UTF-8 is
 * refused rather than decoded with replacement characters that would end up in names and notes).
 *
 * Writing guards against spreadsheet formula injection (OWASP "CSV Injection"): a neighbour's
 * note that starts with `=` must not run as a formula on a coordinator's laptop.
 */

export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvRow {
	/** 1-based physical line where the record starts, for row-by-row error reports. */
	line: number;
	cells: string[];
}

export type DecodeResult = { ok: true; text: string } | { ok: false; code: 'bad_encoding' };

export type ParseResult =
	{ ok: true; header: string[]; rows: CsvRow[] } | { ok: false; code: 'csv_empty' | 'csv_unterminated_quote' | 'csv_too_many_rows'; line?: number };

export type HeaderIndexResult<F extends string> = { ok: true; index: Partial<Record<F, number>> } | { ok: false; missing: F[]; duplicate: F[] };

export const CSV_MAX_ROWS = 10_000;

/** Decodes uploaded CSV bytes: UTF-8 (BOM optional), or UTF-16 LE/BE when a BOM says so. */
export function decodeCsvBytes(bytes: Uint8Array): DecodeResult {
	let text: string;
	try {
		if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
			text = utf8(bytes.subarray(3));
		} else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
			text = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(2));
		} else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
			// Swapped into little-endian by hand: 'utf-16be' is missing from Node builds without full ICU.
			const body = bytes.subarray(2);
			if (body.length % 2 === 1) return { ok: false, code: 'bad_encoding' };
			const swapped = new Uint8Array(body.length);
			for (let i = 0; i < body.length; i += 2) {
				swapped[i] = body[i + 1] ?? 0;
				swapped[i + 1] = body[i] ?? 0;
			}
			text = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true }).decode(swapped);
		} else {
			text = utf8(bytes);
		}
	} catch {
		return { ok: false, code: 'bad_encoding' };
	}
	// UTF-16 without a BOM is valid UTF-8 full of NULs; no spreadsheet writes NUL into a cell.
	if (text.includes('\u0000')) return { ok: false, code: 'bad_encoding' };
	return { ok: true, text };
}

function utf8(bytes: Uint8Array): string {
	return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
}

/**
 * Guesses the delimiter from the header line: whichever of `,` `;` tab occurs most outside
 * quotes, `,` on a tie. Header names rarely contain delimiters, data cells often do (`1,5`).
 */
export function detectDelimiter(text: string): CsvDelimiter {
	const counts = { ',': 0, ';': 0, '\t': 0 };
	let quoted = false;
	let seenContent = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === '"') quoted = !quoted;
		else if (!quoted && (c === '\n' || c === '\r')) {
			if (seenContent) break;
		} else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c]++;
		if (c !== '\n' && c !== '\r' && c !== ' ') seenContent = true;
	}
	if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
	if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
	return ',';
}

/**
 * Parses CSV text into a trimmed header and data rows. Blank lines are skipped; a header-only or
 * empty file is `csv_empty` (nothing to import). Stops as soon as the row limit is passed.
 */
export function parseCsv(text: string, opts: { maxRows?: number; delimiter?: CsvDelimiter } = {}): ParseResult {
	const maxRows = opts.maxRows ?? CSV_MAX_ROWS;
	const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
	const delimiter = opts.delimiter ?? detectDelimiter(source);

	let header: string[] | null = null;
	const rows: CsvRow[] = [];

	let line = 1;
	let recordLine = 1;
	let cells: string[] = [];
	let cell = '';
	let cellQuoted = false;
	let inQuotes = false;
	let i = 0;
	const n = source.length;

	/** Returns false when the row limit is exceeded. */
	const endRecord = (): boolean => {
		cells.push(cell);
		const blank = cells.length === 1 && !cellQuoted && cell.trim() === '';
		if (!blank) {
			if (header === null) header = cells.map((h) => h.trim());
			else {
				rows.push({ line: recordLine, cells });
				if (rows.length > maxRows) return false;
			}
		}
		cells = [];
		cell = '';
		cellQuoted = false;
		return true;
	};

	while (i < n) {
		const c = source[i];
		if (inQuotes) {
			if (c === '"') {
				if (source[i + 1] === '"') {
					cell += '"';
					i += 2;
				} else {
					inQuotes = false;
					i++;
				}
			} else if (c === '\r' || c === '\n') {
				// Embedded line breaks become \n whatever the file used, so the same note typed on
				// Windows and on a Mac compares equal.
				cell += '\n';
				i += c === '\r' && source[i + 1] === '\n' ? 2 : 1;
				line++;
			} else {
				cell += c;
				i++;
			}
			continue;
		}
		if (c === '"' && cell === '' && !cellQuoted) {
			inQuotes = true;
			cellQuoted = true;
			i++;
		} else if (c === delimiter) {
			cells.push(cell);
			cell = '';
			cellQuoted = false;
			i++;
		} else if (c === '\r' || c === '\n') {
			i += c === '\r' && source[i + 1] === '\n' ? 2 : 1;
			if (!endRecord()) return { ok: false, code: 'csv_too_many_rows', line: recordLine };
			line++;
			recordLine = line;
		} else {
			// A stray quote inside an unquoted cell (`5" pipe`) is kept as text, as spreadsheets do.
			cell += c;
			i++;
		}
	}
	if (inQuotes) return { ok: false, code: 'csv_unterminated_quote', line: recordLine };
	if (cell !== '' || cellQuoted || cells.length > 0) {
		if (!endRecord()) return { ok: false, code: 'csv_too_many_rows', line: recordLine };
	}
	if (header === null || rows.length === 0) return { ok: false, code: 'csv_empty' };
	return { ok: true, header, rows };
}

/**
 * The form a header name is compared in: lower case, no accents, no bracketed notes such as
 * `(UTC)` or `[EUR]`, punctuation as single spaces. `Comisión (€)` and `comision` are the same column.
 */
export function normalizeHeader(name: string): string {
	return name
		.normalize('NFD')
		.replace(/\p{M}+/gu, '')
		.toLowerCase()
		.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

/**
 * Finds each field's column from accepted header names (`aliases`). Fails when a `required` field
 * has no column or any field matches two columns (which one to trust would be a guess).
 */
export function headerIndex<F extends string>(
	header: readonly string[],
	aliases: Readonly<Record<F, readonly string[]>>,
	required: readonly NoInfer<F>[]
): HeaderIndexResult<F> {
	const normalized = header.map(normalizeHeader);
	const index: Partial<Record<F, number>> = {};
	const missing: F[] = [];
	const duplicate: F[] = [];
	for (const field of fieldsOf(aliases)) {
		const accepted = new Set(aliases[field].map(normalizeHeader));
		const columns: number[] = [];
		normalized.forEach((name, column) => {
			if (name !== '' && accepted.has(name)) columns.push(column);
		});
		const [first] = columns;
		if (columns.length > 1) duplicate.push(field);
		else if (first !== undefined) index[field] = first;
		else if (required.includes(field)) missing.push(field);
	}
	if (missing.length > 0 || duplicate.length > 0) return { ok: false, missing, duplicate };
	return { ok: true, index };
}

function fieldsOf<F extends string>(aliases: Readonly<Record<F, readonly string[]>>): F[] {
	const fields: F[] = [];
	for (const key in aliases) fields.push(key);
	return fields;
}

/** Characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Writes rows as CSV with CRLF line ends (RFC 4180). Text that a spreadsheet would run as a formula
 * gets a leading `'`; numbers passed as numbers are written as they are, so `-12.5` stays a number.
 * Serve it with a UTF-8 BOM (`'\uFEFF' + csv`) or Excel will read accents as mojibake.
 */
export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
	return rows.map((row) => row.map(csvCell).join(',') + '\r\n').join('');
}

function csvCell(value: string | number | null): string {
	if (value === null) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	const text = FORMULA_START.test(value) ? `'${value}` : value;
	// `;` is quoted too so a European spreadsheet that splits on `;` still keeps the cell whole.
	if (/[",;\r\n]/.test(text) || text !== text.trim()) return `"${text.replace(/"/g, '""')}"`;
	return text;
}
