import type { Page } from '@playwright/test';
import { test, expect, checkA11y, expectLang, msg } from './fixtures';
import {
	expectFieldError,
	expectFormError,
	expectSignedIn,
	expectSignedOut,
	field,
	newPerson,
	openSecondDevice,
	pluralMsg,
	recoveryCodesShown,
	signInAs,
	signOut,
	signUp,
	submit,
	submitSignIn
} from './account-helpers';

/*
 * Accounts as a person uses them: sign up, sign in and out, profile and language, passphrase,
 * recovery, API tokens, sessions and deletion. Each test makes its own people (the `js` and
 * `nojs` projects share the demo server and run at the same time) and never touches demo
 * accounts or instance settings. Axe checks every page a flow lands on.
 */

// Each flow visits six to twelve pages and axe checks every one (with JavaScript off, through a
// browser context of its own), so a flow takes far longer than a single page check.
test.describe.configure({ timeout: 180_000 });

/** Opens one of the account pages from the cards on /account, the way a person finds it. */
async function openFromAccount(page: Page, title: string, locale = 'en'): Promise<void> {
	await page.goto('/account');
	await page.getByRole('main').getByRole('link', { name: title, exact: true }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	await expectLang(page, locale);
}

test('sign up without an email, then sign out and back in where I was headed', async ({ page }, testInfo) => {
	const person = newPerson(testInfo);
	const weak = 'password123';

	await test.step('the sign-up page', async () => {
		await page.goto('/');
		await page
			.getByRole('navigation', { name: msg('en', 'nav_label') })
			.getByRole('link', { name: msg('en', 'nav_signup') })
			.click();
		await expect(page).toHaveURL((u) => u.pathname === '/signup');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'acct_signup_title'));
		await checkA11y(page);
	});

	/** What was typed that is not secret comes back; passphrases never do. */
	const expectKeptValues = async (): Promise<void> => {
		await expect(field(page, 'displayName')).toHaveValue(person.displayName);
		await expect(field(page, 'username')).toHaveValue(person.username);
		await expect(field(page, 'email')).toHaveValue('');
		await expect(field(page, 'passphrase')).toHaveValue('');
		await expect(field(page, 'passphraseConfirm')).toHaveValue('');
	};

	await test.step('a weak passphrase and a mismatched confirmation are both field errors; names stay, passphrases do not', async () => {
		await field(page, 'displayName').fill(person.displayName);
		await field(page, 'username').fill(person.username);
		await field(page, 'passphrase').fill(weak);
		await field(page, 'passphraseConfirm').fill(`${weak}4`);
		expect(await submit(page, msg('en', 'acct_signup_submit'))).toBe(400);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'acct_signup_title'));
		await expect(page.getByRole('alert')).toContainText(msg('en', 'form_errors_heading'));
		await expectFieldError(page, 'passphraseConfirm', msg('en', 'error_passphrase_mismatch'));
		// Every problem shows after one submission: the weak passphrase is named too.
		await expectFieldError(page, 'passphrase', msg('en', 'error_passphrase_too_common'));
		await expectKeptValues();
		await checkA11y(page);
	});

	await test.step('a common passphrase typed twice is refused as too easy to guess', async () => {
		await field(page, 'passphrase').fill(weak);
		await field(page, 'passphraseConfirm').fill(weak);
		expect(await submit(page, msg('en', 'acct_signup_submit'))).toBe(400);
		await expectFieldError(page, 'passphrase', msg('en', 'error_passphrase_too_common'));
		// The confirmation matched this time, so only the passphrase is marked.
		await expect(field(page, 'passphraseConfirm')).not.toHaveAttribute('aria-invalid', 'true');
		await expectKeptValues();
		await checkA11y(page);
	});

	await test.step('a good passphrase makes the account and shows ten different recovery codes', async () => {
		await field(page, 'passphrase').fill(person.passphrase);
		await field(page, 'passphraseConfirm').fill(person.passphrase);
		expect(await submit(page, msg('en', 'acct_signup_submit'))).toBe(200);
		const codes = await recoveryCodesShown(page);
		expect(codes).toHaveLength(10);
		expect(new Set(codes).size, 'recovery codes are all different').toBe(10);
		// The format the recover page's hint describes ("looks like k7mq-3xte-9pvh").
		for (const code of codes) expect(code).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
		await expect(page.getByText(msg('en', 'codes_once'))).toBeVisible();
		await checkA11y(page);
	});

	await test.step('continuing, the person is signed in', async () => {
		await page.getByRole('link', { name: msg('en', 'codes_continue') }).click();
		await expect(page).toHaveURL((u) => u.pathname === '/');
		await expectSignedIn(page);
		await checkA11y(page);
	});

	await test.step('signing out', async () => {
		await signOut(page);
		await checkA11y(page);
	});

	await test.step('an account page asks to sign in first, and remembers where the person was going', async () => {
		await page.goto('/account/tokens');
		await expect(page).toHaveURL((u) => u.pathname === '/signin' && u.searchParams.get('redirectTo') === '/account/tokens');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'acct_signin_title'));
		// Signing out on purpose is not a session that ran out: no "session ended" notice.
		await expect(page.getByText(msg('en', 'acct_signin_expired_notice'))).toHaveCount(0);
		await checkA11y(page);
	});

	await test.step('a wrong passphrase is refused; the sign-in name stays', async () => {
		expect(await submitSignIn(page, person.username, 'not my passphrase at all')).toBe(400);
		await expectFormError(page, msg('en', 'error_wrong_credentials'));
		await expect(field(page, 'username')).toHaveValue(person.username);
		await expect(field(page, 'passphrase')).toHaveValue('');
		await checkA11y(page);
	});

	await test.step('the right passphrase lands on the page the person asked for', async () => {
		await submitSignIn(page, person.username, person.passphrase);
		await expect(page).toHaveURL((u) => u.pathname === '/account/tokens');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'acct_tokens_title'));
		await expectSignedIn(page);
		await checkA11y(page);
	});
});

