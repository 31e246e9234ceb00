import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAsk } from '../../src/lib/server/asks/asks.repository';
import { BOARD_COUNT_CAP, BOARD_PAGE_SIZE, listBoard } from '../../src/lib/server/asks/asks.service';
import { newId } from '../../src/lib/server/db/conventions';
import { loadNetworkAccess } from '../../src/lib/server/networks/networks.service';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { addMember, buildNetwork, buildUser } from '../helpers/factories';

const NO_FILTER = { category: null, area: null, urgency: null, language: null, q: null };

describe.each(DIALECTS)('the board at scale on %s', (dialect) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(dialect);
	});
	afterAll(async () => t.close());

	it('counts up to 1,000 matching asks, says there are more, and pages no further than that', async () => {
		const admin = await buildUser(t.ctx);
		const net = await buildNetwork(t.ctx, admin.id);
		const member = await buildUser(t.ctx);
		await addMember(t.ctx, net.id, member.id);
		const actor = { userId: member.id, isInstanceAdmin: false };
		const access = await loadNetworkAccess(t.ctx, actor, net.slug);
		const [riverside, hillcrest] = access.areas;
		// 1,010 open asks in Riverside (rice) and 7 in Hillcrest (beans), written straight to the table.
		await t.ctx.db.transaction().execute(async (trx) => {
			for (let i = 0; i < BOARD_COUNT_CAP + 17; i++) {
				const inRiverside = i < BOARD_COUNT_CAP + 10;
				const at = new Date(Date.UTC(2026, 10, 1, 0, i));
				await insertAsk(trx, {
					id: newId(at),
					networkId: net.id,
					source: 'self',
					requesterId: admin.id,
					recordedById: null,
					category: 'groceries',
					description: inRiverside ? `Rice and milk ${i}` : `Beans ${i}`,
					quantity: null,
					householdSize: null,
					urgency: 'week',
					urgencyRank: 2,
					neededBy: null,
					languages: ['es'],
					areaId: (inRiverside ? riverside : hillcrest)!.id,
					needsCar: false,
					pickupPoint: null,
					privateEnc: null,
					followTokenHash: null,
					status: 'open',
					now: at
				});
			}
		});

		const all = await listBoard(t.ctx, actor, access, NO_FILTER, 1);
		expect(all).toMatchObject({ total: BOARD_COUNT_CAP, more: true, page: 1, pageCount: BOARD_COUNT_CAP / BOARD_PAGE_SIZE });
		expect(all.items).toHaveLength(BOARD_PAGE_SIZE);
		// Oldest first among equally urgent asks.
		expect(all.items[0]!.description).toBe('Rice and milk 0');

		const beyond = await listBoard(t.ctx, actor, access, NO_FILTER, 999);
		expect(beyond.page).toBe(BOARD_COUNT_CAP / BOARD_PAGE_SIZE);
		expect(beyond.items).toHaveLength(BOARD_PAGE_SIZE);

		// A narrower filter is counted exactly.
		const beans = await listBoard(t.ctx, actor, access, { ...NO_FILTER, area: hillcrest!.id }, 1);
		expect(beans).toMatchObject({ total: 7, more: false, pageCount: 1 });
		const search = await listBoard(t.ctx, actor, access, { ...NO_FILTER, q: 'BEANS 1' }, 1);
		expect(search.items.map((a) => a.description).sort()).toEqual([
			'Beans 1010',
			'Beans 1011',
			'Beans 1012',
			'Beans 1013',
			'Beans 1014',
			'Beans 1015',
			'Beans 1016'
		]);
	});
});
