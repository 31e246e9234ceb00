import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Keys derived from the one instance secret; each purpose gets its own key (HKDF, RFC 5869). */
export interface Secrets {
	/** Keys HMACs of setup codes, recovery codes and rate-limit keys. */
	hmacKey: Buffer;
	/** AES-256-GCM key for private fields, and its id stored beside every value. */
	fieldKey: Buffer;
	fieldKeyId: string;
}

function derive(master: Buffer, purpose: string): Buffer {
	return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `hearth:${purpose}`, 32));
}

export function secretsFromMaster(master: Buffer): Secrets {
	const fieldKey = derive(master, 'field-encryption:v1');
	return {
		hmacKey: derive(master, 'hmac:v1'),
		fieldKey,
		fieldKeyId: createHash('sha256').update(fieldKey).digest('hex').slice(0, 8)
	};
}

export const SECRET_FILE = 'instance.key';

/**
 * Returns the instance secret: HEARTH_SECRET when given, else the key file in the data folder,
 * created on first start with 32 random bytes and readable by this user only.
 */
export function loadOrCreateSecret(dataDir: string, secretHex: string | undefined): { master: Buffer; created: boolean } {
	if (secretHex !== undefined) return { master: Buffer.from(secretHex, 'hex'), created: false };
	const file = join(dataDir, SECRET_FILE);
	if (existsSync(file)) {
		const hex = readFileSync(file, 'utf8').trim();
		if (!/^[0-9a-f]{64}$/i.test(hex)) {
			throw new Error(`${file} is damaged: it must hold 64 hexadecimal characters. Restore it from a backup.`);
		}
		return { master: Buffer.from(hex, 'hex'), created: false };
	}
	mkdirSync(dataDir, { recursive: true });
	writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
	chmodSync(file, 0o600);
	return { master: Buffer.from(readFileSync(file, 'utf8').trim(), 'hex'), created: true };
}
