import type { Locator, Page } from '@playwright/test';
import { expectFieldError } from './account-helpers';
import { checkA11y, expect, expectLang, msg, signIn } from './fixtures';
import { csvFile, DEMO_NAMES, DEMO_NETWORK, expectSummaryLink, factValue, labelled, labelledName, localDate, money, msgPattern } from './fund-helpers';
import { test, uniqueTag } from './network-helpers';

/**
 * A rent fund from start to payment, as people do it, with and without JavaScript, in English
 * and Spanish: an admin creates it with named approvers, a steward records a donation and
 * imports a payment provider's CSV, then records a neighbour's rent request; two other
 * approvers approve it, one looks at the payee on purpose and records the payment. The public
 * page and the bookkeeping export must never show the payee, the household or a donor.
 *
 * The demo network is shared with the other project and other spec files, so each run makes a
 * fund of its own (its name carries the project and a random tag) and reads only that fund.
 */

// One flow through about thirty pages, each checked by axe: on two shared cores an axe run takes
// 5–12 s (more without JavaScript, where it runs on a twin page), so the flow takes minutes.
// A guard against a hang, not a measure.
test.describe.configure({ timeout: 420_000 });

// What must stay private: the payee and its reference, the household, the note and a donor's name.
const PAYEE = 'Elm St Property LLC';
const PAYEE_REF = 'ACCT-7781';
const HOUSEHOLD = 'Garcia 555-0100';
const NOTE = 'The landlord sent a late notice; the family can cover the rest of the month.';
const DONOR = 'Ana';

const VARIANTS = [
	// "12.345" has three decimals in English; in Spanish the dot groups thousands (12 345 is a fine
	// amount there), so the Spanish run types a negative amount instead.
	{ locale: 'en', browserLocale: 'en-GB', badAmount: '12.345', badAmountError: 'error_amount_too_precise' },
	{ locale: 'es', browserLocale: 'es-ES', badAmount: '-5', badAmountError: 'error_amount_not_positive' }
] as const;

function heading(page: Page): Locator {
	return page.getByRole('heading', { level: 1 });
}

/** A link in the fund page's list of what one can do with the fund. */
async function openFundTool(page: Page, locale: string, fundPath: string, key: string): Promise<void> {
	await page.goto(fundPath);
	await page
		.getByRole('navigation', { name: msg(locale, 'fund_actions_label') })
		.getByRole('link', { name: msg(locale, key), exact: true })
		.click();
}

