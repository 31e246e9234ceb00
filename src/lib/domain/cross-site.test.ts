import { describe, expect, it } from 'vitest';
import { isCrossSiteFormPost } from './cross-site';

const SITE = 'https://aid.example.org';
const form = 'application/x-www-form-urlencoded';

describe('isCrossSiteFormPost', () => {
	it.each([
		['our own origin', 'POST', form, SITE, 'same-origin', false],
		['our own form under no-referrer (Origin: null, same-origin)', 'POST', form, 'null', 'same-origin', false],
		['another origin', 'POST', form, 'https://evil.example', 'cross-site', true],
		['another origin even if it claims same-origin fetch metadata', 'POST', form, 'https://evil.example', 'same-origin', true],
		['a sandboxed or no-referrer page elsewhere (Origin: null, cross-site)', 'POST', form, 'null', 'cross-site', true],
		['a sibling subdomain (same-site is not same-origin)', 'POST', 'multipart/form-data', 'null', 'same-site', true],
		['text/plain forms too', 'POST', 'text/plain', 'https://evil.example', 'cross-site', true],
		['an old browser without fetch metadata sending Origin: null', 'POST', form, 'null', null, false],
		['a GET never', 'GET', form, 'https://evil.example', 'cross-site', false],
		['a JSON body (needs CORS, never granted)', 'POST', 'application/json', 'https://evil.example', 'cross-site', false]
	])('%s', (_name, method, type, origin, site, expected) => {
		expect(isCrossSiteFormPost(method, { contentType: type, origin, secFetchSite: site }, SITE)).toBe(expected);
	});
});
