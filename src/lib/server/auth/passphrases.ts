import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's second recommended profile (19 MiB, t=2, p=1): safe on a small server.
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSPHRASE_LENGTH = 10;
export const MAX_PASSPHRASE_LENGTH = 200;

export function hashPassphrase(passphrase: string): Promise<string> {
	return hash(passphrase, ARGON2_OPTIONS);
}

export async function verifyPassphrase(storedHash: string, passphrase: string): Promise<boolean> {
	try {
		return await verify(storedHash, passphrase);
	} catch {
		return false;
	}
}

/**
 * A fixed hash to verify against when the account does not exist, so a sign-in for an unknown
 * name takes as long as one for a known name (prevents account discovery by timing).
 */
let dummyHash: Promise<string> | undefined;
export function verifyAgainstDummy(passphrase: string): Promise<boolean> {
	dummyHash ??= hashPassphrase('hearth-timing-equaliser-not-a-real-passphrase');
	return dummyHash.then((h) => verifyPassphrase(h, passphrase)).then(() => false);
}

// Passphrases of 10+ characters seen most often in public breach lists.
const COMMON = new Set(
	`1234567890 0123456789 0987654321 9876543210 1111111111 0000000000 1122334455 1234512345
	12345678910 123456789a 123456789q 1234567890q 1q2w3e4r5t 1q2w3e4r5t6y 1qaz2wsx3edc qazwsxedcrfv
	qwertyuiop qwertyuiop123 qwerty1234 qwerty12345 qwerty123456 asdfghjkl1 asdfghjkl; zxcvbnm123
	password12 password123 password1234 password12345 passw0rd123 password!1 password01 passwordpassword
	iloveyou12 iloveyou123 iloveyou1234 princess12 princess123 sunshine12 sunshine123 football12
	football123 baseball12 baseball123 basketball basketball1 basketball123 superman12 superman123
	starwars12 starwars123 monkey1234 michael123 jennifer12 jordan2323 liverpool1 liverpool123
	chocolate1 chocolate12 chocolate123 butterfly1 butterfly12 butterfly123 whatever12 whatever123
	letmein123 letmein1234 welcome123 welcome1234 welcome2024 welcome2025 welcome2026 changeme123
	trustno1234 administrator admin12345 admin123456 adminadmin 1234qwerty 123qweasdzxc qweasdzxc123
	abcdefghij abcdefg123 abcd123456 abc1234567 a123456789 aa12345678 aaaaaaaaaa zzzzzzzzzz
	computer12 computer123 internet12 internet123 blink182182 pokemon123 minecraft1 minecraft12
	minecraft123 fortnite12 fortnite123 spiderman1 spiderman12 spiderman123 hellokitty hellokitty1
	1qaz2wsx3e 1qaz2wsx12 q1w2e3r4t5 q1w2e3r4t5y6 a1b2c3d4e5 1a2b3c4d5e p@ssw0rd12 p@ssword123
	mustang123 shadow1234 dragon1234 master1234 killer1234 soccer1234 hockey1234 summer2024
	summer2025 summer2026 winter2024 winter2025 winter2026 spring2025 autumn2025 january2025
	tequiero123 teamo12345 contrasena contraseña contrasena1 contrasena123 contraseña123 micontrasena
	mexico1234 colombia12 argentina1 guadalupe1 corazon123 mariposa12 estrella12 chivas1234
	hearth1234 hearthhearth mutualaid1 mutualaid123 neighbours neighbors1 community1 community123`
		.split(/\s+/)
		.filter((w) => w.length > 0)
);

export type PassphraseProblem = 'too_short' | 'too_long' | 'too_common' | 'contains_name';

/** Checks a new passphrase: length, a list of common passphrases, and not just the person's own name. */
export function passphraseProblem(passphrase: string, names: { username?: string; displayName?: string } = {}): PassphraseProblem | null {
	if (passphrase.length < MIN_PASSPHRASE_LENGTH) return 'too_short';
	if (passphrase.length > MAX_PASSPHRASE_LENGTH) return 'too_long';
	const lower = passphrase.toLowerCase();
	if (COMMON.has(lower) || /^(.)\1+$/.test(lower)) return 'too_common';
	for (const n of [names.username, names.displayName]) {
		const name = n?.toLowerCase().replace(/\s+/g, '');
		if (name && name.length >= 3 && lower.replace(/\s+/g, '').replace(/[0-9!?.]+$/, '') === name) {
			return 'contains_name';
		}
	}
	return null;
}
