// The production entry: the Node adapter's server (build/index.js, or HEARTH_BUILD_DIR), with
// the response headers that Kit's hooks cannot add because the adapter serves the built files
// (/_app/immutable/…, the favicon) before any hook runs. `npm start` and the e2e servers run this;
// a service manager can too (`node scripts/server.js`). Everything else — PORT, HOST, ORIGIN,
// SOCKET_PATH, graceful shutdown on SIGTERM and the 'sveltekit:shutdown' event — is the adapter's.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const entry = join(root, process.env.HEARTH_BUILD_DIR ?? 'build', 'index.js');

/** @type {{ server: { server: import('node:http').Server } }} */
const built = await import(pathToFileURL(entry).href);
// The adapter has created its server and started to listen; no request is read before this runs
// (connections arrive on a later turn of the event loop), and this listener runs before its own.
built.server.server.prependListener('request', (_req, res) => {
	// A built script or stylesheet is never taken for another type, whatever a proxy says.
	res.setHeader('X-Content-Type-Options', 'nosniff');
});
