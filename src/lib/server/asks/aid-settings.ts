import type { Selectable } from 'kysely';
import { DEFAULT_CATEGORIES } from '$lib/domain/asks';
import { fromDbBool, fromDbCount, fromDbJson, toDbJson, toDbTime } from '../db/conventions';
import type { Executor } from '../db/index';
import type { AidSettingsTable } from '../db/schema';
import type { AidSettingsInput } from './asks.schema';

/** A category of help: a built-in code (translated) or one the network added (its own label). */
export interface Category {
	code: string;
	label: string | null;
}

export interface AidSettings {
	categories: Category[];
	/** A claim with no progress for this long goes back to open. */
	claimExpiryHours: number;
	/** How long after delivery the volunteer can still see the address. */
	revealGraceHours: number;
	/** A delivered ask nobody confirmed closes by itself after this long. */
	autoCloseHours: number;
	/** Days after an ask finishes before its private part is erased. */
	retentionDays: number;
	/** Tell the best-placed volunteers when an ask opens. */
	notifySuggestions: boolean;
	/** The public form for neighbours without an account. */
	intakeEnabled: boolean;
}

export const DEFAULT_AID_SETTINGS: Readonly<AidSettings> = Object.freeze({
	categories: DEFAULT_CATEGORIES.map((code) => ({ code, label: null })),
	claimExpiryHours: 48,
	revealGraceHours: 24,
	autoCloseHours: 72,
	retentionDays: 14,
	notifySuggestions: true,
	intakeEnabled: true
});

function isCategoryList(v: unknown): v is Category[] {
	return (
		Array.isArray(v) &&
		v.every(
			(c) =>
				typeof c === 'object' &&
				c !== null &&
				typeof Reflect.get(c, 'code') === 'string' &&
				(Reflect.get(c, 'label') === null || typeof Reflect.get(c, 'label') === 'string')
		)
	);
}

function toSettings(r: Selectable<AidSettingsTable>): AidSettings {
	return {
		categories: fromDbJson(r.categories, isCategoryList, [...DEFAULT_AID_SETTINGS.categories]),
		claimExpiryHours: fromDbCount(r.claim_expiry_hours),
		revealGraceHours: fromDbCount(r.reveal_grace_hours),
		autoCloseHours: fromDbCount(r.auto_close_hours),
		retentionDays: fromDbCount(r.retention_days),
		notifySuggestions: fromDbBool(r.notify_suggestions),
		intakeEnabled: fromDbBool(r.intake_enabled)
	};
}

export async function getAidSettings(db: Executor, networkId: string): Promise<AidSettings> {
	const r = await db.selectFrom('aid_settings').selectAll().where('network_id', '=', networkId).executeTakeFirst();
	return r ? toSettings(r) : { ...DEFAULT_AID_SETTINGS, categories: [...DEFAULT_AID_SETTINGS.categories] };
}

/** Settings of every network that changed them (for the sweeps), in one query; others use the defaults. */
export async function listAidSettings(db: Executor): Promise<Map<string, AidSettings>> {
	const rows = await db.selectFrom('aid_settings').selectAll().execute();
	return new Map(rows.map((r) => [r.network_id, toSettings(r)]));
}

/** A custom category's code: stable for the same label, never clashing with a built-in code. */
export function customCategoryCode(label: string): string {
	const slug = label
		.toLowerCase()
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, 30);
	return `c-${slug || 'x'}`;
}

/** Built-ins in their fixed order (only those ticked), then the custom ones as typed. */
export function categoriesFrom(input: Pick<AidSettingsInput, 'categories' | 'customCategories'>): Category[] {
	const builtIn = DEFAULT_CATEGORIES.filter((c) => input.categories.includes(c)).map((code) => ({ code, label: null }));
	const seen = new Set<string>(builtIn.map((c) => c.code));
	const custom: Category[] = [];
	for (const label of input.customCategories) {
		const code = customCategoryCode(label);
		if (seen.has(code)) continue;
		seen.add(code);
		custom.push({ code, label });
	}
	return [...builtIn, ...custom];
}

export async function saveAidSettings(db: Executor, networkId: string, s: AidSettings, now: Date): Promise<void> {
	const values = {
		categories: toDbJson(s.categories),
		claim_expiry_hours: s.claimExpiryHours,
		reveal_grace_hours: s.revealGraceHours,
		auto_close_hours: s.autoCloseHours,
		retention_days: s.retentionDays,
		notify_suggestions: s.notifySuggestions,
		intake_enabled: s.intakeEnabled,
		updated_at: toDbTime(now)
	};
	await db
		.insertInto('aid_settings')
		.values({ network_id: networkId, ...values })
		.onConflict((oc) => oc.column('network_id').doUpdateSet(values))
		.execute();
}

/** What a notification carries for a category: the code of a built-in one, the label of the network's own. */
export function categoryParam(categories: readonly Category[], code: string): string {
	return categories.find((c) => c.code === code)?.label ?? code;
}
