import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Secrets } from './secret';

/*
 * Private fields are stored as `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts):
 * AES-256-GCM with a fresh 96-bit IV per value (NIST SP 800-38D §8.2), and the key id beside
 * the value so keys can rotate. The column name is bound in as associated data, so a value
 * copied into another column does not decrypt.
 */

export function encryptField(secrets: Secrets, column: string, plaintext: string): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', secrets.fieldKey, iv);
	cipher.setAAD(Buffer.from(column, 'utf8'));
	const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
	const tag = cipher.getAuthTag();
	return ['v1', secrets.fieldKeyId, iv.toString('base64url'), tag.toString('base64url'), ct.toString('base64url')].join('.');
}

export class FieldDecryptionError extends Error {}

export function decryptField(secrets: Secrets, column: string, stored: string): string {
	const [version, keyId, iv, tag, ct] = stored.split('.');
	if (version !== 'v1' || iv === undefined || tag === undefined || ct === undefined) {
		throw new FieldDecryptionError(`${column}: unknown encrypted value format`);
	}
	if (keyId !== secrets.fieldKeyId) {
		throw new FieldDecryptionError(`${column}: value was written with key ${keyId}, which this instance does not hold`);
	}
	const decipher = createDecipheriv('aes-256-gcm', secrets.fieldKey, Buffer.from(iv, 'base64url'));
	decipher.setAAD(Buffer.from(column, 'utf8'));
	decipher.setAuthTag(Buffer.from(tag, 'base64url'));
	return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}
