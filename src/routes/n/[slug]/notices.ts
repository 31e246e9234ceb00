import { queryParam } from '$lib/server/forms';
/**
 * After a form succeeds the page redirects (303) with `?notice=<name>`; only names on these
 * lists are shown, so a crafted link cannot put words on the page.
 */
export function noticeFrom<T extends string>(url: URL, allowed: readonly T[]): T | null {
	const raw = queryParam(url, 'notice');
	return allowed.find((n) => n === raw) ?? null;
}

/** Where a visitor signs in (or signs up) so they come back to `url` afterwards. */
export function returnHere(path: '/signin' | '/signup', url: URL): string {
	return `${path}?redirectTo=${encodeURIComponent(url.pathname + url.search)}`;
}
