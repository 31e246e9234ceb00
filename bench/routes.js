// The pages the page-weight bench measures on the demo instance. Add a page here when it lands;
// a route that answers anything but 200 is reported as such and not weighed.

/** Pages anyone can open, measured without a session. */
export const PUBLIC_ROUTES = [
	'/',
	'/networks',
	'/signin',
	'/signup',
	'/recover',
	'/n/maple-street',
	'/n/eastgate-tenants',
	'/n/maple-street/join',
	'/n/maple-street/funds',
	'/n/maple-street/pantry/needs'
];

/** Pages measured signed in as demo-admin (admin of Maple Street, instance admin). */
export const SIGNED_IN_ROUTES = [
	'/',
	'/networks',
	'/networks/new',
	'/account',
	'/account/passphrase',
	'/account/recovery-codes',
	'/account/sessions',
	'/account/tokens',
	'/account/access-log',
	'/account/delete',
	'/inbox',
	'/admin',
	'/n/maple-street',
	'/n/maple-street/members',
	'/n/maple-street/invites',
	'/n/maple-street/settings',
	'/n/maple-street/funds',
	'/n/maple-street/funds/new',
	'/n/maple-street/pantry',
	'/n/maple-street/pantry/items',
	'/n/maple-street/pantry/locations',
	'/n/maple-street/pantry/kits',
	'/n/maple-street/pantry/tally',
	'/n/maple-street/pantry/donations',
	'/n/maple-street/pantry/distributions',
	'/n/maple-street/pantry/ledger',
	'/n/maple-street/pantry/reports',
	'/n/maple-street/pantry/import'
];

/** Who the signed-in pages are measured as. The passphrase is read from the demo server's output. */
export const BENCH_USER = 'demo-admin';

/** Load test targets: an anonymous page and a signed-in one (autocannon). */
export const LOAD_TARGETS = [
	{ path: '/', signedIn: false },
	{ path: '/n/maple-street', signedIn: true }
];
