/**
 * Reading a payment provider's CSV export of donations into rows to record, pure and row by
 * row, so a preview can show every problem before anything is written. Providers name their
 * columns differently (Stripe "Created (UTC)", "Amount", "Fee", "id"; PayPal "Date", "Name",
 * "Gross", "Fee", "Transaction ID"; Spanish exports "Fecha", "Importe", "Comisión"), so each
 * field accepts several header names. The provider's reference is required: it is what makes
 * importing the same file twice record each donation once.
 */
import { headerIndex, type CsvRow } from './csv';
import { parseAmount, type AmountProblem } from './money';

export const IMPORT_COLUMNS = {
	date: ['date', 'created', 'created utc', 'created date', 'date utc', 'transaction date', 'completed date', 'fecha', 'fecha de pago'],
	amount: ['amount', 'gross', 'gross amount', 'donation amount', 'total', 'monto', 'importe', 'cantidad'],
	fee: ['fee', 'fees', 'fee amount', 'processing fee', 'comision', 'tarifa'],
	reference: ['id', 'transaction id', 'reference', 'reference id', 'charge id', 'payment id', 'receipt id', 'referencia', 'id de transaccion'],
	donor: ['name', 'donor', 'donor name', 'from', 'customer name', 'customer', 'full name', 'nombre', 'donante']
} as const satisfies Record<string, readonly string[]>;
export type ImportField = keyof typeof IMPORT_COLUMNS;
export const REQUIRED_IMPORT_FIELDS: readonly ImportField[] = ['date', 'amount', 'reference'];

export type RowProblem =
	| { field: 'date'; code: 'required' | 'invalid' | 'date_in_future' }
	| { field: 'amount' | 'fee'; code: AmountProblem | 'fee_too_large' }
	| { field: 'reference'; code: 'required' | 'too_long' | 'duplicate_reference' }
	| { field: 'donor'; code: 'too_long' };

export interface DonationRowIn {
	line: number;
	receivedOn: string | null;
	amountMinor: number | null;
	feeMinor: number;
	reference: string;
	donorName: string | null;
	problems: RowProblem[];
	/** The same reference appeared earlier in this file with the same amount: counted once. */
	repeatOf: number | null;
}

/**
 * A date as providers write it: ISO (with or without a time), or day and month with slashes,
 * read month-first in English and day-first in Spanish unless one part is over 12.
 */
export function parseProviderDate(text: string, locale: string): string | null {
	const t = text.trim();
	let y: number;
	let mo: number;
	let d: number;
	const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$/.exec(t);
	const slash = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ ,T].*)?$/.exec(t);
	if (iso) {
		y = Number(iso[1]);
		mo = Number(iso[2]);
		d = Number(iso[3]);
	} else if (slash) {
		const a = Number(slash[1]);
		const b = Number(slash[2]);
		y = Number(slash[3]);
		const dayFirst = a > 12 ? true : b > 12 ? false : locale.startsWith('es');
		d = dayFirst ? a : b;
		mo = dayFirst ? b : a;
	} else {
		return null;
	}
	const date = new Date(Date.UTC(y, mo - 1, d));
	if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
	return date.toISOString().slice(0, 10);
}

/** Amount cells may carry a currency code or sign ("25.00 USD", "-1.03"): fees are kept as positive. */
function amountText(cell: string): { text: string; negative: boolean } {
	const t = cell
		.trim()
		.replace(/\s*[A-Za-z]{3}$/, '')
		.replace(/^[A-Za-z]{3}\s*/, '');
	const negative = /^[-−(]/.test(t);
	return { text: t.replace(/^[-−(]/, '').replace(/\)$/, ''), negative };
}

export type ReadResult = { ok: true; rows: DonationRowIn[] } | { ok: false; missing: ImportField[]; duplicate: ImportField[] };

/** Reads every data row, collecting each row's problems; `today` (YYYY-MM-DD) bounds dates. */
export function readDonationRows(header: readonly string[], rows: readonly CsvRow[], digits: number, locale: string, today: string): ReadResult {
	const found = headerIndex(header, IMPORT_COLUMNS, REQUIRED_IMPORT_FIELDS);
	if (!found.ok) return { ok: false, missing: found.missing, duplicate: found.duplicate };
	const col = found.index;
	const cell = (r: CsvRow, f: ImportField) => {
		const i = col[f];
		return i === undefined ? '' : (r.cells[i] ?? '').trim();
	};
	const seen = new Map<string, { line: number; amount: number | null }>();
	const out: DonationRowIn[] = [];
	for (const r of rows) {
		const problems: RowProblem[] = [];
		const dateCell = cell(r, 'date');
		const receivedOn = dateCell === '' ? null : parseProviderDate(dateCell, locale);
		if (dateCell === '') problems.push({ field: 'date', code: 'required' });
		else if (receivedOn === null) problems.push({ field: 'date', code: 'invalid' });
		else if (receivedOn > today) problems.push({ field: 'date', code: 'date_in_future' });

		let amountMinor: number | null = null;
		const a = amountText(cell(r, 'amount'));
		const parsed = parseAmount(a.text, digits, locale);
		if (a.negative && a.text !== '') problems.push({ field: 'amount', code: 'amount_not_positive' });
		else if (!parsed.ok) problems.push({ field: 'amount', code: parsed.code });
		else amountMinor = parsed.minor;

		let feeMinor = 0;
		const feeCell = amountText(cell(r, 'fee'));
		if (feeCell.text !== '' && !/^0+([.,]0+)?$/.test(feeCell.text)) {
			const fee = parseAmount(feeCell.text, digits, locale);
			if (!fee.ok) problems.push({ field: 'fee', code: fee.code });
			else if (amountMinor !== null && fee.minor >= amountMinor) problems.push({ field: 'fee', code: 'fee_too_large' });
			else feeMinor = fee.minor;
		}

		const reference = cell(r, 'reference');
		if (reference === '') problems.push({ field: 'reference', code: 'required' });
		else if (reference.length > 120) problems.push({ field: 'reference', code: 'too_long' });
		const donor = cell(r, 'donor');
		if (donor.length > 120) problems.push({ field: 'donor', code: 'too_long' });

		let repeatOf: number | null = null;
		const earlier = reference === '' ? undefined : seen.get(reference);
		if (earlier !== undefined) {
			// The same row twice (a re-export overlapping the last one) counts once; the same
			// reference with a different amount is a real conflict to look at.
			if (earlier.amount === amountMinor) repeatOf = earlier.line;
			else problems.push({ field: 'reference', code: 'duplicate_reference' });
		} else if (reference !== '') {
			seen.set(reference, { line: r.line, amount: amountMinor });
		}
		out.push({ line: r.line, receivedOn, amountMinor, feeMinor, reference, donorName: donor === '' ? null : donor, problems, repeatOf });
	}
	return { ok: true, rows: out };
}
