import type { Locator, Page } from '@playwright/test';
import { STARTER_CATALOGUE } from '../../src/lib/domain/pantry-catalogue';
import { dayOfWeek } from '../../src/lib/domain/recurrence';
import { localDay } from '../../src/lib/domain/days';
import { checkA11y, expect, expectLang, msg, signIn } from './fixtures';
import { createNetwork, networkFor, test, uniqueTag, type NewNetwork } from './network-helpers';

/**
 * More of the pantry, as stewards and visitors do it, with and without JavaScript, in English and
 * Spanish (each in a network of its own): an item list and the opening stock imported from
 * spreadsheets (problems shown row by row before anything is written); pick-up times booked by a
 * signed-out visitor with a nickname, found full by a second one, cancelled with the code; a
 * stock-take, an adjustment past what is on the shelf with the override, and its correction in the
 * ledger. Last, on the shared demo network, a delivery draws one standard bag (English only).
 */

// Each flow visits a dozen pages or more, each checked by axe (5–12 s on two shared cores).
test.describe.configure({ timeout: 420_000 });

const VARIANTS = [
	{ locale: 'en', browserLocale: 'en-GB' },
	{ locale: 'es', browserLocale: 'es-ES' }
] as const;
type Locale = (typeof VARIANTS)[number]['locale'];

function starter(code: string) {
	const item = STARTER_CATALOGUE.find((s) => s.code === code);
	if (!item) throw new Error(`no starter item ${code}`);
	return item;
}
const RICE = starter('rice');
const BEANS = starter('canned-black-beans');

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

/** A whole number as the pages write it in `locale` ("1,200" / "1200"; "-5"). */
function count(locale: Locale, n: number): string {
	return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

/** A row of the table in the section headed by `headingId`, whose row header holds `text`. */
function tableRow(page: Page, headingId: string, text: string): Locator {
	return page.locator(`main section[aria-labelledby="${headingId}"] tbody tr`).filter({ has: page.locator('th', { hasText: text }) });
}

/**
 * The steward's page in the variant's language, signed in as demo-admin, in a network of the
 * test's own (made in English: the network helper speaks English, and the networks flow checks it).
 */
async function stewardOf(network: NewNetwork, browserLocale: string, openBrowser: (o?: { locale?: string }) => Promise<Page>): Promise<Page> {
	const setup = await openBrowser({ locale: 'en-GB' });
	await signIn(setup, 'demo-admin');
	await createNetwork(setup, network);
	const page = await openBrowser({ locale: browserLocale });
	await signIn(page, 'demo-admin');
	return page;
}

/** Adds a place through the places page and answers its id, leaving the page on the new place. */
async function addPlace(page: Page, base: string, L: Locale, name: string): Promise<string> {
	await page.goto(`${base}/locations`);
	await expectLang(page, L);
	await checkA11y(page);
	const add = formFor(page, 'add');
	await add.locator('[name="name"]').fill(name);
	await submit(add);
	await expect(status(page)).toContainText(msg(L, 'pantry_place_created_notice'));
	await expect(heading(page)).toHaveText(name);
	await checkA11y(page);
	const id = /\/locations\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname)?.[1];
	if (!id) throw new Error(`not on a place page: ${page.url()}`);
	return id;
}

// ── 1. Import ───────────────────────────────────────────────────────────────────────────────

/** The items the spreadsheet holds, with what the list must show for each. */
const IMPORTED = [
	{ en: 'Brown rice', es: 'Arroz integral', size: '1 kg', category: 'dry_goods', unit: 'bag', min: 10, stock: 12 },
	{ en: 'Lentils', es: 'Lentejas', size: null, category: 'dry_goods', unit: 'bag', min: 5, stock: 30 },
	{ en: 'Tinned tomatoes', es: 'Tomates en lata', size: '400 g', category: 'canned_food', unit: 'can', min: 12, stock: 1200 }
] as const;