test('profile and language: email and name saved, Spanish everywhere, then English again', async ({ page }, testInfo) => {
	const person = newPerson(testInfo);
	const email = `${person.username}@example.org`;

	await test.step('sign up', async () => {
		await signUp(page, person);
	});

	await test.step('the account page', async () => {
		await page
			.getByRole('navigation', { name: msg('en', 'nav_label') })
			.getByRole('link', { name: msg('en', 'nav_account') })
			.click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'nav_account'));
		await expect(page.getByText(msg('en', 'acct_overview_username', { username: person.username }), { exact: false })).toBeVisible();
		await expect(field(page, 'displayName')).toHaveValue(person.displayName);
		await expect(field(page, 'email')).toHaveValue('');
		await checkA11y(page);
	});

	await test.step('an email and a new name are saved and shown', async () => {
		await field(page, 'displayName').fill('Rosa Martínez');
		await field(page, 'email').fill(email);
		await submit(page, msg('en', 'acct_profile_submit'));
		await expect(page.getByRole('status')).toHaveText(msg('en', 'acct_profile_saved'));
		await expect(field(page, 'displayName')).toHaveValue('Rosa Martínez');
		await expect(field(page, 'email')).toHaveValue(email);
		await checkA11y(page);
	});

	await test.step('they are really stored: a fresh visit shows them too', async () => {
		await page.goto('/account');
		await expect(page.getByRole('status')).toHaveCount(0);
		await expect(field(page, 'displayName')).toHaveValue('Rosa Martínez');
		await expect(field(page, 'email')).toHaveValue(email);
	});

	await test.step('saving Spanish as the language turns the page Spanish', async () => {
		await page.getByRole('radio', { name: msg('en', 'language_name_es') }).check();
		await submit(page, msg('en', 'acct_language_submit'));
		await expectLang(page, 'es');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('es', 'nav_account'));
		await expect(page.getByRole('status')).toHaveText(msg('es', 'acct_language_saved'));
		await expect(page.getByRole('radio', { name: msg('es', 'language_name_es') })).toBeChecked();
		await expectSignedIn(page, 'es');
		await checkA11y(page);
	});

	await test.step('other pages follow, though the browser asks for English', async () => {
		await openFromAccount(page, msg('es', 'acct_sessions_title'), 'es');
		await checkA11y(page);
		await openFromAccount(page, msg('es', 'acct_tokens_title'), 'es');
		await checkA11y(page);
		await page.goto('/');
		await expectLang(page, 'es');
		await expect(page.getByText(msg('es', 'footer_text'))).toBeVisible();
		await checkA11y(page);
	});

	await test.step('and back to English', async () => {
		await page.goto('/account');
		await page.getByRole('radio', { name: msg('es', 'language_name_en') }).check();
		await submit(page, msg('es', 'acct_language_submit'));
		await expectLang(page, 'en');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'nav_account'));
		await expect(page.getByRole('status')).toHaveText(msg('en', 'acct_language_saved'));
		await checkA11y(page);
		await page.goto('/account/sessions');
		await expectLang(page, 'en');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'acct_sessions_title'));
	});
});

