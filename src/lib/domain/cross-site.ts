/**
 * Decides whether a state-changing form submission comes from another site (CSRF).
 *
 * Hearth sends `Referrer-Policy: no-referrer`, under which browsers serialise the Origin of a
 * same-site form post as `null` (Fetch §3.1, "append a request Origin header"). So `Origin: null`
 * alone proves nothing; Fetch Metadata does: `Sec-Fetch-Site` is set by the browser and cannot
 * be forged by a page. Rules:
 *  - an Origin naming this site is same-site;
 *  - an Origin naming another site is cross-site;
 *  - `Origin: null` or none: same-site only if `Sec-Fetch-Site` is `same-origin`, cross-site if it
 *    says anything else; a browser too old to send Fetch Metadata is let through, because its
 *    session cookie is SameSite=Lax and so is not sent on a cross-site post anyway.
 */
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

export function isCrossSiteFormPost(
	method: string,
	headers: { contentType: string | null; origin: string | null; secFetchSite: string | null },
	siteOrigin: string
): boolean {
	if (!UNSAFE.has(method.toUpperCase())) return false;
	const type = (headers.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
	// JSON and other non-form bodies cannot be sent cross-site without CORS, which Hearth never grants.
	if (!FORM_TYPES.includes(type)) return false;
	const origin = headers.origin;
	if (origin !== null && origin !== 'null') return origin !== siteOrigin;
	const site = headers.secFetchSite?.toLowerCase() ?? null;
	if (site === null) return false;
	return site !== 'same-origin';
}
