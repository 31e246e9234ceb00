import type { Page } from '@playwright/test';
import { checkA11y, expect, test } from './fixtures';

/**
 * The accessibility check itself, in both browser modes: it fails on a page with violations
 * (each time, even for a state it has seen before) and passes a clean one, so a passing flow
 * means axe really looked.
 */

// A page at the demo server's address, so the twin (no-JS) resolves it like any other page.
async function show(page: Page, body: string): Promise<void> {
	await page.route('**/__a11y-fixture__', (route) =>
		route.fulfill({
			status: 200,
			contentType: 'text/html; charset=utf-8',
			body: `<!doctype html><html lang="en"><head><title>Fixture</title></head><body><main>${body}</main></body></html>`
		})
	);
	await page.goto('/__a11y-fixture__');
}

const BAD =
	'<h1>Fixture</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20"><p style="color:#bbb;background:#fff">Hard to read</p>';

test('fails on an image without alt text and on low contrast, every time', async ({ page }) => {
	await show(page, BAD);
	for (let i = 0; i < 2; i++) {
		const failure = await checkA11y(page).then(
			() => null,
			(e: unknown) => (e instanceof Error ? e.message : String(e))
		);
		expect(failure, `check ${i + 1}`).toContain('image-alt');
		expect(failure, `check ${i + 1}`).toContain('color-contrast');
	}
});

test('passes a page without violations', async ({ page }) => {
	await show(page, '<h1>Fixture</h1><p>Plain, readable text.</p>');
	await checkA11y(page);
});
