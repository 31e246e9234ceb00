import { sql, type Kysely } from 'kysely';
import { booleanType, timestampType } from './column-types';

/**
 * Mutual-aid funds: each fund's rules, its approvers, a double-entry ledger (accounts with a
 * cached balance, transactions, and lines that never change), donations, requests for money
 * and every decision about them. Amounts are integer minor units in `bigint` columns. Private
 * parts (the request's note and payee, decision notes) are encrypted columns, emptied by the
 * retention purge; the amounts, purposes and dates stay for the books and the public totals.
 */
export async function up(db: Kysely<any>): Promise<void> {
	const ts = timestampType(db);
	const bool = booleanType(db);
	const falseDefault = bool === 'boolean' ? sql`false` : sql`0`;
	const trueDefault = bool === 'boolean' ? sql`true` : sql`1`;

	await db.schema
		.createTable('funds')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('name_key', 'text', (c) => c.notNull()) // lower-cased name, unique per network
		.addColumn('purpose', 'text', (c) => c.notNull())
		.addColumn('currency', 'text', (c) => c.notNull()) // ISO 4217
		.addColumn('minor_digits', 'integer', (c) => c.notNull())
		.addColumn('approvals_required', 'integer', (c) => c.notNull())
		.addColumn('approver_mode', 'text', (c) => c.notNull()) // stewards | named
		.addColumn('max_per_request_minor', 'bigint')
		.addColumn('max_per_household_minor', 'bigint') // per 90 days
		.addColumn('allow_waitlist', bool, (c) => c.notNull().defaultTo(falseDefault))
		.addColumn('k_threshold', 'integer', (c) => c.notNull())
		.addColumn('retention_days', 'integer', (c) => c.notNull())
		.addColumn('public_page', bool, (c) => c.notNull().defaultTo(trueDefault))
		.addColumn('status', 'text', (c) => c.notNull()) // active | closed
		.addColumn('lock_version', 'integer', (c) => c.notNull().defaultTo(0)) // bumped to lock the fund's money
		.addColumn('created_at', ts, (c) => c.notNull())
		.addColumn('updated_at', ts, (c) => c.notNull())
		.addUniqueConstraint('funds_name_key_unique', ['network_id', 'name_key'])
		.execute();

	await db.schema
		.createTable('fund_approvers')
		.addColumn('fund_id', 'text', (c) => c.notNull().references('funds.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addPrimaryKeyConstraint('fund_approvers_pk', ['fund_id', 'user_id'])
		.execute();

	await db.schema
		.createTable('ledger_accounts')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('fund_id', 'text', (c) => c.notNull().references('funds.id').onDelete('cascade'))
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('balance_minor', 'bigint', (c) => c.notNull().defaultTo(0)) // cache of the sum of its lines
		.addUniqueConstraint('ledger_accounts_code_unique', ['fund_id', 'code'])
		.execute();

	await db.schema
		.createTable('fund_donations')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('fund_id', 'text', (c) => c.notNull().references('funds.id').onDelete('cascade'))
		.addColumn('amount_minor', 'bigint', (c) => c.notNull())
		.addColumn('fee_minor', 'bigint', (c) => c.notNull().defaultTo(0))
		.addColumn('received_on', 'text', (c) => c.notNull()) // YYYY-MM-DD
		.addColumn('method', 'text', (c) => c.notNull())
		.addColumn('donor_name', 'text') // stewards only; never in a public view
		.addColumn('recurring', bool, (c) => c.notNull().defaultTo(falseDefault))
		.addColumn('provider_ref', 'text') // a payment provider's id: imports are idempotent on it
		.addColumn('source', 'text', (c) => c.notNull()) // manual | import
		.addColumn('reversed_at', ts)
		.addColumn('recorded_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', ts, (c) => c.notNull())
		.addUniqueConstraint('fund_donations_ref_unique', ['fund_id', 'provider_ref'])
		.execute();
	await db.schema.createIndex('fund_donations_fund_idx').on('fund_donations').columns(['fund_id', 'received_on']).execute();

	await db.schema
		.createTable('fund_requests')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('fund_id', 'text', (c) => c.notNull().references('funds.id').onDelete('cascade'))
		.addColumn('source', 'text', (c) => c.notNull()) // self | on_behalf
		.addColumn('requester_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('recorded_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('ask_id', 'text', (c) => c.references('asks.id').onDelete('set null'))
		.addColumn('household_key', 'text', (c) => c.notNull()) // keyed hash: the per-household limit without a name
		.addColumn('purpose', 'text', (c) => c.notNull())
		.addColumn('amount_minor', 'bigint', (c) => c.notNull())
		.addColumn('approved_minor', 'bigint')
		.addColumn('due_on', 'text') // YYYY-MM-DD
		.addColumn('private_enc', 'text') // AES-256-GCM JSON { note, payeeName, payeeReference }
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('decline_reason', 'text')
		.addColumn('decided_at', ts)
		.addColumn('paid_at', ts)
		.addColumn('payment_method', 'text')
		.addColumn('payment_reference', 'text')
		.addColumn('finished_at', ts)
		.addColumn('private_purged_at', ts)
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', ts, (c) => c.notNull())
		.addColumn('updated_at', ts, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('fund_requests_fund_idx').on('fund_requests').columns(['fund_id', 'status', 'created_at']).execute();
	await db.schema.createIndex('fund_requests_household_idx').on('fund_requests').columns(['fund_id', 'household_key', 'decided_at']).execute();
	await db.schema.createIndex('fund_requests_requester_idx').on('fund_requests').columns(['requester_id', 'created_at']).execute();
	await db.schema.createIndex('fund_requests_finished_idx').on('fund_requests').columns(['status', 'finished_at']).execute();

	// Append-only. `approval_key` is the approver's id on approvals and null otherwise, so the
	// unique constraint lets each person approve a request once, decided by the database.
	await db.schema
		.createTable('fund_decisions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('request_id', 'text', (c) => c.notNull().references('fund_requests.id').onDelete('cascade'))
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null')) // null: the system
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('amount_minor', 'bigint')
		.addColumn('reason', 'text') // a decline reason code
		.addColumn('note_enc', 'text') // purged with the request's private part
		.addColumn('approval_key', 'text')
		.addColumn('created_at', ts, (c) => c.notNull())
		.addUniqueConstraint('fund_decisions_approval_unique', ['request_id', 'approval_key'])
		.execute();

	await db.schema
		.createTable('ledger_txns')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('fund_id', 'text', (c) => c.notNull().references('funds.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('occurred_on', 'text', (c) => c.notNull()) // YYYY-MM-DD the money moved
		.addColumn('donation_id', 'text', (c) => c.references('fund_donations.id'))
		.addColumn('request_id', 'text', (c) => c.references('fund_requests.id'))
		.addColumn('reverses_id', 'text', (c) => c.unique().references('ledger_txns.id')) // a transaction is undone at most once
		.addColumn('other_fund_id', 'text', (c) => c.references('funds.id'))
		.addColumn('purpose', 'text') // what approved help was for, kept for reports
		.addColumn('memo', 'text') // method and reference; never a name or an account number
		.addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', ts, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('ledger_txns_fund_idx').on('ledger_txns').columns(['fund_id', 'created_at']).execute();
	await db.schema.createIndex('ledger_txns_request_idx').on('ledger_txns').columns(['request_id', 'kind']).execute();
	// The books count money by the day it moved: yearly summaries and exports read a range of days.
	await db.schema.createIndex('ledger_txns_day_idx').on('ledger_txns').columns(['fund_id', 'occurred_on']).execute();

	await db.schema
		.createTable('ledger_entries')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('txn_id', 'text', (c) => c.notNull().references('ledger_txns.id'))
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('fund_id', 'text', (c) => c.notNull().references('funds.id').onDelete('cascade'))
		.addColumn('account_id', 'text', (c) => c.notNull().references('ledger_accounts.id'))
		.addColumn('amount_minor', 'bigint', (c) => c.notNull()) // debit positive, credit negative
		.addColumn('created_at', ts, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('ledger_entries_account_idx').on('ledger_entries').columns(['account_id']).execute();
	await db.schema.createIndex('ledger_entries_txn_idx').on('ledger_entries').columns(['txn_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of ['ledger_entries', 'ledger_txns', 'fund_decisions', 'fund_requests', 'fund_donations', 'ledger_accounts', 'fund_approvers', 'funds']) {
		await db.schema.dropTable(t).execute();
	}
}
