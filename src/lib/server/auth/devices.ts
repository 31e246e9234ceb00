import type { Ctx } from '../context';
import { hmacHex, newToken, safeEqualHex } from './tokens';

/**
 * A device cookie: proof that this browser has signed in as a person before. Sign-in and
 * recovery from such a browser count against a limit of that browser and person, not the
 * sign-in name's, so someone guessing a person's passphrase elsewhere (10 wrong tries lock the
 * name for 15 minutes, over and over) cannot keep the person out of their own phone. Nothing
 * about the browser is stored and no IP address is used: the cookie is a random device id and,
 * for each person who signed in on it (a shared family phone has several), a keyed hash of the
 * pair that only this instance can make.
 *
 * Value: `<device id>.<tag>~<tag>…`, most recent person first, at most DEVICE_PEOPLE tags.
 */
export const DEVICE_COOKIE = 'hearth_device';
export const DEVICE_PEOPLE = 5;

const ID = /^[A-Za-z0-9_-]{22}$/;
const TAG = /^[0-9a-f]{32}$/;

function tagOf(ctx: Pick<Ctx, 'secrets'>, deviceId: string, userId: string): string {
	return hmacHex(ctx.secrets.hmacKey, 'device', `${deviceId}:${userId}`).slice(0, 32);
}

function parse(raw: string | null): { id: string; tags: string[] } | null {
	if (raw === null || raw.length > 256) return null;
	const [id, tags, ...rest] = raw.split('.');
	if (id === undefined || !ID.test(id) || rest.length > 0) return null;
	const list = tags === undefined || tags === '' ? [] : tags.split('~');
	if (list.length > DEVICE_PEOPLE || !list.every((t) => TAG.test(t))) return null;
	return { id, tags: list };
}

/** The device id, when this browser's cookie shows that `userId` signed in on it; else null. */
export function trustedDevice(ctx: Pick<Ctx, 'secrets'>, raw: string | null, userId: string): string | null {
	const device = parse(raw);
	if (device === null) return null;
	const expected = tagOf(ctx, device.id, userId);
	let found = false;
	for (const t of device.tags) if (safeEqualHex(t, expected)) found = true;
	return found ? device.id : null;
}

/** The cookie to give a browser that `userId` has just signed in on: this person first. */
export function deviceCookieAfterSignIn(ctx: Pick<Ctx, 'secrets'>, raw: string | null, userId: string): string {
	const device = parse(raw) ?? { id: newToken(16), tags: [] };
	const tag = tagOf(ctx, device.id, userId);
	const tags = [tag, ...device.tags.filter((t) => t !== tag)].slice(0, DEVICE_PEOPLE);
	return `${device.id}.${tags.join('~')}`;
}
