import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptField, encryptField, FieldDecryptionError } from './field-crypto';
import { secretsFromMaster } from './secret';

const secrets = secretsFromMaster(randomBytes(32));

describe('field encryption (AES-256-GCM)', () => {
	it('round-trips and never stores the plaintext', () => {
		const sealed = encryptField(secrets, 'asks.address', '12 Elm Street, back door');
		expect(sealed).not.toContain('Elm');
		expect(sealed.startsWith(`v1.${secrets.fieldKeyId}.`)).toBe(true);
		expect(decryptField(secrets, 'asks.address', sealed)).toBe('12 Elm Street, back door');
	});
	it('uses a fresh IV each time', () => {
		expect(encryptField(secrets, 'c', 'same')).not.toBe(encryptField(secrets, 'c', 'same'));
	});
	it('refuses a value moved to another column', () => {
		const sealed = encryptField(secrets, 'users.email', 'a@example.org');
		expect(() => decryptField(secrets, 'asks.phone', sealed)).toThrow();
	});
	it('refuses a tampered value', () => {
		const sealed = encryptField(secrets, 'c', 'hello');
		const parts = sealed.split('.');
		const ct = Buffer.from(parts[4] ?? '', 'base64url');
		ct[0] = (ct[0] ?? 0) ^ 1;
		parts[4] = ct.toString('base64url');
		expect(() => decryptField(secrets, 'c', parts.join('.'))).toThrow();
	});
	it('names the missing key when the value was written under another key', () => {
		const other = secretsFromMaster(randomBytes(32));
		expect(() => decryptField(other, 'c', encryptField(secrets, 'c', 'x'))).toThrow(FieldDecryptionError);
	});
});