test('change passphrase: a wrong current one is refused, then the new one works and the old one does not', async ({ page }, testInfo) => {
	const person = newPerson(testInfo);
	const next = 'seven otters under the bridge';

	await test.step('sign up and open "Change passphrase"', async () => {
		await signUp(page, person);
		await openFromAccount(page, msg('en', 'acct_passphrase_title'));
		await checkA11y(page);
	});

	await test.step('a wrong current passphrase is a field error, and nothing is kept', async () => {
		await field(page, 'current').fill('not my passphrase at all');
		await field(page, 'passphrase').fill(next);
		await field(page, 'passphraseConfirm').fill(next);
		expect(await submit(page, msg('en', 'acct_passphrase_submit'))).toBe(400);
		await expectFieldError(page, 'current', msg('en', 'error_wrong_passphrase'));
		for (const name of ['current', 'passphrase', 'passphraseConfirm']) await expect(field(page, name)).toHaveValue('');
		await checkA11y(page);
	});

	await test.step('the right current passphrase changes it', async () => {
		await field(page, 'current').fill(person.passphrase);
		await field(page, 'passphrase').fill(next);
		await field(page, 'passphraseConfirm').fill(next);
		await submit(page, msg('en', 'acct_passphrase_submit'));
		const notice = page.getByRole('status');
		await expect(notice).toContainText(msg('en', 'acct_passphrase_changed'));
		// This was the person's only session, so there were no other devices to sign out.
		await expect(notice).toContainText(msg('en', 'acct_passphrase_changed_no_others'));
		await expectSignedIn(page);
		await checkA11y(page);
	});

	await test.step('after signing out, the old passphrase no longer works', async () => {
		await signOut(page);
		await page.goto('/signin');
		expect(await submitSignIn(page, person.username, person.passphrase)).toBe(400);
		await expectFormError(page, msg('en', 'error_wrong_credentials'));
		await checkA11y(page);
	});

	await test.step('the new one does', async () => {
		await signInAs(page, { username: person.username, passphrase: next });
		await checkA11y(page);
	});
});

