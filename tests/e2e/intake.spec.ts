import type { Page } from '@playwright/test';
import { checkA11y, expect, expectLang, msg, signIn } from './fixtures';
import { createNetwork, networkFor, test } from './network-helpers';

/**
 * Asking without an account: the public form of a network (in the visitor's language, with the
 * warning about words that should not be written down), the status link shown once, the status
 * page it opens, and the admin's aid settings that decide what the form offers.
 *
 * The demo network is shared with the other project and other spec files: the visitor's flows
 * only add asks to it (and withdraw them), and settings are changed on a network of the test's own.
 */

// Each page visited gets an axe run, slow on a busy machine; see networks.spec.ts.
test.describe.configure({ timeout: 180_000 });

const DEMO = { slug: 'maple-street', name: 'Maple Street School Community' };

/** Fills in the public part of the form and a contact name; leaves phone and address to the caller. */
async function fillNeed(page: Page, locale: string, need: { category: string; description: string; area: string; contactName: string }): Promise<void> {
	await page.getByRole('combobox', { name: msg(locale, 'askf_category') }).selectOption({ label: msg(locale, `category_${need.category}`) });
	await page.getByRole('textbox', { name: msg(locale, 'askf_description') }).fill(need.description);
	await page.getByRole('radio', { name: msg(locale, 'urgency_days') }).check();
	await page.getByRole('combobox', { name: msg(locale, 'askf_area') }).selectOption({ label: need.area });
	await page.getByRole('textbox', { name: msg(locale, 'askf_contact_name') }).fill(need.contactName);
}

