import { randomBytes } from 'node:crypto';

/**
 * Data conventions shared by both databases (see docs/ARCHITECTURE.md):
 * ids are sortable text generated here, times are ISO-8601 UTC strings at the
 * edges of the repository layer, booleans and JSON are converted on the way in and out.
 */

/** A UUIDv7 (RFC 9562 §5.7): 48-bit millisecond timestamp then random bits, so ids sort by creation time. */
export function newId(now: Date = new Date()): string {
	const bytes = randomBytes(16);
	const ms = now.getTime();
	bytes[0] = Math.floor(ms / 2 ** 40) & 0xff;
	bytes[1] = Math.floor(ms / 2 ** 32) & 0xff;
	bytes[2] = Math.floor(ms / 2 ** 24) & 0xff;
	bytes[3] = Math.floor(ms / 2 ** 16) & 0xff;
	bytes[4] = Math.floor(ms / 2 ** 8) & 0xff;
	bytes[5] = ms & 0xff;
	bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70; // version 7
	bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 9562 variant
	const hex = bytes.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Writes a time: always the 24-character ISO form, so text comparison in SQLite orders correctly. */
export function toDbTime(date: Date): string {
	return date.toISOString();
}

/** Reads a time: SQLite gives text, PostgreSQL's driver gives a Date. */
export function fromDbTime(value: string | Date): Date {
	return value instanceof Date ? value : new Date(value);
}

export function fromDbTimeOrNull(value: string | Date | null): Date | null {
	return value === null ? null : fromDbTime(value);
}

/** Reads a boolean: SQLite stores 0/1, PostgreSQL a real boolean. Writes are converted by the SQLite plugin. */
export function fromDbBool(value: number | boolean): boolean {
	return value === true || value === 1;
}

/** Counts come back as strings from PostgreSQL (bigint) and numbers from SQLite. */
export function fromDbCount(value: string | number | bigint | null | undefined): number {
	return value === null || value === undefined ? 0 : Number(value);
}

export function toDbJson(value: unknown): string {
	return JSON.stringify(value);
}

/** Parses JSON text; a column that holds unexpected data falls back to `fallback` rather than crash a page. */
export function fromDbJson<T>(value: string | null, guard: (v: unknown) => v is T, fallback: T): T {
	if (value === null) return fallback;
	try {
		const parsed: unknown = JSON.parse(value);
		return guard(parsed) ? parsed : fallback;
	} catch {
		return fallback;
	}
}

export function isStringArray(v: unknown): v is string[] {
	return Array.isArray(v) && v.every((x) => typeof x === 'string');
}