test('forgot passphrase: a recovery code sets a new one, and works only once', async ({ page }, testInfo) => {
	const person = newPerson(testInfo);
	const recovered = 'copper kettle by the window';
	let codes: string[] = [];

	await test.step('sign up, keeping the recovery codes, and sign out', async () => {
		codes = await signUp(page, person);
		await signOut(page);
	});
	const code = codes[3];
	if (code === undefined) throw new Error('sign-up showed fewer than four recovery codes');

	await test.step('the sign-in page links to recovery', async () => {
		await page.goto('/signin');
		await page.getByRole('link', { name: msg('en', 'acct_signin_forgot_link') }).click();
		await expect(page).toHaveURL((u) => u.pathname === '/recover');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'acct_recover_title'));
		await checkA11y(page);
	});

	await test.step('sign-in name, a code and a new passphrase: signed in, with 9 codes left', async () => {
		await field(page, 'username').fill(person.username);
		await field(page, 'code').fill(code);
		await field(page, 'passphrase').fill(recovered);
		await field(page, 'passphraseConfirm').fill(recovered);
		expect(await submit(page, msg('en', 'acct_recover_submit'))).toBe(200);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'acct_recover_done_title'));
		await expect(page.getByRole('status')).toHaveText(msg('en', 'acct_recover_done_body'));
		await expect(page.getByText(pluralMsg('en', 'acct_codes_remaining', 9))).toBeVisible();
		await checkA11y(page);
	});

	await test.step('the account page agrees: signed in, 9 codes left', async () => {
		await page.getByRole('link', { name: msg('en', 'acct_continue_to_account') }).click();
		await expect(page).toHaveURL((u) => u.pathname === '/account');
		await expectSignedIn(page);
		await expect(page.getByText(pluralMsg('en', 'acct_codes_remaining', 9))).toBeVisible();
		await checkA11y(page);
	});

	await test.step('after signing out, the same code is refused', async () => {
		await signOut(page);
		await page.goto('/recover');
		await field(page, 'username').fill(person.username);
		await field(page, 'code').fill(code);
		await field(page, 'passphrase').fill('another quiet morning walk');
		await field(page, 'passphraseConfirm').fill('another quiet morning walk');
		expect(await submit(page, msg('en', 'acct_recover_submit'))).toBe(400);
		await expectFieldError(page, 'code', msg('en', 'error_wrong_recovery_code'));
		await expect(field(page, 'username')).toHaveValue(person.username);
		await expect(field(page, 'code')).toHaveValue('');
		await checkA11y(page);
	});

	await test.step('the passphrase set with the code is the one that works', async () => {
		await signInAs(page, { username: person.username, passphrase: recovered });
		await checkA11y(page);
	});
});

test('API tokens: made, shown once, listed, and revoked after a confirm step', async ({ page }, testInfo) => {
	const person = newPerson(testInfo);
	const name = 'Phone';
	const listed = page.getByRole('main').getByRole('heading', { level: 3, name, exact: true });
	let token = '';

	await test.step('sign up and open "API tokens": none yet', async () => {
		await signUp(page, person);
		await openFromAccount(page, msg('en', 'acct_tokens_title'));
		await expect(page.getByText(msg('en', 'acct_tokens_none'))).toBeVisible();
		await checkA11y(page);
	});

	await test.step('creating a token named "Phone" shows the token once', async () => {
		await field(page, 'name').fill(name);
		expect(await submit(page, msg('en', 'acct_tokens_create_submit'))).toBe(200);
		const created = page.getByRole('region', { name: msg('en', 'acct_tokens_created_title', { name }) });
		await expect(created).toBeVisible();
		await expect(created.getByText(msg('en', 'acct_tokens_created_once'))).toBeVisible();
		token = (await created.locator('code').first().textContent())?.trim() ?? '';
		expect(token).toMatch(/^hth_\S+$/);
		await expect(listed).toBeVisible();
		// The name box is emptied, ready for another token.
		await expect(field(page, 'name')).toHaveValue('');
		await checkA11y(page);
	});

	await test.step('coming back, "Phone" is listed but the token itself is not shown again', async () => {
		await page.goto('/account/tokens');
		await expect(listed).toBeVisible();
		await expect(page.getByText(msg('en', 'acct_tokens_never_used'))).toBeVisible();
		await expect(page.getByText(token, { exact: false })).toHaveCount(0);
		await checkA11y(page);
	});

	await test.step('revoking asks first; cancelling keeps the token', async () => {
		await page.getByRole('link', { name: msg('en', 'acct_tokens_revoke_link', { name }) }).click();
		const confirm = page.getByRole('region', { name: msg('en', 'acct_tokens_revoke_confirm_title', { name }) });
		await expect(confirm).toBeVisible();
		await expect(confirm.getByText(msg('en', 'acct_tokens_revoke_confirm_body'))).toBeVisible();
		await checkA11y(page);
		await confirm.getByRole('link', { name: msg('en', 'acct_cancel') }).click();
		await expect(page.getByRole('region', { name: msg('en', 'acct_tokens_revoke_confirm_title', { name }) })).toHaveCount(0);
		await expect(listed).toBeVisible();
	});

	await test.step('confirming revokes it: a notice, and the list is empty', async () => {
		await page.getByRole('link', { name: msg('en', 'acct_tokens_revoke_link', { name }) }).click();
		await submit(page, msg('en', 'acct_tokens_revoke_submit'));
		await expect(page.getByRole('status')).toHaveText(msg('en', 'acct_tokens_revoked'));
		await expect(listed).toHaveCount(0);
		await expect(page.getByText(msg('en', 'acct_tokens_none'))).toBeVisible();
		await checkA11y(page);
	});
});