/** The item file as each steward would type it: headers, choices and numbers in their own language. */
function itemFile(L: Locale, lentils: { category: string; min: string }): string {
	if (L === 'es') {
		return [
			'nombre,name_es,categoría,unidad,talla,mínimo',
			'Brown rice,Arroz integral,abarrotes,bolsa,1 kg,10',
			`Lentils,Lentejas,${lentils.category},bolsas,,"${lentils.min}"`,
			'Tinned tomatoes,Tomates en lata,enlatados,latas,400 g,12'
		].join('\r\n');
	}
	return [
		'name,name_es,category,unit,size,min level',
		'Brown rice,Arroz integral,dry goods,bag,1 kg,10',
		`Lentils,Lentejas,${lentils.category},bags,,"${lentils.min}"`,
		'Tinned tomatoes,Tomates en lata,canned,cans,400 g,12'
	].join('\r\n');
}

/** The opening stock of one place, naming the items by their default name. */
function stockFile(L: Locale, place: string): string {
	const header = L === 'es' ? 'artículo,talla,ubicación,cantidad' : 'item,size,location,quantity';
	// A thousands separator as each language writes it: "1,200" in English, "1.200" in Spanish.
	const big = L === 'es' ? '1.200' : '1,200';
	return [header, `Brown rice,1 kg,${place},12`, `Lentils,,${place},30`, `Tinned tomatoes,400 g,${place},"${big}"`].join('\n');
}

