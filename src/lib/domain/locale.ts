/**
 * Chooses the page language: the person's saved choice, else the cookie, else the first
 * supported language in Accept-Language (RFC 9110 §12.5.4, by q-value), else the default.
 */
export function negotiateLocale<L extends string>(
	supported: readonly L[],
	fallback: L,
	sources: { saved?: string | null; cookie?: string | null; acceptLanguage?: string | null }
): L {
	const find = (tag: string | null | undefined): L | undefined => {
		if (!tag) return undefined;
		const lower = tag.trim().toLowerCase();
		return supported.find((s) => s.toLowerCase() === lower) ?? supported.find((s) => s.toLowerCase() === lower.split('-')[0]);
	};
	return find(sources.saved) ?? find(sources.cookie) ?? fromAcceptLanguage(supported, sources.acceptLanguage) ?? fallback;
}

export function fromAcceptLanguage<L extends string>(supported: readonly L[], header: string | null | undefined): L | undefined {
	if (!header) return undefined;
	const ranked = header
		.split(',')
		.slice(0, 20)
		.map((part, index) => {
			const [tag = '', ...params] = part.trim().split(';');
			const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
			const weight = q === undefined ? 1 : Number.parseFloat(q.slice(2));
			return { tag: tag.trim().toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
		})
		.filter((r) => r.tag.length > 0 && r.weight > 0)
		.sort((a, b) => b.weight - a.weight || a.index - b.index);
	for (const r of ranked) {
		const exact = supported.find((s) => s.toLowerCase() === r.tag);
		if (exact) return exact;
		const base = supported.find((s) => s.toLowerCase() === r.tag.split('-')[0]);
		if (base) return base;
	}
	return undefined;
}

/** Right-to-left scripts, so adding a message file for one of these flips the page. */
const RTL = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'ckb', 'dv', 'yi']);

export function textDirection(locale: string): 'ltr' | 'rtl' {
	return RTL.has(locale.split('-')[0]?.toLowerCase() ?? '') ? 'rtl' : 'ltr';
}

const REDIRECT_BASE = 'http://hearth.invalid';

/** Whether a browser would read `path` as a path on our own origin (not `//host` or `/\\host`). */
function staysOnOrigin(path: string): boolean {
	return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\');
}

/**
 * A same-site path to return to after a form, or `fallback`: never another origin (open redirect).
 * The target is checked, normalised (dot segments, backslashes, percent-encoded dots), and checked
 * again: `/.//evil.example` normalises to `//evil.example`, which a browser reads as another host.
 */
export function safeRedirectPath(target: string | null | undefined, fallback = '/'): string {
	if (!target) return fallback;
	if (!staysOnOrigin(target)) return fallback;
	// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
	if (/[\u0000-\u001f\u007f]/.test(target)) return fallback;
	try {
		const url = new URL(target, REDIRECT_BASE);
		if (url.origin !== REDIRECT_BASE) return fallback;
		const path = `${url.pathname}${url.search}${url.hash}`;
		// The answer must be a fixed point: read again, it names the same path on the same origin.
		if (!staysOnOrigin(path)) return fallback;
		const again = new URL(path, REDIRECT_BASE);
		if (again.origin !== REDIRECT_BASE || `${again.pathname}${again.search}${again.hash}` !== path) return fallback;
		return path;
	} catch {
		return fallback;
	}
}