test('sign out everywhere: back at sign-in with a notice, and the old session is dead', async ({ page, context }, testInfo) => {
	const person = newPerson(testInfo);

	await test.step('sign up and open "Where you are signed in": one device', async () => {
		await signUp(page, person);
		await openFromAccount(page, msg('en', 'acct_sessions_title'));
		await expect(page.getByText(pluralMsg('en', 'acct_sessions_count', 1))).toBeVisible();
		// With no other device there is nothing to "sign out other devices" from.
		await expect(page.getByRole('button', { name: msg('en', 'acct_sessions_others_submit') })).toHaveCount(0);
		await checkA11y(page);
	});

	// What a thief who copied the cookie would hold: it must stop working too.
	const before = await context.cookies();

	await test.step('"Sign out everywhere" lands on sign-in with a notice, signed out', async () => {
		await submit(page, msg('en', 'acct_sessions_everywhere_submit'));
		await expect(page).toHaveURL((u) => u.pathname === '/signin');
		await expect(page.getByRole('status')).toHaveText(msg('en', 'acct_signin_ended_notice'));
		await expectSignedOut(page);
		await checkA11y(page);
	});

	await test.step('the old session cookie, put back, no longer signs anyone in', async () => {
		await context.addCookies(before);
		await page.goto('/account');
		await expect(page).toHaveURL((u) => u.pathname === '/signin' && u.searchParams.get('redirectTo') === '/account');
		await expect(page.getByRole('status')).toHaveText(msg('en', 'acct_signin_expired_notice'));
		await expectSignedOut(page);
		await checkA11y(page);
	});
});

test('a second device of the same person is told its session has ended', async ({ page, browser, baseURL, javaScriptEnabled, locale }, testInfo) => {
	const person = newPerson(testInfo);
	const other = await openSecondDevice(browser, { baseURL, javaScriptEnabled, locale });

	try {
		await test.step('signed up here, and signed in on a second device', async () => {
			await signUp(page, person);
			await signInAs(other.page, person);
			await other.page.goto('/account');
			await expect(other.page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'nav_account'));
			await checkA11y(other.page);
		});

		await test.step('this device sees two sessions and signs out everywhere', async () => {
			await openFromAccount(page, msg('en', 'acct_sessions_title'));
			await expect(page.getByText(pluralMsg('en', 'acct_sessions_count', 2))).toBeVisible();
			await checkA11y(page);
			await submit(page, msg('en', 'acct_sessions_everywhere_submit'));
			await expect(page.getByRole('status')).toHaveText(msg('en', 'acct_signin_ended_notice'));
		});

		await test.step('the second device, opening its account, is sent to sign in with "session ended"', async () => {
			await other.page.goto('/account');
			await expect(other.page).toHaveURL(
				(u) => u.pathname === '/signin' && u.searchParams.get('expired') === '1' && u.searchParams.get('redirectTo') === '/account'
			);
			await expect(other.page.getByRole('status')).toHaveText(msg('en', 'acct_signin_expired_notice'));
			await expectSignedOut(other.page);
			await checkA11y(other.page);
		});

		await test.step('signing in again there goes back to the account page', async () => {
			await submitSignIn(other.page, person.username, person.passphrase);
			await expect(other.page).toHaveURL((u) => u.pathname === '/account');
			await expectSignedIn(other.page);
			await checkA11y(other.page);
		});
	} finally {
		await other.close();
	}
});