/** Chooses what the file holds, attaches it (from memory, as a person's file picker would) and asks for the preview. */
async function upload(page: Page, kind: 'items' | 'stock', name: string, csv: string): Promise<void> {
	const form = formFor(page, 'preview');
	await form.locator(`input[name="kind"][value="${kind}"]`).check();
	await form.locator('input[name="file"]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
	await submit(form);
}

function preview(page: Page): Locator {
	return page.locator('main section[aria-labelledby="preview-h"]');
}

for (const v of VARIANTS) {
	test(`an item list and the opening stock come in from spreadsheets, every problem shown first (${v.locale})`, async ({ openBrowser }, testInfo) => {
		const L = v.locale;
		const network = networkFor('Import', 'open', testInfo);
		const base = `/n/${network.slug}/pantry`;
		const shown = (i: (typeof IMPORTED)[number]) => (L === 'es' ? i.es : i.en);
		const label = (i: (typeof IMPORTED)[number]) => (i.size === null ? shown(i) : `${shown(i)} · ${i.size}`);
		const page = await stewardOf(network, v.browserLocale, openBrowser);

		await test.step('a file with a row she cannot use is shown row by row, and nothing is imported', async () => {
			await page.goto(`${base}/import`);
			await expectLang(page, L);
			await expect(heading(page)).toHaveText(msg(L, 'prep_import_title'));
			await checkA11y(page);
			await upload(page, 'items', 'items.csv', itemFile(L, { category: L === 'es' ? 'comida espacial' : 'space food', min: L === 'es' ? '2,5' : '2.5' }));
			await expect(preview(page)).toContainText(msg(L, 'prep_counts', { new: 2, existing: 0, repeats: 0, errors: 1 }));
			// Line 3 of the file (the header is line 1): both its problems, each with the field it is in.
			const bad = preview(page)
				.getByRole('row')
				.filter({ has: page.getByRole('rowheader', { name: '3', exact: true }) });
			await expect(bad).toContainText(msg(L, 'prep_status_error'));
			await expect(bad).toContainText(`${msg(L, 'prep_field_category')}: ${msg(L, 'error_invalid_choice')}`);
			await expect(bad).toContainText(`${msg(L, 'prep_field_minLevel')}: ${msg(L, 'error_quantity_invalid')}`);
			const fine = preview(page)
				.getByRole('row')
				.filter({ has: page.getByRole('rowheader', { name: '2', exact: true }) });
			await expect(fine).toContainText(msg(L, 'prep_status_new'));
			await expect(preview(page)).toContainText(msg(L, 'error_csv_row_errors'));
			// With a problem in the file there is no import button at all.
			await expect(formFor(page, 'commit')).toHaveCount(0);
			await checkA11y(page);
			await page.goto(`${base}/items`);
			await expect(page.getByRole('main')).toContainText(msg(L, 'pantry_items_empty'));
			await checkA11y(page);
		});

		await test.step('the corrected file is previewed and imported, Spanish names and all', async () => {
			await page.goto(`${base}/import`);
			await upload(page, 'items', 'items.csv', itemFile(L, { category: L === 'es' ? 'abarrotes' : 'dry goods', min: '5' }));
			await expect(preview(page)).toContainText(msg(L, 'prep_counts', { new: 3, existing: 0, repeats: 0, errors: 0 }));
			await checkA11y(page);
			await submit(formFor(page, 'commit'), msg(L, 'prep_commit_submit', { count: 3 }));
			await expect(status(page)).toContainText(msg(L, 'prep_import_done', { count: 3 }));
			await checkA11y(page);

			await page.goto(`${base}/items`);
			await expect(page.getByRole('heading', { name: msg(L, 'pantry_items_count', { count: count(L, 3) }) })).toBeVisible();
			for (const i of IMPORTED) {
				const row = tableRow(page, 'list-h', shown(i));
				await expect(row).toHaveCount(1);
				if (L === 'es') {
					await expect(row.getByRole('rowheader').getByRole('link', { name: i.es, exact: true })).toBeVisible();
				} else {
					await expect(row.getByRole('rowheader').getByRole('link', { name: i.en, exact: true })).toBeVisible();
					await expect(row).toContainText(msg(L, 'pantry_item_name_other', { language: msg(L, 'language_name_es'), name: i.es }));
				}
				await expect(row).toContainText(msg(L, `pantry_category_${i.category}`));
				await expect(row).toContainText(msg(L, `pantry_unit_${i.unit}`));
				await expect(row.locator('td').nth(2)).toHaveText(i.size ?? '—');
				await expect(row.locator('td').nth(3)).toHaveText(count(L, i.min));
			}
			await checkA11y(page);
		});

		await test.step('a file without the columns an import needs is refused, naming them', async () => {
			await page.goto(`${base}/import`);
			await upload(page, 'stock', 'stock.csv', L === 'es' ? 'producto,notas\nLentils,ninguna\n' : 'product,notes\nLentils,none\n');
			const expected = `${msg(L, 'error_csv_columns')} ${msg(L, 'prep_missing', { columns: `${msg(L, 'prep_field_location')}, ${msg(L, 'prep_field_quantity')}` })}`;
			await expect(page.getByRole('main').getByRole('alert')).toContainText(expected);
			await expect(page.locator('#f-file-error')).toHaveText(expected);
			await expect(preview(page)).toHaveCount(0);
			await checkA11y(page);
		});

		const placeName = L === 'es' ? 'Cuarto del fondo' : 'Back room';
		const placeId = await test.step('she adds the place the stock is in', async () => addPlace(page, base, L, placeName));

		const expectLevels = async () => {
			for (const i of IMPORTED) {
				const row = tableRow(page, 'stock-h', label(i));
				await expect(row).toHaveCount(1);
				await expect(row.locator('td').nth(1)).toHaveText(
					msg(L, 'pantry_quantity_unit', { quantity: count(L, i.stock), unit: msg(L, `pantry_unit_${i.unit}`) })
				);
			}
			await expect(page.locator('main section[aria-labelledby="stock-h"] tbody tr')).toHaveCount(IMPORTED.length);
		};

		await test.step('the opening stock is previewed, imported, and the place shows the counted numbers', async () => {
			await page.goto(`${base}/import`);
			await upload(page, 'stock', 'stock.csv', stockFile(L, placeName));
			await expect(preview(page)).toContainText(msg(L, 'prep_counts', { new: 3, existing: 0, repeats: 0, errors: 0 }));
			await expect(
				preview(page)
					.getByRole('row')
					.filter({ has: page.getByRole('rowheader', { name: '4', exact: true }) })
			).toContainText(`Tinned tomatoes · 400 g @ ${placeName}`);
			await checkA11y(page);
			await submit(formFor(page, 'commit'), msg(L, 'prep_commit_submit', { count: 3 }));
			await expect(status(page)).toContainText(msg(L, 'prep_import_done', { count: 3 }));
			await checkA11y(page);
			await page.goto(`${base}/locations/${placeId}`);
			await expectLevels();
			await checkA11y(page);
		});

		await test.step('the same stock file imported again changes no level', async () => {
			await page.goto(`${base}/import`);
			await upload(page, 'stock', 'stock.csv', stockFile(L, placeName));
			// Every shelf already holds its number: nothing is new, and there is nothing to import.
			await expect(preview(page)).toContainText(msg(L, 'prep_counts', { new: 0, existing: 3, repeats: 0, errors: 0 }));
			await expect(preview(page)).toContainText(msg(L, 'prep_import_nothing'));
			await expect(formFor(page, 'commit')).toHaveCount(0);
			await checkA11y(page);
			await page.goto(`${base}/locations/${placeId}`);
			await expectLevels();
			// One stock-take in the place's records: the first import's.
			await page.getByRole('link', { name: msg(L, 'pantry_place_ledger_link') }).click();
			const takes = page.locator('main tbody tr').filter({ has: page.locator('th', { hasText: msg(L, 'pantry_batch_count') }) });
			await expect(takes).toHaveCount(1);
			await checkA11y(page);
		});
	});
}

// ── 2. Pick-up booking ──────────────────────────────────────────────────────────────────────

for (const v of VARIANTS) {
	test(`a visitor books a pick-up time with a nickname, the next finds it full, and a cancel frees it (${v.locale})`, async ({ openBrowser }, testInfo) => {
		const L = v.locale;
		const network = networkFor('Pickup', 'open', testInfo);
		const base = `/n/${network.slug}/pantry`;
		const today = localDay(new Date());
		const tag = uniqueTag(testInfo);
		const first = `Robin ${tag}`;
		const second = `Sam ${tag}`;
		const distName = L === 'es' ? 'Despensa semanal' : 'Weekly pantry';
		const page = await stewardOf(network, v.browserLocale, openBrowser);

		await test.step('the steward adds a place', async () => {
			await addPlace(page, base, L, L === 'es' ? 'Salón parroquial' : 'Church hall');
		});

		let occurrencePath = '';
		let bookingPath = '';
		await test.step('she schedules a weekly distribution from today with 15-minute times for one household each', async () => {
			await page.goto(`${base}/distributions`);
			await checkA11y(page);
			const create = formFor(page, 'create');
			await create.locator('[name="name"]').fill(distName);
			await create.locator('[name="place"]').fill(L === 'es' ? 'la puerta lateral' : 'the side door');
			await create.locator('input[name="frequency"][value="weekly"]').check();
			await create.locator('[name="interval"]').fill('1');
			await create.locator(`input[name="weekdays"][value="${dayOfWeek(today)}"]`).check();
			await create.locator('[name="startDay"]').fill(today);
			await create.locator('[name="startTime"]').fill('15:00');
			await create.locator('[name="endTime"]').fill('17:00');
			await create.locator('[name="plannedBags"]').fill('10');
			await create.locator('[name="slotMinutes"]').fill('15');
			await create.locator('[name="slotCapacity"]').fill('1');
			await submit(create);
			await expect(status(page)).toContainText(msg(L, 'dist_created_notice'));
			await expect(page.getByRole('main')).toContainText(msg(L, 'dist_slots_summary', { minutes: count(L, 15), households: count(L, 1) }));
			await checkA11y(page);
			await page
				.locator(`main a[href*="/${encodeURIComponent(`${today}T15:00`)}"], main a[href*="/${today}T15:00"]`)
				.first()
				.click();
			occurrencePath = new URL(page.url()).pathname;
			await expect(page.getByRole('heading', { name: msg(L, 'dist_slots_heading') })).toBeVisible();
			await expect(tableRow(page, 'slots-h', '15:00–15:15')).toContainText(`${count(L, 0)} / ${count(L, 1)}`);
			await checkA11y(page);
			const href = await page.getByRole('link', { name: msg(L, 'dist_slots_public_link') }).getAttribute('href');
			if (href === null) throw new Error('no booking link on the occurrence page');
			bookingPath = href;
			expect(bookingPath).toMatch(new RegExp(`^/n/${network.slug}/pickup/[0-9a-f-]{36}/`));
		});

		const slot = (p: Page, time: string) => formFor(p, 'book').locator('label.choice').filter({ hasText: time }).locator('input[type="radio"]');

		// Both visitors open the page while every time is free; the second books a moment too late.
		const visitor = await openBrowser({ locale: v.browserLocale });
		const latecomer = await openBrowser({ locale: v.browserLocale });
		await test.step('two signed-out visitors open the booking page', async () => {
			for (const p of [visitor, latecomer]) {
				await p.goto(bookingPath);
				await expectLang(p, L);
				await expect(heading(p)).toHaveText(msg(L, 'pickup_title', { name: distName }));
				await expect(slot(p, '15:00–15:15')).toBeEnabled();
			}
			await expect(formFor(visitor, 'book').locator('label.choice')).toHaveCount(8);
			await checkA11y(visitor);
		});

		let code = '';
		await test.step('the first books 15:00 with a nickname and is given a cancel code', async () => {
			await slot(visitor, '15:00–15:15').check();
			await formFor(visitor, 'book').locator('[name="name"]').fill(first);
			await submit(formFor(visitor, 'book'));
			const booked = visitor.locator('main section.booked');
			await expect(booked).toHaveAttribute('role', 'status');
			await expect(booked.getByRole('heading', { name: msg(L, 'pickup_booked_heading') })).toBeVisible();
			await expect(booked).toContainText('15:00–15:15');
			await expect(booked).toContainText(msg(L, 'pickup_code_keep'));
			code = ((await booked.locator('.code').textContent()) ?? '').trim();
			expect(code).toMatch(/^\S{6,}$/);
			await checkA11y(visitor);
		});

		await test.step('the second tries the same time: it is full now, and the name they typed stays', async () => {
			await slot(latecomer, '15:00–15:15').check();
			await formFor(latecomer, 'book').locator('[name="name"]').fill(second);
			await submit(formFor(latecomer, 'book'));
			await expect(latecomer.getByRole('main').getByRole('alert')).toContainText(msg(L, 'error_slot_full'));
			await expect(formFor(latecomer, 'book').locator('[name="name"]')).toHaveValue(second);
			await expect(slot(latecomer, '15:00–15:15')).toBeDisabled();
			await expect(formFor(latecomer, 'book').locator('label.choice').filter({ hasText: '15:00–15:15' })).toContainText(msg(L, 'pickup_slot_full'));
			await expect(slot(latecomer, '15:15–15:30')).toBeEnabled();
			await checkA11y(latecomer);
		});

		await test.step('a code nobody was given cancels nothing', async () => {
			const cancel = formFor(latecomer, 'cancel');
			await cancel.locator('[name="code"]').fill('NOT-A-CODE');
			await submit(cancel);
			await expect(latecomer.getByRole('main').getByRole('alert')).toContainText(msg(L, 'pickup_code_unknown'));
			await expect(slot(latecomer, '15:00–15:15')).toBeDisabled();
			await checkA11y(latecomer);
		});

		await test.step('the steward sees the time taken, and the name only when she asks for it', async () => {
			await page.goto(occurrencePath);
			const row = tableRow(page, 'slots-h', '15:00–15:15');
			await expect(row).toContainText(`${count(L, 1)} / ${count(L, 1)}`);
			await expect(row).toContainText(msg(L, 'dist_slot_full'));
			await expect(page.getByRole('main')).not.toContainText(first);
			await checkA11y(page);
			await submit(formFor(page, 'names'), msg(L, 'dist_names_submit'));
			await expect(page.getByRole('main').getByRole('listitem').filter({ hasText: first })).toHaveText(`15:00–15:15 · ${first}`);
			await expect(page.getByRole('main')).not.toContainText(second);
			await checkA11y(page);
		});

		await test.step('the first cancels with the code, and the time is free again', async () => {
			const cancel = formFor(visitor, 'cancel');
			await cancel.locator('[name="code"]').fill(code);
			await submit(cancel);
			await expect(status(visitor)).toContainText(msg(L, 'pickup_cancelled_notice'));
			await expect(slot(visitor, '15:00–15:15')).toBeEnabled();
			await expect(formFor(visitor, 'book').locator('label.choice').filter({ hasText: '15:00–15:15' })).toContainText(
				msg(L, 'pickup_slot_left', { count: count(L, 1) })
			);
			await checkA11y(visitor);
			await latecomer.goto(bookingPath);
			await expect(slot(latecomer, '15:00–15:15')).toBeEnabled();
			await checkA11y(latecomer);
			await page.goto(occurrencePath);
			await expect(tableRow(page, 'slots-h', '15:00–15:15')).toContainText(`${count(L, 0)} / ${count(L, 1)}`);
			await checkA11y(page);
		});
	});
}

// ── 3. Corrections and stock-take ───────────────────────────────────────────────────────────

for (const v of VARIANTS) {
	test(`a stock-take, an adjustment past what is on the shelf, and its correction in the ledger (${v.locale})`, async ({ openBrowser }, testInfo) => {
		const L = v.locale;
		const name = (i: { names: { en: string; es: string } }) => i.names[L];
		const unit = (i: { unit: string }) => msg(L, `pantry_unit_${i.unit}`);
		const level = (i: typeof RICE, n: number) => msg(L, 'pantry_quantity_unit', { quantity: count(L, n), unit: unit(i) });
		const network = networkFor('Ledger', 'open', testInfo);
		const base = `/n/${network.slug}/pantry`;
		const page = await stewardOf(network, v.browserLocale, openBrowser);

		await test.step('the steward adopts the starter list and adds a place', async () => {
			await page.goto(base);
			await expectLang(page, L);
			await checkA11y(page);
			await submit(formFor(page, 'adopt'));
			await expect(status(page)).toContainText(msg(L, 'pantry_adopted_notice', { count: count(L, STARTER_CATALOGUE.length) }));
			await checkA11y(page);
			await addPlace(page, base, L, L === 'es' ? 'Bodega' : 'Store room');
		});
		const placePath = new URL(page.url()).pathname;
		const onHand = (i: typeof RICE) => tableRow(page, 'stock-h', name(i)).locator('td').nth(1);

		await test.step('she counts what is on the shelves, then counts the beans again on the sheet', async () => {
			const sheet = formFor(page, 'count');
			await sheet.locator('#c-extraItem-0').selectOption({ label: name(RICE) });
			await sheet.locator('#c-extraCount-0').fill('10');
			await sheet.locator('#c-extraItem-1').selectOption({ label: name(BEANS) });
			await sheet.locator('#c-extraCount-1').fill('24');
			await submit(sheet);
			await expect(status(page)).toContainText(msg(L, 'pantry_counted_notice', { count: count(L, 2) }));
			await expect(onHand(RICE)).toHaveText(level(RICE, 10));
			await expect(onHand(BEANS)).toHaveText(level(BEANS, 24));
			await checkA11y(page);
			// The sheet now lists both; a row left empty is not counted.
			await formFor(page, 'count')
				.getByLabel(msg(L, 'pantry_counted_label', { item: name(BEANS) }))
				.fill('20');
			await submit(formFor(page, 'count'));
			await expect(status(page)).toContainText(msg(L, 'pantry_counted_notice', { count: count(L, 1) }));
			await expect(onHand(RICE)).toHaveText(level(RICE, 10));
			await expect(onHand(BEANS)).toHaveText(level(BEANS, 20));
			await checkA11y(page);
		});

		await test.step('taking out 15 bags of rice where there are 10 needs the override; confirmed, the shelf shows −5', async () => {
			const adjust = formFor(page, 'adjust');
			await adjust.locator('[name="itemId"]').selectOption({ label: name(RICE) });
			await adjust.locator('input[name="direction"][value="out"]').check();
			await adjust.locator('[name="quantity"]').fill('15');
			await adjust.locator('[name="reason"]').selectOption('expired');
			await adjust.locator('[name="note"]').fill(L === 'es' ? 'Caducó en el estante' : 'Past its date on the shelf');
			await submit(adjust);
			const short = formFor(page, 'adjust').locator('.short-list');
			await expect(short).toHaveAttribute('role', 'alert');
			await expect(short).toContainText(
				msg(L, 'pantry_short_line', { item: name(RICE), need: `${count(L, 15)} × ${unit(RICE)}`, have: count(L, 10), short: count(L, 5) })
			);
			await expect(page.getByRole('main').locator('.error-summary')).toContainText(msg(L, 'error_insufficient_stock'));
			// Nothing was written, and what she typed is still there to confirm.
			await expect(onHand(RICE)).toHaveText(level(RICE, 10));
			await expect(formFor(page, 'adjust').locator('[name="quantity"]')).toHaveValue('15');
			await expect(formFor(page, 'adjust').locator('[name="reason"]')).toHaveValue('expired');
			await checkA11y(page);
			await formFor(page, 'adjust')
				.getByRole('checkbox', { name: msg(L, 'pantry_override_label') })
				.check();
			await submit(formFor(page, 'adjust'));
			await expect(status(page)).toContainText(msg(L, 'pantry_adjusted_notice'));
			await expect(onHand(RICE)).toHaveText(level(RICE, -5));
			await checkA11y(page);
		});

		await test.step('in the ledger she corrects the adjustment (after ticking the box), and the rice is back to 10', async () => {
			await page.getByRole('link', { name: msg(L, 'pantry_place_ledger_link') }).click();
			await expect(heading(page)).toHaveText(msg(L, 'pantry_ledger_title'));
			await checkA11y(page);
			const rowsOf = (kind: string) => page.locator('main tbody tr').filter({ has: page.locator('th', { hasText: msg(L, `pantry_batch_${kind}`) }) });
			await expect(rowsOf('count')).toHaveCount(2);
			await expect(rowsOf('adjustment')).toHaveCount(1);
			// A stock-take is corrected by counting again: it has no correct button.
			for (const row of await rowsOf('count').all()) await expect(row.getByRole('button')).toHaveCount(0);
			const adjustment = rowsOf('adjustment');
			await expect(adjustment).toContainText(msg(L, 'pantry_override_badge'));
			await expect(adjustment).toContainText(msg(L, 'pantry_reason_expired'));
			await expect(adjustment).toContainText(msg(L, 'pantry_ledger_line', { quantity: `−${count(L, 15)}`, item: name(RICE) }));
			await submit(adjustment.locator('form'), msg(L, 'pantry_correct_submit'));
			await expect(rowsOf('adjustment')).toContainText(msg(L, 'error_confirm_required'));
			await expect(rowsOf('correction')).toHaveCount(0);
			await checkA11y(page);
			await rowsOf('adjustment')
				.getByRole('checkbox', { name: msg(L, 'pantry_correct_confirm') })
				.check();
			await submit(rowsOf('adjustment').locator('form'), msg(L, 'pantry_correct_submit'));
			await expect(status(page)).toContainText(msg(L, 'pantry_corrected_notice'));
			await expect(rowsOf('adjustment')).toContainText(msg(L, 'pantry_corrected_badge'));
			await expect(rowsOf('adjustment').getByRole('button')).toHaveCount(0);
			const correction = rowsOf('correction');
			await expect(correction).toHaveCount(1);
			await expect(correction).toContainText(msg(L, 'pantry_ledger_line', { quantity: `+${count(L, 15)}`, item: name(RICE) }));
			await expect(correction.getByRole('button')).toHaveCount(0);
			for (const row of await rowsOf('count').all()) await expect(row.getByRole('button')).toHaveCount(0);
			await checkA11y(page);
			await page.goto(placePath);
			await expect(onHand(RICE)).toHaveText(level(RICE, 10));
			await expect(onHand(BEANS)).toHaveText(level(BEANS, 20));
			await checkA11y(page);
		});
	});
}

// ── 4. A delivery draws a bag (the shared demo network, English only) ───────────────────────

test('a volunteer’s delivery takes one Thursday family bag from the school pantry (en)', async ({ page, openBrowser }, testInfo) => {
	// The demo's own asks are shared with every other flow (one is claimed by demo-vecina, none by
	// demo-steward), so Lin posts a new one that only this run can find, by a tag in its text.
	const tag = uniqueTag(testInfo);
	const description = `A bag of staples for the weekend, please ${tag}`;
	const slug = 'maple-street';

	const lin = await openBrowser({ locale: 'en-GB' });
	await test.step('Lin posts an ask on Maple Street', async () => {
		await signIn(lin, 'demo-neighbor');
		await lin.goto(`/n/${slug}/asks/new`);
		await expectLang(lin, 'en');
		await checkA11y(lin);
		await lin.getByLabel(msg('en', 'askf_category')).selectOption('groceries');
		await lin.getByLabel(msg('en', 'askf_area')).selectOption({ label: 'Riverside' });
		await lin.getByLabel(msg('en', 'askf_description')).fill(description);
		await lin.getByRole('button', { name: msg('en', 'asknew_submit_self') }).click();
		await expect(lin.getByRole('status')).toHaveText(msg('en', 'askd_notice_created'));
		await checkA11y(lin);
	});

	await test.step('Marcus, a steward, finds it on the board and claims it', async () => {
		await signIn(page, 'demo-steward');
		await page.goto(`/n/${slug}/board`);
		await checkA11y(page);
		await page.getByRole('searchbox', { name: msg('en', 'board_search') }).fill(tag);
		await page.getByRole('button', { name: msg('en', 'board_filter_button') }).click();
		const card = page.locator('article.card').filter({ hasText: tag });
		await expect(card).toHaveCount(1);
		await checkA11y(page);
		await card.getByRole('link', { name: msg('en', 'category_groceries') }).click();
		await expect(heading(page)).toHaveText(msg('en', 'askd_title'));
		await expect(page.getByRole('main')).toContainText(description);
		await checkA11y(page);
		await page.getByRole('button', { name: msg('en', 'ask_action_claim') }).click();
		await expect(page.getByRole('status')).toHaveText(msg('en', 'askd_notice_claim'));
		await checkA11y(page);
	});

	await test.step('he takes one bag for the delivery, and the ask lists it', async () => {
		const bag = page.locator('main section[aria-labelledby="bag-title"]');
		await expect(bag.getByRole('heading', { name: msg('en', 'askd_bag_heading') })).toBeVisible();
		await expect(bag.getByRole('listitem')).toHaveCount(0);
		const draw = formFor(page, 'draw');
		const kit = draw.getByLabel(msg('en', 'askd_bag_kit_label'));
		const from = draw.getByLabel(msg('en', 'askd_bag_place_label'));
		// "From" starts at a place that can fill the bag; the closet says what it is missing.
		await expect(kit.locator('option:checked')).toHaveText('Thursday family bag');
		const ready = msg('en', 'askd_bag_place_ready', { place: 'School pantry' });
		await expect(from.locator('option:checked')).toHaveText(ready);
		const closet = from.locator('option', { hasText: 'Clothing closet' });
		await expect(closet).toHaveText(new RegExp(`^${msg('en', 'askd_bag_place_lacks', { place: 'Clothing closet', count: '\\d+' })}$`));
		await expect(bag.locator('details summary')).toHaveText(msg('en', 'askd_bag_lacks_heading'));

		// Taking it from the closet is refused once, at the field, with what is short and no offer to go below zero.
		await from.selectOption({ label: (await closet.textContent()) ?? '' });
		await submit(draw, msg('en', 'askd_bag_submit'));
		await expect(page.getByText(msg('en', 'error_bag_place_short'))).toHaveCount(1);
		await expect(draw.locator('.short-list li').first()).toBeVisible();
		await expect(draw.getByRole('checkbox')).toHaveCount(0);
		await expect(from.locator('option:checked')).toHaveText(/^Clothing closet/);
		await checkA11y(page);

		await from.selectOption({ label: ready });
		await submit(draw, msg('en', 'askd_bag_submit'));
		await expect(page.getByRole('status')).toHaveText(msg('en', 'askd_bag_drawn_notice'));
		await expect(bag.getByRole('listitem')).toHaveText([msg('en', 'askd_bag_drawn_line', { bag: 'Thursday family bag', place: 'School pantry' })]);
		await checkA11y(page);
	});
});
