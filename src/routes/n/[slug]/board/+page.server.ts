import type { PageServerLoad } from './$types';
import { parseWith, queryParam } from '$lib/server/forms';
import { ctxOf, guard, networkFromParams } from '$lib/server/http';
import { getAidSettings } from '$lib/server/asks/aid-settings';
import { boardFilterSchema } from '$lib/server/asks/asks.schema';
import { listBoard, pageFrom } from '$lib/server/asks/asks.service';
import { listOffersBoard } from '$lib/server/offers/offers.service';
import { authorize } from '$lib/server/policy/policy';
import { noticeFrom } from '../notices';

const TABS = ['asks', 'offers', 'review'] as const;

/** The board: open asks (most urgent, then longest waiting), offers, and for stewards the review queue. */
export const load: PageServerLoad = async (event) => {
	const access = await networkFromParams(event);
	const actor = guard(event, 'network.member', access.resource);
	const ctx = await ctxOf();
	const url = event.url;
	const isSteward = authorize(actor, 'network.steward', access.resource);
	const rawTab = queryParam(url, 'tab');
	const tab = TABS.find((t) => t === rawTab && (t !== 'review' || isSteward)) ?? 'asks';
	const parsed = parseWith(boardFilterSchema, Object.fromEntries(url.searchParams));
	const filter = parsed.ok ? parsed.data : { category: null, area: null, urgency: null, language: null, q: null };
	const page = pageFrom(queryParam(url, 'page'));
	const settings = await getAidSettings(ctx.db, access.network.id);
	const [asks, offers] = await Promise.all([
		tab === 'offers' ? Promise.resolve(null) : listBoard(ctx, actor, access, filter, page, tab === 'review' ? 'review' : 'open'),
		tab === 'offers' ? listOffersBoard(ctx, actor, access, filter, page) : Promise.resolve(null)
	]);
	return {
		network: { slug: access.network.slug, name: access.network.name, languages: access.network.languages },
		areas: access.areas,
		categories: settings.categories,
		tab,
		filter,
		filtersInvalid: !parsed.ok,
		asks,
		offers,
		isSteward,
		notice: noticeFrom(url, ['offer_closed'] as const)
	};
};
