import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// HEARTH_BUILD_DIR / HEARTH_KIT_DIR let two builds of one checkout run side by side
		// (a benchmark next to a test run); both default to the usual places.
		adapter: adapter({ out: process.env.HEARTH_BUILD_DIR ?? 'build', precompress: true }),
		outDir: process.env.HEARTH_KIT_DIR ?? '.svelte-kit',
		// Every page is rendered on the server; Kit adds hashes for any inline script it emits.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none'],
				'base-uri': ['self'],
				'object-src': ['none']
			}
		},
		// The cross-site form check is done in hooks.server.ts instead of Kit's: with
		// `Referrer-Policy: no-referrer` browsers send `Origin: null` even on our own forms, which
		// Kit's check refuses. Ours also reads Fetch Metadata (Sec-Fetch-Site).
		csrf: { trustedOrigins: ['*'] },
		// The site stylesheet stays a cached file; a page's own few hundred bytes of CSS are
		// inlined (Kit adds their hashes to the CSP), so a page costs at most one extra request.
		inlineStyleThreshold: 4000,
		alias: { $messages: 'src/lib/paraglide/messages' }
	}
};

export default config;