test('a visitor asks in Spanish, confirms a flagged word, and follows the request by its link', async ({ openBrowser }) => {
	const visitor = await openBrowser({ locale: 'es-ES' });
	const description = 'Comida para cuatro personas; estamos sin papeles y no podemos ir al banco de alimentos.';
	let link = '';

	await test.step('the form speaks Spanish and says who will see what', async () => {
		const res = await visitor.goto(`/n/${DEMO.slug}/ask`);
		expect(res?.status()).toBe(200);
		await expectLang(visitor, 'es');
		await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(msg('es', 'intake_title', { network: DEMO.name }));
		await expect(visitor.getByRole('heading', { name: msg('es', 'intake_who_heading') })).toBeVisible();
		await expect(visitor.getByText(msg('es', 'intake_who_private'))).toBeVisible();
		// The trap field for robots is not offered to people or to screen readers.
		await expect(visitor.getByRole('textbox', { name: msg('es', 'intake_honeypot_label') })).toHaveCount(0);
		await checkA11y(visitor);
	});

	await test.step('a word about immigration status is pointed out, and everything typed is kept', async () => {
		await fillNeed(visitor, 'es', { category: 'groceries', description, area: 'Riverside', contactName: 'Marisol' });
		await visitor.getByRole('textbox', { name: msg('es', 'askf_phone') }).fill('555-0199');
		await visitor.getByRole('button', { name: msg('es', 'intake_submit') }).click();
		await expect(visitor.getByText(msg('es', 'sensitive_warning_title'))).toBeVisible();
		await expect(visitor.getByRole('alert').filter({ hasText: msg('es', 'error_sensitive_unconfirmed') })).toBeVisible();
		await expect(visitor.getByRole('textbox', { name: msg('es', 'askf_description') })).toHaveValue(description);
		await expect(visitor.getByRole('textbox', { name: msg('es', 'askf_contact_name') })).toHaveValue('Marisol');
		await expect(visitor.getByRole('textbox', { name: msg('es', 'askf_phone') })).toHaveValue('555-0199');
		await expect(visitor.getByRole('combobox', { name: msg('es', 'askf_area') })).toHaveValue(/.+/);
		await expect(visitor.getByRole('combobox', { name: msg('es', 'askf_area') }).locator('option:checked')).toHaveText('Riverside');
		await expect(visitor.getByRole('combobox', { name: msg('es', 'askf_category') }).locator('option:checked')).toHaveText(msg('es', 'category_groceries'));
		await expect(visitor.getByRole('heading', { name: msg('es', 'intake_sent_heading') })).toHaveCount(0);
		await checkA11y(visitor);
	});

	await test.step('sent as written, the status link is shown once, with the warning to keep it', async () => {
		await visitor.getByRole('checkbox', { name: msg('es', 'sensitive_confirm_label') }).check();
		await visitor.getByRole('button', { name: msg('es', 'intake_submit') }).click();
		await expect(visitor.getByRole('heading', { name: msg('es', 'intake_sent_heading') })).toBeVisible();
		await expect(visitor.getByText(msg('es', 'intake_link_keep'))).toBeVisible();
		await expect(visitor.getByRole('heading', { name: msg('es', 'intake_link_label') })).toBeVisible();
		const code = (await visitor.locator('.status-code .code').textContent())?.replace(/\s+/g, '') ?? '';
		expect(code).toMatch(/^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$/);
		link = `${new URL(visitor.url()).origin}/follow/${code}`;
		await expect(visitor.getByRole('link', { name: msg('es', 'intake_link_open') })).toHaveAttribute('href', link);
		// The form is gone, so the same request is not sent twice by accident.
		await expect(visitor.getByRole('button', { name: msg('es', 'intake_submit') })).toHaveCount(0);
		await checkA11y(visitor);
	});

	await test.step('the status page says it waits for review, and nobody has seen the details yet', async () => {
		await visitor.getByRole('link', { name: msg('es', 'intake_link_open') }).click();
		await expect(visitor).toHaveURL(link);
		await expectLang(visitor, 'es');
		await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(msg('es', 'follow_title', { network: DEMO.name }));
		await expect(visitor.getByText(msg('es', 'ask_status_review'), { exact: true })).toBeVisible();
		await expect(visitor.getByText(msg('es', 'follow_status_help_review', { network: DEMO.name }))).toBeVisible();
		await expect(visitor.getByRole('main').locator('dd', { hasText: 'Riverside' })).toBeVisible();
		await expect(visitor.getByText(msg('es', 'follow_views_empty'))).toBeVisible();
		// Only something delivered can be confirmed.
		await expect(visitor.getByRole('button', { name: msg('es', 'follow_confirm_button') })).toHaveCount(0);
		await expect(visitor.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
		const res = await visitor.request.get(link);
		expect(res.status()).toBe(200);
		expect(res.headers()['cache-control']).toContain('no-store');
		await checkA11y(visitor);
	});

	await test.step('withdrawing needs the box ticked, then the request is withdrawn', async () => {
		await visitor.getByRole('button', { name: msg('es', 'follow_cancel_button') }).click();
		await expect(visitor.getByRole('alert').filter({ hasText: msg('es', 'error_confirm_required') })).toBeVisible();
		await expect(visitor.getByText(msg('es', 'ask_status_review'), { exact: true })).toBeVisible();
		await checkA11y(visitor);
		await visitor.getByRole('checkbox', { name: msg('es', 'follow_cancel_confirm') }).check();
		await visitor.getByRole('button', { name: msg('es', 'follow_cancel_button') }).click();
		await expect(visitor.getByRole('status')).toHaveText(msg('es', 'follow_notice_cancelled'));
		await expect(visitor.getByText(msg('es', 'ask_status_cancelled'), { exact: true })).toBeVisible();
		await expect(visitor.getByRole('button', { name: msg('es', 'follow_cancel_button') })).toHaveCount(0);
		await checkA11y(visitor);
	});

	await test.step('a link that does not work is a plain 404, in Spanish', async () => {
		const res = await visitor.goto(`/follow/${'x'.repeat(43)}`);
		expect(res?.status()).toBe(404);
		expect(res?.headers()['cache-control']).toContain('no-store');
		await expectLang(visitor, 'es');
		await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(msg('es', 'error_not_found_title'));
		await expect(visitor.getByText(msg('es', 'follow_not_found'))).toBeVisible();
		await checkA11y(visitor);
	});
});

test('without a phone or an address the form comes back with everything kept', async ({ page }) => {
	await page.goto(`/n/${DEMO.slug}/ask`);
	await expectLang(page, 'en');
	await fillNeed(page, 'en', {
		category: 'medicine',
		description: 'A prescription to pick up from the Old Town pharmacy.',
		area: 'Old Town',
		contactName: 'Joe'
	});
	await page.getByRole('textbox', { name: msg('en', 'askf_quantity') }).fill('one bag');
	const spanish = page.locator('input[name="languages"][value="es"]');
	await spanish.check();
	await page.getByRole('textbox', { name: msg('en', 'askf_access_notes') }).fill('Ring twice.');
	await page.getByRole('button', { name: msg('en', 'intake_submit') }).click();

	const summary = page.getByRole('alert').filter({ hasText: msg('en', 'form_errors_heading') });
	await expect(summary.getByRole('link', { name: msg('en', 'error_contact_required') })).toHaveAttribute('href', '#f-phone');
	await expect(page.getByRole('textbox', { name: msg('en', 'askf_phone') })).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByRole('textbox', { name: msg('en', 'askf_description') })).toHaveValue('A prescription to pick up from the Old Town pharmacy.');
	await expect(page.getByRole('textbox', { name: msg('en', 'askf_contact_name') })).toHaveValue('Joe');
	await expect(page.getByRole('textbox', { name: msg('en', 'askf_quantity') })).toHaveValue('one bag');
	await expect(page.getByRole('textbox', { name: msg('en', 'askf_access_notes') })).toHaveValue('Ring twice.');
	await expect(spanish).toBeChecked();
	await expect(page.getByRole('radio', { name: msg('en', 'urgency_days') })).toBeChecked();
	await expect(page.getByRole('combobox', { name: msg('en', 'askf_category') }).locator('option:checked')).toHaveText(msg('en', 'category_medicine'));
	await expect(page.getByRole('combobox', { name: msg('en', 'askf_area') }).locator('option:checked')).toHaveText('Old Town');
	// No flagged words, so no warning.
	await expect(page.getByText(msg('en', 'sensitive_warning_title'))).toHaveCount(0);
	await checkA11y(page);

	const missing = await page.goto('/n/no-such-network/ask');
	expect(missing?.status()).toBe(404);
	await expect(page.getByText(msg('en', 'error_network_not_found'))).toBeVisible();
});

