import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * UI text as the message files define it, so flows assert on what a person reads in each
 * language without copying strings into tests (a reworded message does not break a flow).
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

function readJson(path: string): unknown {
	return JSON.parse(readFileSync(path, 'utf8'));
}

/** The message files' path patterns (`./messages/core/{locale}.json`, …) from the inlang project. */
export function messagePathPatterns(): string[] {
	const settings = readJson(join(root, 'project.inlang', 'settings.json'));
	const format = typeof settings === 'object' && settings !== null ? Reflect.get(settings, 'plugin.inlang.messageFormat') : undefined;
	const pattern: unknown = typeof format === 'object' && format !== null ? Reflect.get(format, 'pathPattern') : undefined;
	const patterns = [pattern].flat();
	if (patterns.length === 0 || !patterns.every((p) => typeof p === 'string')) {
		throw new Error('project.inlang/settings.json has no plugin.inlang.messageFormat.pathPattern');
	}
	return patterns;
}

const cache = new Map<string, Map<string, string>>();

function messagesFor(locale: string): Map<string, string> {
	const cached = cache.get(locale);
	if (cached) return cached;
	const patterns = messagePathPatterns();
	const table = new Map<string, string>();
	for (const pattern of patterns) {
		const file = readJson(join(root, pattern.replace('{locale}', locale)));
		if (typeof file !== 'object' || file === null) continue;
		for (const [key, value] of Object.entries(file)) {
			if (typeof value === 'string' && !key.startsWith('$')) table.set(key, value);
		}
	}
	cache.set(locale, table);
	return table;
}

/** The text of message `key` in `locale`, with `{name}` placeholders filled from `params`. */
export function msg(locale: string, key: string, params: Record<string, string | number> = {}): string {
	const text = messagesFor(locale).get(key);
	if (text === undefined) throw new Error(`no message "${key}" for locale "${locale}"`);
	return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
