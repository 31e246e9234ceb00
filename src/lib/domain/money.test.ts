import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT_MAJOR, checkMinor, formatMoney, isCurrencyCode, maxMinor, minorDigits, parseAmount, toDecimalString, toInputString } from './money';

const ok = (minor: number) => ({ ok: true, minor });
const refused = (code: string) => ({ ok: false, code });

describe('parseAmount', () => {
	it('reads the decimal mark of each language', () => {
		expect(parseAmount('12.50', 2, 'en')).toEqual(ok(1250));
		expect(parseAmount('12,50', 2, 'es')).toEqual(ok(1250));
		expect(parseAmount('12.3', 2, 'en')).toEqual(ok(1230));
	});

	it('reads a single mark followed by one or two digits as the decimal mark in either language', () => {
		expect(parseAmount('12,50', 2, 'en')).toEqual(ok(1250));
		expect(parseAmount('12.50', 2, 'es')).toEqual(ok(1250));
		expect(parseAmount('12,5', 2, 'en')).toEqual(ok(1250));
	});

	it('reads thousands grouped with the other mark', () => {
		expect(parseAmount('1,234.50', 2, 'en')).toEqual(ok(123_450));
		expect(parseAmount('1.234,50', 2, 'es')).toEqual(ok(123_450));
		expect(parseAmount('1,234,567.89', 2, 'en')).toEqual(ok(123_456_789));
		expect(parseAmount('1.234.567,89', 2, 'es')).toEqual(ok(123_456_789));
		expect(parseAmount('1 234,50', 2, 'es')).toEqual(ok(123_450));
	});

	it('reads "1.234" as a decimal in English (too precise for cents) and as thousands in Spanish', () => {
		expect(parseAmount('1.234', 2, 'en')).toEqual(refused('amount_too_precise'));
		expect(parseAmount('1.234', 2, 'es')).toEqual(ok(123_400));
		expect(parseAmount('1,234', 2, 'en')).toEqual(ok(123_400));
		expect(parseAmount('1,234', 2, 'es')).toEqual(refused('amount_too_precise'));
	});

	it('ignores a leading currency symbol and spaces', () => {
		expect(parseAmount('$20', 2, 'en')).toEqual(ok(2000));
		expect(parseAmount(' $ 20 ', 2, 'en')).toEqual(ok(2000));
		expect(parseAmount('€20', 2, 'es')).toEqual(ok(2000));
	});

	it('ignores a currency symbol written after the amount, as Spanish writes it', () => {
		expect(parseAmount('20 €', 2, 'es')).toEqual(ok(2000));
		expect(parseAmount('20€', 2, 'es')).toEqual(ok(2000));
		expect(parseAmount('1234,50 $', 2, 'es')).toEqual(ok(123_450));
		// What formatMoney shows in Spanish, copied back into a form.
		expect(parseAmount(formatMoney(123_450, 'USD', 2, 'es'), 2, 'es')).toEqual(ok(123_450));
	});

	it('refuses zero, negative, empty and non-numeric text with its own code', () => {
		expect(parseAmount('0', 2, 'en')).toEqual(refused('amount_not_positive'));
		expect(parseAmount('0.00', 2, 'en')).toEqual(refused('amount_not_positive'));
		expect(parseAmount('-5', 2, 'en')).toEqual(refused('amount_not_positive'));
		expect(parseAmount('abc', 2, 'en')).toEqual(refused('amount_invalid'));
		expect(parseAmount('12a', 2, 'en')).toEqual(refused('amount_invalid'));
		expect(parseAmount('', 2, 'en')).toEqual(refused('required'));
		expect(parseAmount('   ', 2, 'en')).toEqual(refused('required'));
	});

	it('refuses marks that group wrongly', () => {
		expect(parseAmount('1,2,3', 2, 'en')).toEqual(refused('amount_invalid'));
		expect(parseAmount('12.50.00', 2, 'en')).toEqual(refused('amount_invalid'));
		expect(parseAmount('1,23,456.00', 2, 'en')).toEqual(refused('amount_invalid'));
		expect(parseAmount(',234', 2, 'en')).toEqual(refused('amount_invalid'));
		expect(parseAmount('.', 2, 'en')).toEqual(refused('amount_invalid'));
	});

	it('never rounds: more precision than the currency has is refused, trailing zeros are not', () => {
		expect(parseAmount('12.345', 2, 'en')).toEqual(refused('amount_too_precise'));
		expect(parseAmount('0.001', 2, 'en')).toEqual(refused('amount_too_precise'));
		expect(parseAmount('12.500', 2, 'en')).toEqual(ok(1250));
		expect(parseAmount('00012.00', 2, 'en')).toEqual(ok(1200));
	});

	it('reads currencies without a minor unit', () => {
		expect(parseAmount('1000', 0, 'en')).toEqual(ok(1000));
		expect(parseAmount('1,000', 0, 'en')).toEqual(ok(1000));
		expect(parseAmount('10.5', 0, 'en')).toEqual(refused('amount_too_precise'));
		expect(parseAmount('10.00', 0, 'en')).toEqual(ok(10));
	});

	it('reads currencies with three minor digits', () => {
		expect(parseAmount('1.234', 3, 'en')).toEqual(ok(1234));
		expect(parseAmount('1.2345', 3, 'en')).toEqual(refused('amount_too_precise'));
	});

	it('refuses amounts above the largest single amount, however many digits they have', () => {
		expect(parseAmount(String(MAX_AMOUNT_MAJOR), 2, 'en')).toEqual(ok(MAX_AMOUNT_MAJOR * 100));
		expect(parseAmount('10000000.01', 2, 'en')).toEqual(refused('amount_too_large'));
		expect(parseAmount('10000001', 2, 'en')).toEqual(refused('amount_too_large'));
		expect(parseAmount('99999999999', 2, 'en')).toEqual(refused('amount_too_large'));
		expect(parseAmount('9'.repeat(40), 2, 'en')).toEqual(refused('amount_too_large'));
		expect(parseAmount('9'.repeat(40), 0, 'en')).toEqual(refused('amount_too_large'));
	});
});

