import type { ColumnType } from 'kysely';

/** Timestamps read as Date (PostgreSQL) or ISO text (SQLite); always written as ISO text. */
export type Timestamp = ColumnType<Date | string, string, string>;
export type NullableTimestamp = ColumnType<Date | string | null, string | null, string | null>;
/** Booleans read as boolean (PostgreSQL) or 0/1 (SQLite); written as boolean (see SqliteBooleanPlugin). */
export type Bool = ColumnType<boolean | number, boolean, boolean>;
/** Counts and sums: PostgreSQL's driver returns bigint as text. */
export type Count = ColumnType<number | string, number, number>;

export interface InstanceSettingsTable {
	key: string;
	value: string;
}

export interface UsersTable {
	id: string;
	username: string;
	display_name: string;
	email_enc: string | null;
	password_hash: string;
	locale: string | null;
	is_instance_admin: Bool;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface RecoveryCodesTable {
	id: string;
	user_id: string;
	code_hash: string;
	used_at: NullableTimestamp;
	created_at: Timestamp;
}

export interface SessionsTable {
	id: string;
	user_id: string;
	created_at: Timestamp;
	last_used_at: Timestamp;
	expires_at: Timestamp;
}

export interface RateLimitsTable {
	key: string;
	count: Count;
	window_started_at: Timestamp;
}

export interface NetworksTable {
	id: string;
	slug: string;
	name: string;
	description: string;
	languages: string;
	join_policy: string;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface AreasTable {
	id: string;
	network_id: string;
	name: string;
	position: Count;
	/** Taken off the network's list; kept because asks and offers point at it. */
	archived_at: NullableTimestamp;
}

export interface MembershipsTable {
	id: string;
	network_id: string;
	user_id: string;
	role: string;
	status: string;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface InvitesTable {
	id: string;
	network_id: string;
	token_hash: string;
	role: string;
	created_by: string | null;
	max_uses: Count | null;
	use_count: Count;
	expires_at: Timestamp;
	revoked_at: NullableTimestamp;
	created_at: Timestamp;
}

export interface ApiTokensTable {
	id: string;
	user_id: string;
	name: string;
	token_hash: string;
	created_at: Timestamp;
	last_used_at: NullableTimestamp;
	expires_at: NullableTimestamp;
}

export interface AccessLogTable {
	id: string;
	network_id: string | null;
	actor_id: string | null;
	subject_id: string | null;
	resource: string;
	resource_id: string;
	field: string;
	purpose: string;
	created_at: Timestamp;
}

export interface JobsTable {
	id: string;
	kind: string;
	payload: string;
	status: string;
	run_at: Timestamp;
	attempts: Count;
	max_attempts: Count;
	locked_until: NullableTimestamp;
	started_at: NullableTimestamp;
	last_error: string | null;
	dedupe_key: string | null;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface NotificationsTable {
	id: string;
	user_id: string;
	network_id: string | null;
	kind: string;
	params: string;
	link: string | null;
	read_at: NullableTimestamp;
	emailed_at: NullableTimestamp;
	dedupe_key: string | null;
	created_at: Timestamp;
}

export interface AidSettingsTable {
	network_id: string;
	categories: string;
	claim_expiry_hours: Count;
	reveal_grace_hours: Count;
	auto_close_hours: Count;
	retention_days: Count;
	notify_suggestions: Bool;
	intake_enabled: Bool;
	updated_at: Timestamp;
}

export interface AsksTable {
	id: string;
	network_id: string;
	source: string;
	requester_id: string | null;
	recorded_by: string | null;
	category: string;
	description: string;
	quantity: string | null;
	household_size: Count | null;
	urgency: string;
	urgency_rank: Count;
	needed_by: string | null;
	languages: string;
	area_id: string | null;
	needs_car: Bool;
	pickup_point: string | null;
	private_enc: string | null;
	follow_token_hash: string | null;
	status: string;
	claimant_id: string | null;
	claimed_at: NullableTimestamp;
	progress_at: NullableTimestamp;
	delivered_at: NullableTimestamp;
	closed_at: NullableTimestamp;
	private_purged_at: NullableTimestamp;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface AskEventsTable {
	id: string;
	ask_id: string;
	network_id: string;
	actor_id: string | null;
	kind: string;
	from_status: string | null;
	to_status: string;
	claimant_id: string | null;
	note: string | null;
	created_at: Timestamp;
}

export interface OffersTable {
	id: string;
	network_id: string;
	user_id: string;
	category: string;
	description: string;
	area_ids: string;
	availability: string;
	capacity_per_week: Count | null;
	has_car: Bool;
	languages: string;
	status: string;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export type Money = ColumnType<number | string, number, number>;
export type NullableMoney = ColumnType<number | string | null, number | null, number | null>;

export interface FundsTable {
	id: string;
	network_id: string;
	name: string;
	name_key: string;
	purpose: string;
	currency: string;
	minor_digits: Count;
	approvals_required: Count;
	approver_mode: string;
	max_per_request_minor: NullableMoney;
	max_per_household_minor: NullableMoney;
	allow_waitlist: Bool;
	k_threshold: Count;
	retention_days: Count;
	public_page: Bool;
	status: string;
	lock_version: Count;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface FundApproversTable {
	fund_id: string;
	user_id: string;
}

export interface LedgerAccountsTable {
	id: string;
	network_id: string;
	fund_id: string;
	code: string;
	balance_minor: Money;
}

export interface FundDonationsTable {
	id: string;
	network_id: string;
	fund_id: string;
	amount_minor: Money;
	fee_minor: Money;
	received_on: string;
	method: string;
	donor_name: string | null;
	recurring: Bool;
	provider_ref: string | null;
	source: string;
	reversed_at: NullableTimestamp;
	recorded_by: string | null;
	created_at: Timestamp;
}

export interface FundRequestsTable {
	id: string;
	network_id: string;
	fund_id: string;
	source: string;
	requester_id: string | null;
	recorded_by: string | null;
	ask_id: string | null;
	household_key: string;
	purpose: string;
	amount_minor: Money;
	approved_minor: NullableMoney;
	due_on: string | null;
	private_enc: string | null;
	status: string;
	decline_reason: string | null;
	decided_at: NullableTimestamp;
	paid_at: NullableTimestamp;
	payment_method: string | null;
	payment_reference: string | null;
	finished_at: NullableTimestamp;
	private_purged_at: NullableTimestamp;
	version: Count;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface FundDecisionsTable {
	id: string;
	request_id: string;
	network_id: string;
	actor_id: string | null;
	kind: string;
	amount_minor: NullableMoney;
	reason: string | null;
	note_enc: string | null;
	approval_key: string | null;
	created_at: Timestamp;
}

export interface LedgerTxnsTable {
	id: string;
	network_id: string;
	fund_id: string;
	kind: string;
	occurred_on: string;
	donation_id: string | null;
	request_id: string | null;
	reverses_id: string | null;
	other_fund_id: string | null;
	purpose: string | null;
	memo: string | null;
	actor_id: string | null;
	created_at: Timestamp;
}

export interface LedgerEntriesTable {
	id: string;
	txn_id: string;
	network_id: string;
	fund_id: string;
	account_id: string;
	amount_minor: Money;
	created_at: Timestamp;
}

export interface StockLocationsTable {
	id: string;
	network_id: string;
	name: string;
	name_key: string;
	kind: string;
	address: string | null;
	is_private: Bool;
	hours: string;
	archived_at: NullableTimestamp;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface StockItemsTable {
	id: string;
	network_id: string;
	name: string;
	name_key: string;
	names: string;
	category: string;
	unit: string;
	size: string | null;
	size_key: string;
	barcode: string | null;
	min_level: Count | null;
	starter_code: string | null;
	archived_at: NullableTimestamp;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface StockKitsTable {
	id: string;
	network_id: string;
	name: string;
	name_key: string;
	description: string;
	archived_at: NullableTimestamp;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface StockKitLinesTable {
	kit_id: string;
	item_id: string;
	quantity: Count;
}

export interface StockDrivesTable {
	id: string;
	network_id: string;
	name: string;
	name_key: string;
	kind: string;
	created_at: Timestamp;
}

export interface StockDonationsTable {
	id: string;
	network_id: string;
	location_id: string;
	received_on: string;
	source: string;
	drive_id: string | null;
	donor_name: string | null;
	estimated_value_minor: Count | null;
	note: string | null;
	mode: string;
	status: string;
	units: ColumnType<number | string, number | undefined, number>;
	recorded_by: string | null;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface DistributionsTable {
	id: string;
	network_id: string;
	location_id: string;
	name: string;
	place: string;
	rrule: string;
	start_day: string;
	start_time: string;
	end_time: string;
	kit_id: string | null;
	planned_bags: Count;
	slot_minutes: Count | null;
	slot_capacity: Count | null;
	status: string;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface DistributionOccurrencesTable {
	id: string;
	network_id: string;
	distribution_id: string;
	original_start: string;
	day: string;
	start_time: string;
	end_time: string;
	status: string;
	planned_bags: Count | null;
	households: Count | null;
	walk_ins: Count | null;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface PickupSlotsTable {
	id: string;
	network_id: string;
	occurrence_id: string;
	start_time: string;
	end_time: string;
	capacity: Count;
	booked: Count;
}

export interface PickupBookingsTable {
	id: string;
	network_id: string;
	slot_id: string;
	day: string;
	name_enc: string;
	code_hash: string;
	cancelled_at: NullableTimestamp;
	created_at: Timestamp;
}

export interface StockBatchesTable {
	id: string;
	network_id: string;
	kind: string;
	location_id: string;
	to_location_id: string | null;
	donation_id: string | null;
	occurrence_id: string | null;
	ask_id: string | null;
	kit_id: string | null;
	bags: Count | null;
	reason: string | null;
	note: string | null;
	override: Bool;
	corrects_id: string | null;
	actor_id: string | null;
	occurred_on: string;
	created_at: Timestamp;
}

export interface StockMovementsTable {
	id: string;
	batch_id: string;
	network_id: string;
	location_id: string;
	item_id: string;
	kind: string;
	quantity: Count;
	occurred_on: string;
	created_at: Timestamp;
}

export interface StockFlowsTable {
	network_id: string;
	occurred_on: string;
	location_id: string;
	kind: string;
	units: Count;
}

export interface StockLevelsTable {
	location_id: string;
	item_id: string;
	network_id: string;
	quantity: Count;
	updated_at: Timestamp;
}

export interface Database {
	stock_locations: StockLocationsTable;
	stock_items: StockItemsTable;
	stock_kits: StockKitsTable;
	stock_kit_lines: StockKitLinesTable;
	stock_drives: StockDrivesTable;
	stock_donations: StockDonationsTable;
	distributions: DistributionsTable;
	distribution_occurrences: DistributionOccurrencesTable;
	pickup_slots: PickupSlotsTable;
	pickup_bookings: PickupBookingsTable;
	stock_batches: StockBatchesTable;
	stock_movements: StockMovementsTable;
	stock_levels: StockLevelsTable;
	stock_flows: StockFlowsTable;
	funds: FundsTable;
	fund_approvers: FundApproversTable;
	ledger_accounts: LedgerAccountsTable;
	fund_donations: FundDonationsTable;
	fund_requests: FundRequestsTable;
	fund_decisions: FundDecisionsTable;
	ledger_txns: LedgerTxnsTable;
	ledger_entries: LedgerEntriesTable;
	aid_settings: AidSettingsTable;
	asks: AsksTable;
	ask_events: AskEventsTable;
	offers: OffersTable;
	jobs: JobsTable;
	notifications: NotificationsTable;
	access_log: AccessLogTable;
	instance_settings: InstanceSettingsTable;
	users: UsersTable;
	recovery_codes: RecoveryCodesTable;
	sessions: SessionsTable;
	rate_limits: RateLimitsTable;
	networks: NetworksTable;
	areas: AreasTable;
	memberships: MembershipsTable;
	invites: InvitesTable;
	api_tokens: ApiTokensTable;
}
