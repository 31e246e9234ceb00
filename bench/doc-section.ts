import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Replaces one "## <title>" section of docs/PERFORMANCE.md (from its heading to the next "## "
 * heading, or the end), or appends it; every other byte of the file is kept as it is.
 */
export function writePerformanceSection(root: string, title: string, section: string): void {
	const docFile = join(root, 'docs', 'PERFORMANCE.md');
	mkdirSync(join(root, 'docs'), { recursive: true });
	const previous = existsSync(docFile) ? readFileSync(docFile, 'utf8') : '# Performance\n';
	const headingAt = previous.search(new RegExp(`^## ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[ \\t]*$`, 'm'));
	let next: string;
	if (headingAt < 0) {
		next = `${previous.trimEnd()}\n\n${section.trimEnd()}\n`;
	} else {
		const rest = previous.slice(headingAt + 3);
		const nextHeading = rest.search(/^## /m);
		next =
			nextHeading < 0
				? `${previous.slice(0, headingAt)}${section.trimEnd()}\n`
				: `${previous.slice(0, headingAt)}${section.trimEnd()}\n\n${rest.slice(nextHeading)}`;
	}
	writeFileSync(docFile, next);
}
