/**
 * Money as integers in the currency's minor unit (cents for USD, none for JPY, thousandths for
 * KWD). Floating-point never touches an amount: text is parsed digit by digit into minor units,
 * and shown with Intl.NumberFormat. ISO 4217 codes and their precision come from the runtime's
 * Intl data, so a fund in any currency the runtime knows works the same way.
 */

/** Largest single amount accepted (in major units): anything bigger is a typing mistake. */
export const MAX_AMOUNT_MAJOR = 10_000_000;

export type AmountProblem = 'required' | 'amount_invalid' | 'amount_not_positive' | 'amount_too_precise' | 'amount_too_large';
export type AmountResult = { ok: true; minor: number } | { ok: false; code: AmountProblem };

let currencies: ReadonlySet<string> | null = null;

/** Whether the code is an ISO 4217 currency this runtime can format. */
export function isCurrencyCode(code: string): boolean {
	currencies ??= new Set(Intl.supportedValuesOf('currency'));
	return currencies.has(code);
}

/** Digits after the decimal point in the currency's minor unit (2 for USD, 0 for JPY). */
export function minorDigits(currency: string): number {
	return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function maxMinor(digits: number): number {
	return MAX_AMOUNT_MAJOR * 10 ** digits;
}

/**
 * Reads an amount typed by a person. The locale's decimal mark is `.` in English and `,` in
 * Spanish, and the other mark may group thousands. A single mark followed by one or two digits
 * is always read as the decimal mark ("12,50" is twelve and a half in either language), because
 * nobody groups thousands that way. Never reads more precision than the currency has: "12.345"
 * dollars is refused, not rounded.
 */
export function parseAmount(text: string, digits: number, locale: string): AmountResult {
	const raw = text.replace(/[\s\u00a0]/g, '').replace(/^(US)?[$€£¥]|(US)?[$€£¥]$/g, '');
	if (raw === '') return { ok: false, code: 'required' };
	if (raw.startsWith('-')) return { ok: false, code: 'amount_not_positive' };
	if (!/^[0-9.,]+$/.test(raw) || !/[0-9]/.test(raw)) return { ok: false, code: 'amount_invalid' };
	const decimalMark = locale.startsWith('es') ? ',' : '.';
	const groupMark = decimalMark === '.' ? ',' : '.';
	const marks = raw.replace(/[0-9]/g, '');
	let whole: string;
	let fraction = '';
	if (marks.length === 0) {
		whole = raw;
	} else if (marks.length === 1) {
		const [left = '', right = ''] = raw.split(marks);
		const mark = marks;
		if (mark === decimalMark || right.length !== 3) {
			whole = left;
			fraction = right;
		} else {
			whole = left + right;
		}
		if (left === '' && mark === groupMark && right.length === 3) return { ok: false, code: 'amount_invalid' };
	} else {
		// Several marks: the last one decides which is the decimal mark; all others must group by three.
		const last = marks[marks.length - 1] ?? '';
		const lastAt = raw.lastIndexOf(last);
		const head = raw.slice(0, lastAt);
		const tail = raw.slice(lastAt + 1);
		const headMarks = head.replace(/[0-9]/g, '');
		const grouping = headMarks[0] ?? '';
		const everyGroupSame = [...headMarks].every((c) => c === grouping);
		if (grouping === last && everyGroupSame) {
			// "1,234,567": every mark groups.
			if (!/^[0-9]{1,3}([.,][0-9]{3})+$/.test(raw)) return { ok: false, code: 'amount_invalid' };
			whole = raw.replace(/[.,]/g, '');
		} else {
			if (!everyGroupSame || !new RegExp(`^[0-9]{1,3}(\\${grouping}[0-9]{3})*$`).test(head)) return { ok: false, code: 'amount_invalid' };
			whole = head.replace(/[.,]/g, '');
			fraction = tail;
		}
	}
	if (whole === '' && fraction === '') return { ok: false, code: 'amount_invalid' };
	if (!/^[0-9]*$/.test(whole) || !/^[0-9]*$/.test(fraction)) return { ok: false, code: 'amount_invalid' };
	const significant = fraction.replace(/0+$/, '');
	if (significant.length > digits) return { ok: false, code: 'amount_too_precise' };
	const wholeDigits = whole.replace(/^0+/, '');
	if (wholeDigits.length > String(MAX_AMOUNT_MAJOR).length) return { ok: false, code: 'amount_too_large' };
	const minor = Number(wholeDigits || '0') * 10 ** digits + Number(significant.padEnd(digits, '0') || '0');
	return checkMinor(minor, digits);
}

/** Checks an amount already in minor units (the API takes integers). */
export function checkMinor(minor: number, digits: number): AmountResult {
	if (!Number.isSafeInteger(minor)) return { ok: false, code: 'amount_invalid' };
	if (minor <= 0) return { ok: false, code: 'amount_not_positive' };
	if (minor > maxMinor(digits)) return { ok: false, code: 'amount_too_large' };
	return { ok: true, minor };
}

/** An amount for people: "$1,234.50" in English, "1234,50 US$" in Spanish. */
export function formatMoney(minor: number, currency: string, digits: number, locale: string): string {
	// A negative zero (what a fund owes when it owes nothing is -(0)) must not print as "-$0.00".
	const value = minor === 0 ? 0 : minor / 10 ** digits;
	return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** A plain decimal for files and form fields ("1234.50", "-3.00"), exact for any integer amount. */
export function toDecimalString(minor: number, digits: number): string {
	const sign = minor < 0 ? '-' : '';
	const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
	return digits === 0 ? sign + abs : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** The same decimal written the way the person's language writes it, for refilling a form. */
export function toInputString(minor: number, digits: number, locale: string): string {
	const plain = toDecimalString(minor, digits);
	return locale.startsWith('es') ? plain.replace('.', ',') : plain;
}
