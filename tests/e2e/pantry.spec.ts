import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { STARTER_CATALOGUE } from '../../src/lib/domain/pantry-catalogue';
import { dayOfWeek } from '../../src/lib/domain/recurrence';
import { localDay } from '../../src/lib/domain/days';
import { openDatabase } from '../../src/lib/server/db/index';
import { checkStock } from '../../src/lib/server/pantry/stock.service';
import { checkA11y, expect, expectLang, msg, SERVERS, signIn } from './fixtures';
import { createNetwork, networkFor, test } from './network-helpers';

/**
 * A school pantry from nothing, as its organiser does it, with and without JavaScript, in English
 * and Spanish: a new network adopts the starter list, adds its pantry, counts a night's donations
 * in tally mode (each tap a form post), defines the Thursday bag, schedules a distribution every
 * other Thursday, is refused 60 bags it cannot fill (and told exactly what is short), gives out 55,
 * sees what the next one will be short of on the public list, and exports the month. The stock the
 * server holds must then match its ledger exactly (the drift check, read from the server's file).
 */

// About twenty pages, each checked by axe (5–12 s on two shared cores): a guard against a hang.
test.describe.configure({ timeout: 420_000 });

const VARIANTS = [
	{ locale: 'en', browserLocale: 'en-GB' },
	{ locale: 'es', browserLocale: 'es-ES' }
] as const;

function starter(code: string) {
	const item = STARTER_CATALOGUE.find((s) => s.code === code);
	if (!item) throw new Error(`no starter item ${code}`);
	return item;
}
const RICE = starter('rice');
const BEANS = starter('canned-black-beans');
const OIL = starter('cooking-oil');
const FLOUR = starter('flour');
const PASTA = starter('pasta');

function heading(page: Page): Locator {
	return page.getByRole('heading', { level: 1 });
}

function formFor(page: Page, action: string): Locator {
	return page.locator(`main form[action="?/${action}"]`);
}

/** Submits a form by its submit button (the only one, or the one named). */
async function submit(form: Locator, name?: string): Promise<void> {
	const buttons = form.locator('button[type="submit"]');
	await (name === undefined ? buttons.first() : form.getByRole('button', { name, exact: true })).click();
}

function status(page: Page): Locator {
	return page.getByRole('status');
}

