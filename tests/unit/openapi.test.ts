import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/lib/server/api/openapi';

const API_DIR = join(import.meta.dirname, '../../src/routes/api/v1');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

function endpointFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return endpointFiles(path);
		return name === '+server.ts' ? [path] : [];
	});
}

/** src/routes/api/v1/networks/[slug]/+server.ts → /networks/{slug} */
function openApiPath(file: string): string {
	const rel = relative(API_DIR, file).replace(/\/?\+server\.ts$/, '');
	return `/${rel.replace(/\[([^\]]+)\]/g, '{$1}')}`;
}

describe('OpenAPI document', () => {
	const files = endpointFiles(API_DIR);
	const described: Record<string, Record<string, unknown>> = openApiDocument.paths;

	it('is OpenAPI 3.1', () => {
		expect(openApiDocument.openapi).toBe('3.1.0');
	});

	it('describes every endpoint and method that exists', () => {
		const missing: string[] = [];
		for (const file of files) {
			const path = openApiPath(file);
			const source = readFileSync(file, 'utf8');
			for (const method of METHODS) {
				if (new RegExp(`export const ${method}\\b`).test(source) && described[path]?.[method.toLowerCase()] === undefined) {
					missing.push(`${method} ${path}`);
				}
			}
		}
		expect(files.length).toBeGreaterThan(5);
		expect(missing).toEqual([]);
	});

	it('describes nothing that does not exist', () => {
		const existing = new Map(files.map((f) => [openApiPath(f), readFileSync(f, 'utf8')]));
		const extra: string[] = [];
		for (const [path, ops] of Object.entries(described)) {
			const source = existing.get(path);
			for (const op of Object.keys(ops)) {
				if (op === 'parameters') continue;
				if (source === undefined || !new RegExp(`export const ${op.toUpperCase()}\\b`).test(source)) extra.push(`${op.toUpperCase()} ${path}`);
			}
		}
		expect(extra).toEqual([]);
	});

	it('resolves every $ref to a schema it defines', () => {
		const refs = JSON.stringify(openApiDocument).match(/#\/components\/schemas\/[A-Za-z]+/g) ?? [];
		const schemas: Record<string, unknown> = openApiDocument.components.schemas;
		for (const ref of new Set(refs)) expect(schemas[ref.split('/').pop() ?? '']).toBeDefined();
	});
});
