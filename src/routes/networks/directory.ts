import type { Ctx } from '$lib/server/context';
import { listNetworksPage } from '$lib/server/networks/networks.service';

/** What a directory card shows: public facts only (names of areas, never anything finer). */
export interface NetworkCardData {
	slug: string;
	name: string;
	excerpt: string;
	areas: string[];
	languages: string[];
	joinPolicy: string;
	memberCount: number;
}

const EXCERPT_CHARS = 180;

/** Shortens a description at a word boundary, so a page of twenty stays a few kilobytes. */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	if (flat.length <= max) return flat;
	const cut = flat.slice(0, max);
	const space = cut.lastIndexOf(' ');
	return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s.,;:!?-]+$/, '')}…`;
}

/** One page of the public directory, reduced to what a card shows. */
export async function directoryPage(ctx: Ctx, page: number) {
	const result = await listNetworksPage(ctx, page);
	const items: NetworkCardData[] = result.items.map((n) => ({
		slug: n.slug,
		name: n.name,
		excerpt: excerpt(n.description),
		areas: n.areas,
		languages: n.languages,
		joinPolicy: n.joinPolicy,
		memberCount: n.memberCount
	}));
	return { items, total: result.total, page: result.page, pageCount: result.pageCount };
}