for (const v of VARIANTS) {
	test(`a fund takes donations and an import, and pays a neighbour's rent after two approvals (${v.locale})`, async ({ openBrowser }, testInfo) => {
		const L = v.locale;
		const tag = uniqueTag(testInfo);
		const fundName = `Rent fund ${tag}`;
		const purpose = `Rent and utility help for the school's families (${tag}).`;
		let fundPath = '';
		let requestPath = '';

		const admin = await openBrowser({ locale: v.browserLocale });
		const steward = await openBrowser({ locale: v.browserLocale });
		const neighbor = await openBrowser({ locale: v.browserLocale });
		await admin.goto('/signin');
		await expectLang(admin, L);
		await checkA11y(admin);
		await signIn(admin, 'demo-admin');
		await signIn(steward, 'demo-steward');
		await signIn(neighbor, 'demo-neighbor');

		await test.step('Rosa creates the fund; too few approvals or approvers are refused, and what she typed is kept', async () => {
			await admin.goto(`/n/${DEMO_NETWORK.slug}/funds`);
			await expectLang(admin, L);
			await expect(heading(admin)).toHaveText(msg(L, 'funds_title', { network: DEMO_NETWORK.name }));
			await checkA11y(admin);
			await admin
				.getByRole('main')
				.getByRole('link', { name: msg(L, 'funds_new_link') })
				.click();
			await expect(heading(admin)).toHaveText(msg(L, 'fund_new_title'));
			await checkA11y(admin);

			const name = labelled(admin, L, 'fund_form_name_label');
			const purposeField = labelled(admin, L, 'fund_form_purpose_label');
			const approvals = labelled(admin, L, 'fund_form_approvals_label');
			const named = admin.getByRole('radio', { name: msg(L, 'fund_form_approvers_named') });
			const approver = (who: string): Locator => admin.getByRole('checkbox', { name: who, exact: true });
			await name.fill(fundName);
			await purposeField.fill(purpose);
			await labelled(admin, L, 'fund_form_currency_label').fill('USD');
			await approvals.fill('1');
			await named.check();
			await approver(DEMO_NAMES.admin).check();
			await approver(DEMO_NAMES.steward).check();
			await expect(labelled(admin, L, 'fund_form_max_request_label')).toHaveValue('');
			await expect(labelled(admin, L, 'fund_form_max_household_label')).toHaveValue('');
			await expect(admin.getByRole('checkbox', { name: msg(L, 'fund_form_public_label') })).toBeChecked();
			const submit = admin.getByRole('main').getByRole('button', { name: msg(L, 'fund_new_submit') });

			// One approval would let a single person pay out money.
			await submit.click();
			await expectFieldError(admin, 'approvalsRequired', msg(L, 'error_invalid'));
			await expect(name).toHaveValue(fundName);
			await expect(purposeField).toHaveValue(purpose);
			await expect(approvals).toHaveValue('1');
			await expect(named).toBeChecked();
			await expect(approver(DEMO_NAMES.admin)).toBeChecked();
			await expect(approver(DEMO_NAMES.steward)).toBeChecked();
			await expect(approver(DEMO_NAMES.neighbor)).not.toBeChecked();
			await checkA11y(admin);

			// Two approvals from two named people: whoever records a request could not be replaced.
			await approvals.fill('2');
			await submit.click();
			const tooFew = msg(L, 'error_approvers_too_few');
			await expect(admin.locator('#f-approverIds-error')).toHaveText(tooFew);
			await expect(admin.getByRole('group', { name: msg(L, 'fund_form_approvers_legend') })).toHaveAccessibleDescription(tooFew);
			await expectSummaryLink(admin, tooFew, 'f-approverIds');
			await expect(name).toHaveValue(fundName);
			await expect(purposeField).toHaveValue(purpose);
			await expect(approvals).toHaveValue('2');
			await expect(named).toBeChecked();
			await expect(approver(DEMO_NAMES.steward)).toBeChecked();
			await checkA11y(admin);

			await approver(DEMO_NAMES.neighbor).check();
			await submit.click();
			await expect(admin).toHaveURL((u) => /^\/n\/maple-street\/funds\/[^/]+$/.test(u.pathname) && u.searchParams.get('notice') === 'created');
			fundPath = new URL(admin.url()).pathname;
			await expect(admin.getByRole('status')).toHaveText(msg(L, 'fund_created_notice'));
			await expect(heading(admin)).toHaveText(fundName);
			await expect(admin.getByRole('main')).toContainText(purpose);
			const rules = admin.getByRole('region', { name: msg(L, 'fund_rules_heading') });
			await expect(rules).toContainText(msgPattern(L, 'fund_rules_approvals_named', { count: 2 }));
			for (const who of Object.values(DEMO_NAMES)) await expect(rules).toContainText(who);
			await checkA11y(admin);
		});

		await test.step('Marcus records a donation; a bad amount is refused and the rest is kept', async () => {
			await openFundTool(steward, L, fundPath, 'fund_link_donations');
			await expectLang(steward, L);
			await expect(heading(steward)).toHaveText(msg(L, 'donations_title', { fund: fundName }));
			await checkA11y(steward);
			const amount = labelled(steward, L, 'donation_amount_label', { currency: 'USD' });
			const fee = labelled(steward, L, 'donation_fee_label');
			const method = steward.getByLabel(msg(L, 'donation_method_label'), { exact: true });
			const reference = labelled(steward, L, 'donation_reference_label');
			await amount.fill(v.badAmount);
			await fee.fill('15.00');
			await method.selectOption({ label: msg(L, 'fund_method_cash') });
			await reference.fill(`Receipt ${tag}`);
			await steward.getByRole('button', { name: msg(L, 'donation_record_submit') }).click();
			await expectFieldError(steward, 'amount', msg(L, v.badAmountError));
			await expect(amount).toHaveValue(v.badAmount);
			await expect(fee).toHaveValue('15.00');
			await expect(method.locator('option:checked')).toHaveText(msg(L, 'fund_method_cash'));
			await expect(reference).toHaveValue(`Receipt ${tag}`);
			await checkA11y(steward);

			await amount.fill('500.00');
			await steward.getByRole('button', { name: msg(L, 'donation_record_submit') }).click();
			await expect(steward.getByRole('status')).toHaveText(msg(L, 'donation_recorded_notice'));
			const row = steward.getByRole('row').filter({ hasText: `Receipt ${tag}` });
			await expect(row).toHaveCount(1);
			await expect(row).toContainText(money(50_000, L));
			await expect(row).toContainText(msg(L, 'donation_fee_short', { fee: money(1_500, L) }));
			await expect(row).toContainText(msg(L, 'fund_method_cash'));
			await checkA11y(steward);
		});

		await test.step('Marcus imports a CSV: two new rows, and the same file again changes nothing', async () => {
			const file = csvFile(
				'donations.csv',
				`Date,Name,Gross,Fee,Transaction ID\n${localDate(-6)},${DONOR},100.00,3.20,TX-1\n${localDate(-5)},,250.00,0,TX-2\n`
			);
			await openFundTool(steward, L, fundPath, 'fund_link_import');
			await expect(heading(steward)).toHaveText(msg(L, 'import_title', { fund: fundName }));
			await checkA11y(steward);
			const upload = steward.getByLabel(msg(L, 'import_file_label'), { exact: true });
			const preview = steward.getByRole('region', { name: msg(L, 'import_preview_heading') });
			await upload.setInputFiles(file);
			await steward.getByLabel(msg(L, 'import_method_label'), { exact: true }).selectOption({ label: msg(L, 'fund_method_card_processor') });
			await steward.getByRole('button', { name: msg(L, 'import_preview_submit') }).click();
			await expect(preview).toContainText(msg(L, 'import_counts', { new: 2, already: 0, repeats: 0, errors: 0 }));
			for (const ref of ['TX-1', 'TX-2']) await expect(preview.getByRole('row').filter({ hasText: ref })).toContainText(msg(L, 'import_status_new'));
			await checkA11y(steward);

			const imported = { count: 2, amount: money(35_000, L) };
			await preview.getByRole('button', { name: msg(L, 'import_commit_submit', imported) }).click();
			await expect(steward.getByRole('status')).toHaveText(msg(L, 'import_done', imported));
			await checkA11y(steward);

			await upload.setInputFiles(file);
			await steward.getByRole('button', { name: msg(L, 'import_preview_submit') }).click();
			await expect(preview).toContainText(msg(L, 'import_counts', { new: 0, already: 2, repeats: 0, errors: 0 }));
			await expect(preview).toContainText(msg(L, 'error_csv_nothing_new'));
			for (const ref of ['TX-1', 'TX-2']) await expect(preview.getByRole('row').filter({ hasText: ref })).toContainText(msg(L, 'import_status_already'));
			await expect(preview.getByRole('button')).toHaveCount(0);
			await checkA11y(steward);
		});

		await test.step("a file with a negative amount lists the row's problem and offers no import", async () => {
			const bad = csvFile('refunds.csv', `Date,Name,Gross,Fee,Transaction ID\n${localDate(-4)},Bo,40.00,0,TX-3\n${localDate(-4)},,-20.00,0,TX-4\n`);
			await steward.getByLabel(msg(L, 'import_file_label'), { exact: true }).setInputFiles(bad);
			await steward.getByRole('button', { name: msg(L, 'import_preview_submit') }).click();
			const preview = steward.getByRole('region', { name: msg(L, 'import_preview_heading') });
			await expect(preview).toContainText(msg(L, 'import_counts', { new: 1, already: 0, repeats: 0, errors: 1 }));
			const badRow = preview.getByRole('row').filter({ hasText: 'TX-4' });
			await expect(badRow).toContainText(msg(L, 'import_status_error'));
			await expect(badRow).toContainText(`${msg(L, 'import_field_amount')}: ${msg(L, 'error_amount_not_positive')}`);
			await expect(preview).toContainText(msg(L, 'error_csv_row_errors'));
			// All or nothing: the good row waits until the file is fixed.
			await expect(preview.getByRole('button')).toHaveCount(0);
			await checkA11y(steward);
		});

		await test.step("stewards see the imported donations with the donor's name", async () => {
			// So the public page's silence about the donor below means something.
			await openFundTool(steward, L, fundPath, 'fund_link_donations');
			await expect(steward.getByRole('row').filter({ hasText: 'TX-1' })).toContainText(DONOR);
			await expect(steward.getByRole('row').filter({ hasText: 'TX-2' })).toContainText(msg(L, 'donation_anonymous'));
			await expect(steward.getByRole('row').filter({ hasText: 'TX-3' })).toHaveCount(0);
			await checkA11y(steward);
		});

		await test.step('Marcus records a rent request for a neighbour and cannot approve it himself', async () => {
			await openFundTool(steward, L, fundPath, 'fund_link_request_neighbour');
			await expect(heading(steward)).toHaveText(msg(L, 'request_new_title_neighbour', { fund: fundName }));
			await checkA11y(steward);
			await steward.getByRole('radio', { name: msg(L, 'fund_purpose_rent'), exact: true }).check();
			await labelled(steward, L, 'request_amount_label', { currency: 'USD' }).fill('600.00');
			await labelled(steward, L, 'request_household_label').fill(HOUSEHOLD);
			await labelled(steward, L, 'request_payee_label').fill(PAYEE);
			await labelled(steward, L, 'request_payee_ref_label').fill(PAYEE_REF);
			await labelled(steward, L, 'request_note_label').fill(NOTE);
			await steward.getByRole('button', { name: msg(L, 'request_submit') }).click();
			await expect(steward).toHaveURL((u) => u.pathname.startsWith(`${fundPath}/requests/`) && u.searchParams.get('notice') === 'created');
			requestPath = new URL(steward.url()).pathname;
			await expect(steward.getByRole('status')).toHaveText(msg(L, 'request_created_notice'));
			await expect(heading(steward)).toHaveText(msg(L, 'request_title', { purpose: msg(L, 'fund_purpose_rent'), amount: money(60_000, L) }));
			await expect(factValue(steward, L, 'requests_col_status')).toHaveText(msg(L, 'fund_status_pending'));
			await expect(factValue(steward, L, 'request_approvals_label')).toHaveText(msg(L, 'requests_approvals', { count: 0, needed: 2 }));
			// Named as an approver, but he recorded it: someone else must decide.
			await expect(steward.getByRole('button', { name: msg(L, 'request_approve_submit'), exact: true })).toHaveCount(0);
			await expect(steward.getByRole('heading', { name: msg(L, 'request_approve_heading'), exact: true })).toHaveCount(0);
			await checkA11y(steward);
		});

		await test.step('Rosa approves, then Lin, and the request is approved', async () => {
			await admin.goto(requestPath);
			await expect(factValue(admin, L, 'requests_col_status')).toHaveText(msg(L, 'fund_status_pending'));
			await checkA11y(admin);
			// Each decision form has its own note box, and each box is named by its own label (a
			// label names only the first element with the id it points to). Soft, so the flow goes on.
			const decide = admin.getByRole('region', { name: msg(L, 'request_act_heading') });
			await expect.soft(decide.getByRole('textbox', { name: labelledName(L, 'request_question_label') }), 'the question box has a name').toHaveCount(1);
			await expect
				.soft(decide.getByRole('textbox', { name: labelledName(L, 'request_comment_label') }), 'approve, decline and comment note boxes have names')
				.toHaveCount(3);
			await admin.getByRole('button', { name: msg(L, 'request_approve_submit'), exact: true }).click();
			await expect(admin.getByRole('status')).toHaveText(msg(L, 'request_approved_notice', { status: msg(L, 'fund_status_pending') }));
			await expect(factValue(admin, L, 'request_approvals_label')).toHaveText(msg(L, 'requests_approvals', { count: 1, needed: 2 }));
			await expect(admin.getByRole('button', { name: msg(L, 'request_approve_submit'), exact: true })).toHaveCount(0);
			await checkA11y(admin);

			await openFundTool(neighbor, L, fundPath, 'fund_link_requests');
			await expect(heading(neighbor)).toHaveText(msg(L, 'requests_title', { fund: fundName }));
			await checkA11y(neighbor);
			await neighbor
				.getByRole('table')
				.getByRole('link', { name: msg(L, 'fund_purpose_rent') })
				.click();
			await expect(neighbor).toHaveURL((u) => u.pathname === requestPath);
			await checkA11y(neighbor);
			await neighbor.getByRole('button', { name: msg(L, 'request_approve_submit'), exact: true }).click();
			await expect(neighbor.getByRole('status')).toHaveText(msg(L, 'request_approved_notice', { status: msg(L, 'fund_status_approved') }));
			await expect(factValue(neighbor, L, 'requests_col_status')).toHaveText(msg(L, 'fund_status_approved'));
			await expect(factValue(neighbor, L, 'request_approved_amount')).toHaveText(money(60_000, L));
			await checkA11y(neighbor);
		});

		await test.step('Rosa looks at the payee on purpose and records the payment', async () => {
			await admin.goto(requestPath);
			const privatePart = admin.getByRole('region', { name: msg(L, 'request_private_heading') });
			await expect(privatePart).not.toContainText(PAYEE);
			await admin.getByRole('button', { name: msg(L, 'request_reveal_submit') }).click();
			await expect(privatePart).toContainText(PAYEE);
			await expect(privatePart).toContainText(PAYEE_REF);
			await expect(privatePart).toContainText(NOTE);
			await expect(privatePart).toContainText(msg(L, 'request_reveal_logged'));
			await checkA11y(admin);

			await admin.getByLabel(msg(L, 'request_pay_method_label'), { exact: true }).selectOption({ label: msg(L, 'fund_method_check') });
			await labelled(admin, L, 'request_pay_reference_label').fill('CHK-1001');
			await admin.getByRole('button', { name: msg(L, 'request_pay_submit') }).click();
			await expect(admin.getByRole('status')).toHaveText(msg(L, 'request_step_notice', { status: msg(L, 'fund_status_paid') }));
			await expect(factValue(admin, L, 'requests_col_status')).toHaveText(msg(L, 'fund_status_paid'));
			await expect(factValue(admin, L, 'request_paid_label')).toContainText(msg(L, 'fund_method_check'));
			await expect(factValue(admin, L, 'request_paid_label')).toContainText('CHK-1001');
			await checkA11y(admin);
		});

		await test.step('anyone can open the public page, and it names nobody', async () => {
			// Signed out, in a browser of its own; the Spanish visitor switches with the footer form.
			const visitor = await openBrowser({ locale: 'en-GB' });
			const first = await visitor.goto(fundPath);
			expect(first?.status()).toBe(200);
			const firstHtml = (await first?.text()) ?? '';
			if (L !== 'en') {
				await visitor.getByLabel(msg('en', 'language_label')).selectOption(L);
				await visitor.getByRole('button', { name: msg('en', 'language_change') }).click();
				await expect(visitor).toHaveURL((u) => u.pathname === fundPath);
			}
			await expectLang(visitor, L);
			const res = await visitor.request.get(fundPath);
			expect(res.status()).toBe(200);
			const pages = [firstHtml, await res.text()];
			for (const html of pages) {
				expect(html).toContain(fundName);
				for (const secret of [PAYEE, PAYEE_REF, HOUSEHOLD, 'Garcia', NOTE]) expect(html).not.toContain(secret);
				expect(html).not.toMatch(new RegExp(`\\b${DONOR}\\b`));
			}
			await expect(heading(visitor)).toHaveText(fundName);
			const published = visitor.getByRole('region', { name: msg(L, 'fund_public_heading') });
			await expect(published).toContainText(msg(L, 'fund_public_none_yet', { k: 5 }));
			// The balances and the tools are for members.
			await expect(visitor.getByRole('heading', { name: msg(L, 'fund_now_heading') })).toHaveCount(0);
			await expect(visitor.getByRole('navigation', { name: msg(L, 'fund_actions_label') })).toHaveCount(0);
			await checkA11y(visitor);
		});

		await test.step('the ledger checks clean, and the entries export has the payment and no names', async () => {
			await openFundTool(steward, L, fundPath, 'fund_link_ledger');
			await expect(heading(steward)).toHaveText(msg(L, 'ledger_title', { fund: fundName }));
			await checkA11y(steward);
			// The check reads the whole network's ledger, so it runs when someone asks for it.
			const ledgerCheck = steward.getByRole('region', { name: msg(L, 'ledger_check_heading') });
			await ledgerCheck.getByRole('button', { name: msg(L, 'ledger_check_submit') }).click();
			await expect(ledgerCheck.getByRole('status')).toHaveText(msgPattern(L, 'ledger_check_clean'));
			await expect(ledgerCheck.getByRole('alert')).toHaveCount(0);
			await checkA11y(steward);

			const link = steward.getByRole('link', { name: msg(L, 'ledger_export_entries') });
			await expect(link).toHaveCount(1);
			const href = await link.getAttribute('href');
			expect(href).not.toBeNull();
			const res = await steward.request.get(href ?? '');
			expect(res.status()).toBe(200);
			expect(res.headers()['content-type']).toMatch(/^text\/csv/);
			const csv = await res.text();
			const payments = csv.split(/\r?\n/).filter((line) => line.split(',')[1] === 'payment');
			expect(payments.length).toBeGreaterThan(0);
			expect(payments.some((line) => line.includes('600.00'))).toBe(true);
			for (const secret of [PAYEE, PAYEE_REF, HOUSEHOLD, NOTE]) expect(csv).not.toContain(secret);
			expect(csv).not.toMatch(new RegExp(`\\b${DONOR}\\b`));

			// The browser saves it as a file rather than showing it.
			const [download] = await Promise.all([steward.waitForEvent('download'), link.click()]);
			expect(download.suggestedFilename()).toMatch(/-entries-\d{4}\.csv$/);
		});
	});
}
