import { test, expect, checkA11y, expectLang, msg } from './fixtures';
import type { Page } from '@playwright/test';

const LOCALE_COOKIE = 'hearth_locale';

/** The page speaks `locale`: `<html lang>` and the layout's text come from that language's messages. */
async function expectPageIn(page: Page, locale: string): Promise<void> {
	await expectLang(page, locale);
	await expect(page.getByRole('navigation', { name: msg(locale, 'nav_label') })).toBeVisible();
	await expect(page.getByText(msg(locale, 'footer_text'))).toBeVisible();
	await expect(page.getByRole('button', { name: msg(locale, 'language_change') })).toBeVisible();
}

async function switchLanguage(page: Page, from: string, to: string): Promise<void> {
	await page.getByLabel(msg(from, 'language_label')).selectOption(to);
	await page.getByRole('button', { name: msg(from, 'language_change') }).click();
	await expectLang(page, to);
}

test.describe('language', () => {
	test.use({ locale: 'es-ES' });

	test('Accept-Language picks Spanish; the footer form switches, and a cookie keeps the choice', async ({ page, context, baseURL }) => {
		await test.step('a browser that prefers Spanish gets Spanish', async () => {
			await page.goto('/');
			await expectPageIn(page, 'es');
			await checkA11y(page);
		});

		await test.step('the footer form switches to English and lands on the same page', async () => {
			await switchLanguage(page, 'es', 'en');
			await expect(page).toHaveURL(`${baseURL}/`);
			await expectPageIn(page, 'en');
			const cookie = (await context.cookies()).find((c) => c.name === LOCALE_COOKIE);
			expect(cookie?.value).toBe('en');
			await checkA11y(page);
		});

		await test.step('the choice outlasts the page: a new visit is still English', async () => {
			const again = await context.newPage();
			await again.goto('/');
			await expectPageIn(again, 'en');
			await again.close();
		});

		await test.step('and back to Spanish', async () => {
			await switchLanguage(page, 'en', 'es');
			await expectPageIn(page, 'es');
			expect((await context.cookies()).find((c) => c.name === LOCALE_COOKIE)?.value).toBe('es');
			await checkA11y(page);
		});
	});
});