test('delete account: the box must be ticked; afterwards the account is gone', async ({ page }, testInfo) => {
	const person = newPerson(testInfo);
	const confirmBox = page.getByRole('checkbox', { name: msg('en', 'acct_delete_confirm_label') });

	await test.step('sign up and open "Delete my account"', async () => {
		await signUp(page, person);
		await openFromAccount(page, msg('en', 'acct_delete_title'));
		// A new person runs no network, so nothing blocks the deletion.
		await expect(page.getByText(msg('en', 'acct_delete_blocked'))).toHaveCount(0);
		await checkA11y(page);
	});

	await test.step('without the tick the browser itself stops the form', async () => {
		await field(page, 'passphrase').fill(person.passphrase);
		await page
			.getByRole('main')
			.getByRole('button', { name: msg('en', 'acct_delete_submit') })
			.click();
		// The box is `required`, which HTML enforces with scripting on or off.
		await expect(page.locator('#f-confirm:invalid')).toHaveCount(1);
		await expect(page).toHaveURL((u) => u.pathname === '/account/delete');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'acct_delete_title'));
	});

	await test.step("a browser that skips that check gets the server's error instead", async () => {
		// Old browsers and some assistive tools send forms unchecked; the server must say the same.
		await page
			.getByRole('main')
			.locator('form')
			.evaluate((form) => form.setAttribute('novalidate', ''));
		expect(await submit(page, msg('en', 'acct_delete_submit'))).toBe(400);
		await expectFieldError(page, 'confirm', msg('en', 'error_confirm_required'));
		await expect(field(page, 'passphrase')).toHaveValue('');
		await expect(confirmBox).not.toBeChecked();
		await checkA11y(page);
	});

	await test.step('passphrase and tick: signed out, with a goodbye on the sign-in page', async () => {
		await field(page, 'passphrase').fill(person.passphrase);
		await confirmBox.check();
		await submit(page, msg('en', 'acct_delete_submit'));
		await expect(page).toHaveURL((u) => u.pathname === '/signin' && u.searchParams.get('deleted') === '1');
		await expect(page.getByRole('status')).toHaveText(msg('en', 'acct_signin_deleted_notice'));
		await expectSignedOut(page);
		await checkA11y(page);
	});

	await test.step('the account no longer exists: signing in fails', async () => {
		expect(await submitSignIn(page, person.username, person.passphrase)).toBe(400);
		await expectFormError(page, msg('en', 'error_wrong_credentials'));
		await checkA11y(page);
	});
});

test.describe('on a small phone', () => {
	test.use({ viewport: { width: 320, height: 640 } });

	/** Nothing scrolls sideways, and every button in the page's content is a 44 px touch target. */
	async function expectFitsPhone(page: Page): Promise<void> {
		const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
		expect(scrollWidth, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(320);
		const buttons = page.getByRole('main').locator('button, a.button');
		const count = await buttons.count();
		expect(count, `${page.url()} has buttons to check`).toBeGreaterThan(0);
		for (let i = 0; i < count; i++) {
			const button = buttons.nth(i);
			const box = await button.boundingBox();
			expect(box, `button ${i} on ${page.url()} is laid out`).not.toBeNull();
			expect(box?.height ?? 0, `"${(await button.textContent())?.trim()}" on ${page.url()} is at least 44 px tall`).toBeGreaterThanOrEqual(44);
		}
	}

	test('sign-up, sign-in and account pages fit 320 px without sideways scrolling', async ({ page }, testInfo) => {
		const person = newPerson(testInfo);

		await test.step('/signup', async () => {
			await page.goto('/signup');
			await expectFitsPhone(page);
			await checkA11y(page);
		});

		await test.step('the recovery codes', async () => {
			await field(page, 'displayName').fill(person.displayName);
			await field(page, 'username').fill(person.username);
			await field(page, 'passphrase').fill(person.passphrase);
			await field(page, 'passphraseConfirm').fill(person.passphrase);
			await submit(page, msg('en', 'acct_signup_submit'));
			await recoveryCodesShown(page);
			await expectFitsPhone(page);
			await checkA11y(page);
		});

		await test.step('/account', async () => {
			await page.goto('/account');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'nav_account'));
			await expectFitsPhone(page);
			await checkA11y(page);
		});

		await test.step('/signin, signed out', async () => {
			await signOut(page);
			await page.goto('/signin');
			await expectFitsPhone(page);
			await checkA11y(page);
		});

		await test.step('/signin with an error', async () => {
			await submitSignIn(page, person.username, 'not my passphrase at all');
			await expectFormError(page, msg('en', 'error_wrong_credentials'));
			await expectFitsPhone(page);
		});
	});
});
