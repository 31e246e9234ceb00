import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A bearer secret: 32 random bytes (256 bits), base64url. */
export function newToken(bytes = 32): string {
	return randomBytes(bytes).toString('base64url');
}

/** Only this hash of a session or API token is stored, so a copy of the database opens no session. */
export function sha256Hex(value: string): string {
	return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Keyed hash for low-entropy secrets (setup code, recovery codes) and for rate-limit keys. */
export function hmacHex(key: Buffer, purpose: string, value: string): string {
	return createHmac('sha256', key).update(`${purpose}\u0000${value}`, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests, to prevent a timing attack. */
export function safeEqualHex(a: string, b: string): boolean {
	const x = Buffer.from(a, 'hex');
	const y = Buffer.from(b, 'hex');
	return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i: easy to read aloud and copy by hand

/** A human-typable code such as `k7mq-3xte-9pvh` (groups of 4), uniformly random. */
export function newHumanCode(groups = 3): string {
	const out: string[] = [];
	for (let g = 0; g < groups; g++) {
		let group = '';
		while (group.length < 4) {
			const byte = randomBytes(1)[0] ?? 0;
			// Reject bytes that would bias the modulo (248 = 31 * 8).
			if (byte < 248) group += CODE_ALPHABET[byte % CODE_ALPHABET.length];
		}
		out.push(group);
	}
	return out.join('-');
}

/** Normalises what a person typed: case, spaces and dashes do not matter. */
export function normaliseHumanCode(input: string): string {
	const compact = input.toLowerCase().replace(/[^a-z0-9]/g, '');
	return compact.replace(/(.{4})(?=.)/g, '$1-');
}