describe('checkMinor', () => {
	it('accepts whole positive amounts up to the largest single amount', () => {
		expect(checkMinor(1, 2)).toEqual(ok(1));
		expect(checkMinor(maxMinor(2), 2)).toEqual(ok(1_000_000_000));
		expect(checkMinor(maxMinor(0), 0)).toEqual(ok(MAX_AMOUNT_MAJOR));
	});

	it('refuses fractions, zero, negatives, non-numbers and too much', () => {
		expect(checkMinor(1.5, 2)).toEqual(refused('amount_invalid'));
		expect(checkMinor(Number.NaN, 2)).toEqual(refused('amount_invalid'));
		expect(checkMinor(Number.MAX_SAFE_INTEGER + 1, 2)).toEqual(refused('amount_invalid'));
		expect(checkMinor(0, 2)).toEqual(refused('amount_not_positive'));
		expect(checkMinor(-100, 2)).toEqual(refused('amount_not_positive'));
		expect(checkMinor(maxMinor(2) + 1, 2)).toEqual(refused('amount_too_large'));
		expect(checkMinor(maxMinor(0) + 1, 0)).toEqual(refused('amount_too_large'));
	});
});

describe('formatMoney', () => {
	it('writes amounts the way each language does', () => {
		expect(formatMoney(123_450, 'USD', 2, 'en')).toBe('$1,234.50');
		expect(formatMoney(123_450, 'USD', 2, 'es')).toMatch(/^1234,50\s?US\$$/);
		expect(formatMoney(5, 'USD', 2, 'en')).toBe('$0.05');
		expect(formatMoney(1000, 'JPY', 0, 'en')).toBe('¥1,000');
	});

	it('writes zero without a sign, even a negative zero (what a new fund owes is -(0))', () => {
		expect(formatMoney(-0, 'USD', 2, 'en')).toBe('$0.00');
		expect(formatMoney(-0, 'USD', 2, 'es')).toMatch(/^0,00\s?US\$$/);
		expect(formatMoney(-300, 'USD', 2, 'en')).toBe('-$3.00');
	});
});

describe('toDecimalString and toInputString', () => {
	it('writes an exact plain decimal for any whole amount', () => {
		expect(toDecimalString(123_450, 2)).toBe('1234.50');
		expect(toDecimalString(5, 2)).toBe('0.05');
		expect(toDecimalString(0, 2)).toBe('0.00');
		expect(toDecimalString(-300, 2)).toBe('-3.00');
		expect(toDecimalString(-5, 2)).toBe('-0.05');
		expect(toDecimalString(1, 3)).toBe('0.001');
	});

	it('writes no decimal point for currencies without a minor unit', () => {
		expect(toDecimalString(1000, 0)).toBe('1000');
		expect(toDecimalString(0, 0)).toBe('0');
		expect(toDecimalString(-7, 0)).toBe('-7');
	});

	it('refills a form in the person’s language, and reads back what it wrote', () => {
		expect(toInputString(123_450, 2, 'es')).toBe('1234,50');
		expect(toInputString(123_450, 2, 'en')).toBe('1234.50');
		for (const locale of ['en', 'es']) {
			for (const minor of [1, 99, 1250, 123_450, maxMinor(2)]) expect(parseAmount(toInputString(minor, 2, locale), 2, locale)).toEqual(ok(minor));
		}
	});
});

describe('currencies', () => {
	it('knows the precision of each currency', () => {
		expect(minorDigits('USD')).toBe(2);
		expect(minorDigits('EUR')).toBe(2);
		expect(minorDigits('JPY')).toBe(0);
		expect(minorDigits('KWD')).toBe(3);
	});

	it('recognises ISO 4217 codes the runtime can format', () => {
		expect(isCurrencyCode('USD')).toBe(true);
		expect(isCurrencyCode('MXN')).toBe(true);
		expect(isCurrencyCode('XYZ')).toBe(false);
		expect(isCurrencyCode('usd')).toBe(false);
		expect(isCurrencyCode('')).toBe(false);
	});
});