test('an admin sets how asks work; a bad number is refused with its range; a closed form says so', async ({ page, openBrowser }, testInfo) => {
	const network = networkFor('Aid Yard', 'open', testInfo);
	await signIn(page, 'demo-admin');
	await createNetwork(page, network);
	const retention = page.getByRole('spinbutton', { name: msg('en', 'aid_retention_label') });

	await test.step('the settings start from the defaults, each number explained', async () => {
		await page.goto(`/n/${network.slug}/aid`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'aid_title', { network: network.name }));
		await expect(retention).toHaveValue('14');
		await expect(retention).toHaveAccessibleDescription(msg('en', 'aid_retention_hint'));
		await expect(page.getByRole('spinbutton', { name: msg('en', 'aid_claim_expiry_label') })).toHaveValue('48');
		await expect(page.getByRole('checkbox', { name: msg('en', 'category_legal') })).toBeChecked();
		await expect(page.getByRole('checkbox', { name: msg('en', 'aid_intake_label') })).toBeChecked();
		await checkA11y(page);
	});

	await test.step('a number out of range is refused with the range, and nothing else is lost', async () => {
		await retention.fill('400');
		await page.getByRole('textbox', { name: msg('en', 'aid_custom_label') }).fill('Pet food');
		await page.getByRole('button', { name: msg('en', 'aid_submit') }).click();
		const error = msg('en', 'aid_days_error', { min: 1, max: 365 });
		await expect(page.getByRole('alert').getByRole('link', { name: error })).toHaveAttribute('href', '#f-retentionDays');
		await expect(retention).toHaveAttribute('aria-invalid', 'true');
		await expect(retention).toHaveValue('400');
		await expect(page.getByRole('textbox', { name: msg('en', 'aid_custom_label') })).toHaveValue('Pet food');
		await checkA11y(page);
	});

	await test.step('no kind of help at all is refused', async () => {
		await retention.fill('30');
		for (const box of await page
			.getByRole('group', { name: msg('en', 'aid_categories_legend') })
			.getByRole('checkbox')
			.all())
			await box.uncheck();
		await page.getByRole('textbox', { name: msg('en', 'aid_custom_label') }).fill('');
		await page.getByRole('button', { name: msg('en', 'aid_submit') }).click();
		await expect(page.getByRole('alert').getByRole('link', { name: msg('en', 'aid_categories_required') })).toBeVisible();
		await expect(retention).toHaveValue('30');
		await expect(page.getByRole('checkbox', { name: msg('en', 'category_groceries') })).not.toBeChecked();
	});

	await test.step('saved settings are shown back', async () => {
		await page.getByRole('checkbox', { name: msg('en', 'category_groceries') }).check();
		await page.getByRole('checkbox', { name: msg('en', 'category_medicine') }).check();
		await page.getByRole('textbox', { name: msg('en', 'aid_custom_label') }).fill('Pet food\nBike repair');
		await page.getByRole('checkbox', { name: msg('en', 'aid_intake_label') }).uncheck();
		await page.getByRole('button', { name: msg('en', 'aid_submit') }).click();
		await expect(page).toHaveURL((u) => u.pathname === `/n/${network.slug}/aid` && u.searchParams.get('notice') === 'saved');
		await expect(page.getByRole('status')).toHaveText(msg('en', 'saved_notice'));
		await expect(retention).toHaveValue('30');
		await expect(page.getByRole('checkbox', { name: msg('en', 'category_groceries') })).toBeChecked();
		await expect(page.getByRole('checkbox', { name: msg('en', 'category_legal') })).not.toBeChecked();
		await expect(page.getByRole('textbox', { name: msg('en', 'aid_custom_label') })).toHaveValue('Pet food\nBike repair');
		await expect(page.getByRole('checkbox', { name: msg('en', 'aid_intake_label') })).not.toBeChecked();
		await checkA11y(page);
	});

	const visitor = await openBrowser();
	await test.step('with the form switched off, a visitor is told, and a post is refused', async () => {
		await visitor.goto(`/n/${network.slug}/ask`);
		await expect(visitor.getByRole('heading', { name: msg('en', 'intake_closed_heading') })).toBeVisible();
		await expect(visitor.getByRole('button', { name: msg('en', 'intake_submit') })).toHaveCount(0);
		await checkA11y(visitor);
		const origin = new URL(visitor.url()).origin;
		const post = await visitor.request.post(`/n/${network.slug}/ask`, {
			form: { category: 'groceries', description: 'Rice', urgency: 'days', area: 'x', contactName: 'A', phone: '555-0100' },
			headers: { origin, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(post.status()).toBe(403);
	});

	await test.step('switched on again, the form offers the chosen kinds and names the retention days', async () => {
		await page.getByRole('checkbox', { name: msg('en', 'aid_intake_label') }).check();
		await page.getByRole('button', { name: msg('en', 'aid_submit') }).click();
		await expect(page.getByRole('status')).toHaveText(msg('en', 'saved_notice'));
		await visitor.goto(`/n/${network.slug}/ask`);
		const kinds = visitor.getByRole('combobox', { name: msg('en', 'askf_category') }).locator('option');
		await expect(kinds).toHaveText([msg('en', 'askf_choose'), msg('en', 'category_groceries'), msg('en', 'category_medicine'), 'Pet food', 'Bike repair']);
		await expect(visitor.getByRole('listitem').filter({ hasText: /\b30 days\b/ })).toHaveCount(1);
		await checkA11y(visitor);
	});
});
