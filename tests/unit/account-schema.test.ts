import { describe, expect, it } from 'vitest';
import { signUpSchema } from '../../src/lib/server/accounts/accounts.schema';
import { parseWith } from '../../src/lib/server/forms';

const base = { displayName: 'Rosa', username: 'rosa-m', email: '', passphrase: '', passphraseConfirm: '' };

describe('sign-up schema', () => {
	it('names a weak passphrase and a mismatched confirmation in the same answer', () => {
		const r = parseWith(signUpSchema, { ...base, passphrase: 'password123', passphraseConfirm: 'password1234' });
		expect(r).toEqual({ ok: false, errors: { passphrase: 'passphrase_too_common', passphraseConfirm: 'passphrase_mismatch' } });
	});
	it('refuses a passphrase that is just the sign-in name', () => {
		const r = parseWith(signUpSchema, { ...base, passphrase: 'rosa-m2026', passphraseConfirm: 'rosa-m2026' });
		expect(r).toEqual({ ok: false, errors: { passphrase: 'passphrase_contains_name' } });
	});
	it('accepts a good one, lower-cases the sign-in name and treats an empty email as none', () => {
		const r = parseWith(signUpSchema, { ...base, username: ' Rosa-M ', passphrase: 'blue kettle on tuesdays', passphraseConfirm: 'blue kettle on tuesdays' });
		expect(r).toEqual({
			ok: true,
			data: { displayName: 'Rosa', username: 'rosa-m', email: null, passphrase: 'blue kettle on tuesdays', passphraseConfirm: 'blue kettle on tuesdays' }
		});
	});
	it('reports a missing field as required', () => {
		const r = parseWith(signUpSchema, { passphrase: 'x' });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors.displayName).toBe('required');
	});
});
