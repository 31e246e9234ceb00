import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Page } from '@playwright/test';
import { checkA11y, expect, expectLang, msg, SERVERS, signIn } from './fixtures';
import { test } from './network-helpers';

/**
 * A family without email keeps its status code: a steward records their ask and hands them the
 * code (copied where JavaScript runs, or on a printed slip in the family's language whose QR code
 * opens their page); the family types it into the network's lookup form however they wrote it
 * down; a steward makes a new one when it is lost (the old stops working); the family ends it.
 */

const CODE = /^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$/;
const SLUG = 'maple-street';
const NETWORK = 'Maple Street School Community';

async function codeOn(page: Page): Promise<string> {
	const code = ((await page.locator('.status-code .code').first().textContent()) ?? '').replace(/\s+/g, '');
	expect(code).toMatch(CODE);
	return code;
}

/** The text in the slip's QR code, read from its pixels by jsQR (not our code). */
async function decodeQr(page: Page): Promise<string | null> {
	const png = PNG.sync.read(await page.locator('svg.qr').screenshot());
	return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

for (const family of ['en', 'es'] as const) {
	test(`a family's status code: copied or printed in their language (${family}), typed back, made anew, ended`, async ({
		page,
		openBrowser,
		javaScriptEnabled
	}) => {
		const languageName = new Intl.DisplayNames(['en'], { type: 'language' }).of(family) ?? family;
		const unique = `code${Math.random().toString(36).slice(2, 8)}`;
		await signIn(page, 'demo-steward');

		let code = '';
		await test.step('a steward records the ask and gets the code, large, with a copy button where JavaScript runs', async () => {
			await page.goto(`/n/${SLUG}/asks/new?for=neighbour`);
			await page.getByLabel(msg('en', 'askf_category')).selectOption('groceries');
			await page.getByLabel(msg('en', 'askf_area')).selectOption({ label: 'Riverside' });
			await page.getByLabel(msg('en', 'askf_description')).fill(`Rice and beans for four ${unique}`);
			await page.getByRole('checkbox', { name: languageName }).check();
			await page.getByLabel(msg('en', 'askf_phone')).fill('555 0188');
			await page.getByRole('button', { name: msg('en', 'asknew_submit_other') }).click();
			await expect(page.getByRole('heading', { name: msg('en', 'asknew_follow_link_label') })).toBeVisible();
			code = await codeOn(page);
			const link = `${SERVERS.demo.url}/follow/${code}`;
			await expect(page.getByRole('link', { name: link })).toHaveAttribute('href', link);
			const copy = page.getByRole('button', { name: msg('en', 'follow_code_copy') });
			if (javaScriptEnabled) {
				await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
				await copy.click();
				await expect(page.locator('[data-copy-status]')).toHaveText(msg('en', 'follow_code_copied'));
				expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
			} else {
				// Without JavaScript there is nothing to press: the code is there to write down.
				await expect(copy).toBeHidden();
			}
			await checkA11y(page);
		});

		await test.step(`the printable slip is in the family's language, and its QR code opens their page`, async () => {
			await page.getByRole('link', { name: msg('en', 'follow_code_print') }).click();
			const slip = page.locator('article.slip');
			await expect(slip).toHaveAttribute('lang', family);
			await expect(slip.getByRole('heading', { level: 1 })).toHaveText(msg(family, 'slip_heading', { network: NETWORK }));
			await expect(slip.locator('.code')).toHaveText(code);
			await expect(slip.getByText(msg(family, 'slip_type', { address: `${SERVERS.demo.url}/n/${SLUG}/follow` }))).toBeVisible();
			expect(await decodeQr(page)).toBe(`${SERVERS.demo.url}/follow/${code}`);
			await checkA11y(page);
			// The other language is one link away.
			const other = family === 'en' ? 'es' : 'en';
			await page.locator(`a[hreflang="${other}"]`).click();
			await expect(page.locator('article.slip')).toHaveAttribute('lang', other);
			await expect(page.locator('article.slip h1')).toHaveText(msg(other, 'slip_heading', { network: NETWORK }));
		});

		const phone = await openBrowser({ locale: family === 'es' ? 'es-ES' : 'en-GB' });
		await test.step('the family types the code as they wrote it; a wrong one is a message that keeps what they typed', async () => {
			await phone.goto(`/n/${SLUG}/follow`);
			await expectLang(phone, family);
			await checkA11y(phone);
			const field = phone.getByLabel(msg(family, 'lookup_code_label'));
			const wrong = 'abcd efgh jkmn pqrs';
			await field.fill(wrong);
			await phone.getByRole('button', { name: msg(family, 'lookup_submit') }).click();
			await expect(phone.locator('#f-code-error')).toHaveText(msg(family, 'error_follow_code_unknown'));
			await expect(field).toHaveValue(wrong);
			await checkA11y(phone);
			await field.fill(code.toUpperCase().replace(/-/g, ' '));
			await phone.getByRole('button', { name: msg(family, 'lookup_submit') }).click();
			await expect(phone).toHaveURL(`${SERVERS.demo.url}/follow/${code}`);
			await expect(phone.getByRole('heading', { level: 1 })).toHaveText(msg(family, 'follow_title', { network: NETWORK }));
			await expect(phone.locator('.status-code .code')).toHaveText(code);
		});

		let fresh = '';
		await test.step('the steward makes a new code: it asks to be sure, and the old code stops working', async () => {
			await page.goto(`/n/${SLUG}/board?q=${unique}`);
			await page.locator('article.card').filter({ hasText: unique }).getByRole('link').first().click();
			const section = page.locator('section[aria-labelledby="code-title"]');
			await section.getByRole('button', { name: msg('en', 'askd_code_submit') }).click();
			await expect(page.locator('#f-confirmNewCode-error')).toHaveText(msg('en', 'error_confirm_required'));
			await page.getByRole('checkbox', { name: msg('en', 'askd_code_confirm') }).check();
			await page
				.locator('section[aria-labelledby="code-title"]')
				.getByRole('button', { name: msg('en', 'askd_code_submit') })
				.click();
			await expect(page.getByText(msg('en', 'askd_code_new'))).toBeVisible();
			fresh = await codeOn(page);
			expect(fresh).not.toBe(code);
			await checkA11y(page);
			expect((await phone.goto(`/follow/${code}`))?.status()).toBe(404);
		});

		await test.step('the family ends the new code from its status page', async () => {
			await phone.goto(`/follow/${fresh}`);
			await phone.getByRole('button', { name: msg(family, 'follow_end_button') }).click();
			await expect(phone.locator('#f-confirmEnd-error')).toHaveText(msg(family, 'error_confirm_required'));
			await phone.getByRole('checkbox', { name: msg(family, 'follow_end_confirm') }).check();
			await phone.getByRole('button', { name: msg(family, 'follow_end_button') }).click();
			await expect(phone.getByRole('status')).toHaveText(msg(family, 'lookup_ended'));
			await checkA11y(phone);
			expect((await phone.goto(`/follow/${fresh}`))?.status()).toBe(404);
		});
	});
}
