import { test, expect, checkA11y, expectLang, msg, readSetupCode } from './fixtures';

// First run on a never-set-up instance. Each project has a fresh server of its own (setup can
// happen only once), and the steps depend on each other, so they form one test.
test('first-run setup: code check, kept values, recovery codes, then /setup is gone', async ({ page, freshServer }) => {
	const at = (path: string): string => `${freshServer.url}${path}`;
	const typed = {
		networkName: 'Cedar Lane Pantry',
		networkSlug: 'cedar-lane',
		displayName: 'Ana P.',
		username: 'ana-p',
		email: 'ana@example.org'
	};
	const passphrase = 'blue kettle on tuesdays';

	await test.step('a fresh instance sends every page to /setup', async () => {
		await page.goto(at('/'));
		await expect(page).toHaveURL(at('/setup'));
		await expectLang(page, 'en');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'setup_title'));
		await checkA11y(page);
	});

	const fill = async (setupCode: string): Promise<void> => {
		await page.locator('input[name="setupCode"]').fill(setupCode);
		for (const [name, value] of Object.entries(typed)) await page.locator(`input[name="${name}"]`).fill(value);
		await page.locator('input[name="joinPolicy"][value="open"]').check();
		await page.locator('input[name="passphrase"]').fill(passphrase);
		await page.locator('input[name="passphraseConfirm"]').fill(passphrase);
		await page.getByRole('button', { name: msg('en', 'setup_submit') }).click();
	};

	await test.step('a wrong code is a field error; typed values stay, secrets do not', async () => {
		await fill('wxyz-wxyz-wxyz');
		const code = page.locator('input[name="setupCode"]');
		await expect(page.locator('#f-setupCode-error')).toHaveText(msg('en', 'error_wrong_setup_code'));
		await expect(code).toHaveAttribute('aria-invalid', 'true');
		// The summary links to the field, so a keyboard or screen-reader user can get there.
		await expect(page.getByRole('alert').getByRole('link', { name: msg('en', 'error_wrong_setup_code') })).toHaveAttribute('href', '#f-setupCode');
		for (const [name, value] of Object.entries(typed)) await expect(page.locator(`input[name="${name}"]`)).toHaveValue(value);
		await expect(page.locator('input[name="joinPolicy"][value="open"]')).toBeChecked();
		await expect(code).toHaveValue('');
		await expect(page.locator('input[name="passphrase"]')).toHaveValue('');
		await expect(page.locator('input[name="passphraseConfirm"]')).toHaveValue('');
		await checkA11y(page);
	});

	await test.step('the right code creates the network and its admin and shows recovery codes once', async () => {
		await fill(readSetupCode(freshServer));
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'codes_title'));
		const codes = await page.locator('main ol li').allTextContents();
		expect(codes.length).toBeGreaterThanOrEqual(5);
		expect(new Set(codes.map((c) => c.trim())).size, 'recovery codes are all different').toBe(codes.length);
		await expect(page.getByRole('link', { name: msg('en', 'codes_continue') })).toHaveAttribute('href', `/n/${typed.networkSlug}`);
		await checkA11y(page);
	});

	await test.step('afterwards /setup answers 404 and / no longer redirects', async () => {
		const response = await page.goto(at('/setup'));
		expect(response?.status()).toBe(404);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'error_not_found_title'));
		await checkA11y(page);
		await page.goto(at('/'));
		await expect(page).toHaveURL(at('/'));
		// Setup signed the new admin in (the header of the codes page was drawn before the session began).
		await expect(page.getByRole('button', { name: msg('en', 'nav_signout') })).toBeVisible();
		await checkA11y(page);
	});
});