for (const v of VARIANTS) {
	test(`a pantry is set up, takes a night's donations by tally, gives out 55 bags and knows what to ask for next (${v.locale})`, async ({
		openBrowser
	}, testInfo) => {
		const L = v.locale;
		const name = (i: { names: { en: string; es: string } }) => i.names[L];
		const network = networkFor('Pantry', 'open', testInfo);
		const base = `/n/${network.slug}/pantry`;
		const today = localDay(new Date());
		const page = await openBrowser({ locale: v.browserLocale });

		await test.step('Rosa makes a network for the school and adopts the starter list', async () => {
			// The network form is checked in English by the networks flow; the pantry is run in the variant's language.
			const setup = await openBrowser({ locale: 'en-GB' });
			await signIn(setup, 'demo-admin');
			await createNetwork(setup, network);
			await signIn(page, 'demo-admin');
			await page.goto(base);
			await expectLang(page, L);
			await expect(heading(page)).toHaveText(msg(L, 'pantry_title'));
			await checkA11y(page);
			await submit(formFor(page, 'adopt'));
			await expect(status(page)).toContainText(msg(L, 'pantry_adopted_notice', { count: STARTER_CATALOGUE.length }));
			await page.goto(`${base}/items?q=${encodeURIComponent(name(RICE))}`);
			await expect(page.getByRole('main')).toContainText(name(RICE));
			await checkA11y(page);
		});

		await test.step('she adds the school pantry; hours it cannot read are refused and what she typed stays', async () => {
			await page.goto(`${base}/locations`);
			await checkA11y(page);
			const add = formFor(page, 'add');
			await add.locator('[name="name"]').fill('School pantry');
			await add.locator('[name="hoursWeekly"]').fill('Thursdays after school');
			await add.locator('[name="address"]').fill('Room 4, side door');
			await submit(add);
			await expect(page.getByRole('alert').first()).toContainText(msg(L, 'error_hours_invalid'));
			await expect(formFor(page, 'add').locator('[name="address"]')).toHaveValue('Room 4, side door');
			await expect(formFor(page, 'add').locator('[name="name"]')).toHaveValue('School pantry');
			await checkA11y(page);
			await formFor(page, 'add').locator('[name="hoursWeekly"]').fill('TH 15:00-17:00');
			await submit(formFor(page, 'add'));
			await expect(status(page)).toContainText(msg(L, 'pantry_place_created_notice'));
			await checkA11y(page);
		});

		await test.step('a night of donations is counted in tally mode, a tap at a time, with one undo', async () => {
			await page.goto(`${base}/tally`);
			await checkA11y(page);
			const start = formFor(page, 'start');
			await start.locator('[name="locationId"]').selectOption({ label: 'School pantry' });
			await submit(start);
			await expect(page).toHaveURL((u) => /\/pantry\/tally\/[0-9a-f-]{36}$/.test(u.pathname));
			await checkA11y(page);
			const tap = async (itemName: string, perTap: number, times: number) => {
				for (let i = 0; i < times; i++) {
					const form = formFor(page, 'tap');
					await form.locator('[name="quantity"]').fill(String(perTap));
					await form.locator('button[name="itemId"]').filter({ hasText: itemName }).first().click();
					await expect(status(page)).toContainText(msg(L, 'tally_tapped_notice', { quantity: perTap, item: itemName }));
				}
				// The item's button shows its running count for the whole tally.
				const button = formFor(page, 'tap').locator('button[name="itemId"]').filter({ hasText: itemName }).first();
				await expect(button).toContainText(msg(L, 'tally_button_count', { count: perTap * times }));
			};
			await tap(name(RICE), 60, 2);
			await tap(name(BEANS), 110, 2);
			await tap(name(OIL), 30, 2);
			// A mistaken tap, taken back: the undo is a correcting entry, and the count drops again.
			await tap(name(FLOUR), 5, 1);
			await submit(formFor(page, 'undo'));
			await expect(status(page)).toContainText(msg(L, 'tally_undone_notice'));
			await expect(
				formFor(page, 'tap')
					.locator('button[name="itemId"]')
					.filter({ hasText: name(FLOUR) })
					.first()
			).toContainText(msg(L, 'tally_button_count', { count: 0 }));
			await expect(page.locator('main .total')).toHaveText(msg(L, 'tally_total', { count: 120 + 220 + 60 }));
			await checkA11y(page);
			const finish = formFor(page, 'finish');
			await finish.locator('[name="confirm"]').check();
			await submit(finish);
			await expect(status(page)).toContainText(msg(L, 'tally_finished_notice'));
		});

		await test.step('a drop-off is recorded as a donation: an unreadable value is refused and the rows stay as typed', async () => {
			await page.goto(`${base}/donations`);
			await checkA11y(page);
			// The tally is in the list, with everything it counted.
			await expect(page.getByRole('main').locator('table')).toContainText(String(120 + 220 + 60));
			const record = formFor(page, 'record');
			await record
				.locator('select[name="item"]')
				.first()
				.selectOption({ label: name(PASTA) });
			await record.locator('input[name="quantity"]').first().fill('12');
			await record.locator('[name="locationId"]').selectOption({ label: 'School pantry' });
			await record.locator('[name="estimatedValue"]').fill('a lot');
			await submit(record);
			await expect(page.getByRole('alert').first()).toContainText(msg(L, 'error_amount_invalid'));
			const again = formFor(page, 'record');
			await expect(again.locator('input[name="quantity"]').first()).toHaveValue('12');
			await expect(again.locator('select[name="item"]').first().locator('option:checked')).toHaveText(name(PASTA));
			await checkA11y(page);
			await again.locator('[name="estimatedValue"]').fill('');
			await submit(again);
			await expect(status(page)).toContainText(msg(L, 'tally_donation_recorded_notice'));
			await checkA11y(page);
		});

		let kitName = '';
		await test.step('she defines the Thursday bag: 2 rice, 4 beans, 1 oil', async () => {
			kitName = L === 'es' ? 'Bolsa del jueves' : 'Thursday bag';
			await page.goto(`${base}/kits`);
			await checkA11y(page);
			const create = formFor(page, 'create');
			await create.locator('[name="name"]').fill(kitName);
			await submit(create);
			await expect(status(page)).toContainText(msg(L, 'pantry_kit_created_notice'));
			for (const [item, quantity] of [
				[RICE, '2'],
				[BEANS, '4'],
				[OIL, '1']
			] as const) {
				const line = formFor(page, 'line');
				await line.locator('[name="itemId"]').selectOption({ label: name(item) });
				await line.locator('[name="quantity"]').fill(quantity);
				await submit(line);
				await expect(status(page)).toContainText(msg(L, 'pantry_kit_line_set_notice'));
			}
			await checkA11y(page);
		});

		let occurrencePath = '';
		await test.step('she schedules the distribution every other week from today, 55 bags', async () => {
			await page.goto(`${base}/distributions`);
			await checkA11y(page);
			const create = formFor(page, 'create');
			await create.locator('[name="name"]').fill('Thursday pantry');
			await create.locator('[name="locationId"]').selectOption({ label: 'School pantry' });
			await create.locator('[name="place"]').fill('the school car park');
			await create.locator('input[name="frequency"][value="weekly"]').check();
			await create.locator('[name="interval"]').fill('2');
			await create.locator(`input[name="weekdays"][value="${dayOfWeek(today)}"]`).check();
			await create.locator('[name="startDay"]').fill(today);
			await create.locator('[name="startTime"]').fill('15:00');
			await create.locator('[name="endTime"]').fill('17:00');
			await create.locator('[name="kitId"]').selectOption({ label: kitName });
			await create.locator('[name="plannedBags"]').fill('55');
			await submit(create);
			await expect(status(page)).toContainText(msg(L, 'dist_created_notice'));
			await checkA11y(page);
			const link = page.locator(`main a[href*="/${encodeURIComponent(`${today}T15:00`)}"], main a[href*="/${today}T15:00"]`).first();
			await link.click();
			occurrencePath = new URL(page.url()).pathname;
			await checkA11y(page);
		});

		await test.step('60 bags are refused with what is short; 55 are given out', async () => {
			const give = formFor(page, 'give');
			await give.locator('[name="bags"]').fill('60');
			await submit(give);
			// 60 bags need 240 beans; the tally brought 220.
			const short = page.locator('.short-list');
			await expect(short).toContainText(name(BEANS));
			await expect(short).toContainText('20');
			await expect(formFor(page, 'give').locator('[name="bags"]')).toHaveValue('60');
			await checkA11y(page);
			await formFor(page, 'give').locator('[name="bags"]').fill('55');
			await submit(formFor(page, 'give'));
			await expect(status(page)).toContainText(msg(L, 'dist_given_notice'));
			const counts = formFor(page, 'counts');
			await counts.locator('[name="households"]').fill('52');
			await counts.locator('[name="walkIns"]').fill('3');
			await submit(counts);
			await checkA11y(page);
			expect(new URL(page.url()).pathname).toBe(occurrencePath);
		});

		await test.step('anyone can see what the next one is short of', async () => {
			const visitor = await openBrowser({ locale: v.browserLocale });
			await visitor.goto(`${base}/needs`);
			await expectLang(visitor, L);
			await expect(heading(visitor)).toHaveText(msg(L, 'needs_title', { network: network.name }));
			// After 55 bags: 10 rice, 0 beans and 5 oil left, and the next 55 bags need 110, 220 and 55.
			const bring = visitor.locator('main ul.bring li');
			const line = (item: typeof RICE, n: number) => msg(L, 'needs_bring_line', { item: name(item), count: n, unit: msg(L, `pantry_unit_${item.unit}`) });
			await expect(bring.filter({ hasText: line(RICE, 100) })).toHaveCount(1);
			await expect(bring.filter({ hasText: line(BEANS, 220) })).toHaveCount(1);
			await expect(bring.filter({ hasText: line(OIL, 50) })).toHaveCount(1);
			await checkA11y(visitor);
		});

		await test.step('the month is exported, with every movement and no names', async () => {
			await page.goto(`${base}/reports`);
			await checkA11y(page);
			const month = today.slice(0, 7);
			const res = await page.request.get(`${base}/export?kind=movements&month=${month}`);
			expect(res.status()).toBe(200);
			const csv = await res.text();
			const lines = csv.trim().split('\r\n');
			expect(lines[0]).toContain('date,record,record_kind,movement,place,item');
			// Six taps, one mistaken tap and its undo, the drop-off, and three lines of the 55 bags.
			expect(lines.length - 1).toBe(6 + 2 + 1 + 3);
			expect(csv).toContain(`distribution,School pantry,${RICE.names.en},,bag,-110`);
			expect(csv).not.toContain('demo-admin');
			const donations = await page.request.get(`${base}/export?kind=distributions&month=${month}`);
			expect(await donations.text()).toContain(`${today},15:00,Thursday pantry,School pantry,scheduled,55,52,3`);
		});

		await test.step('the stock the server holds matches its ledger', async () => {
			const handle = openDatabase({ kind: 'sqlite', file: join(SERVERS.demo.dataDir, 'demo.sqlite') });
			try {
				const row = await handle.db.selectFrom('networks').select('id').where('slug', '=', network.slug).executeTakeFirstOrThrow();
				const check = await checkStock({ db: handle.db }, { networkId: row.id });
				expect(check.movements).toBe(6 + 2 + 1 + 3);
				expect(check.drift).toEqual([]);
				expect(check.flowDrift).toEqual([]);
				expect(check.donationDrift).toEqual([]);
			} finally {
				await handle.close();
			}
		});
	});
}
