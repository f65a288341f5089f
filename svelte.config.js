import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { createHash } from 'node:crypto';
import { EARLY_OPEN_SCRIPT } from './src/lib/collab/early-open-script.js';

/** The document page's inline script opening its collaboration socket early, allowed by hash. */
const earlyOpenHash = `sha256-${createHash('sha256').update(EARLY_OPEN_SCRIPT).digest('base64')}`;

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		alias: {
			$server: 'server'
		},
		// Stylesheets in the page itself rather than linked: the editor page has ~24 small ones
		// (one per component chunk), each a request queued behind the page's scripts before the
		// first paint (S3B). Style attributes stay allowed by 'unsafe-inline' below.
		inlineStyleThreshold: 24 * 1024,
		// Content-Security-Policy header on every page. SvelteKit adds a nonce (or hash) for its own
		// inline bootstrap script. `connect-src 'self'` also covers ws:/wss: to the same host and
		// port (CSP Level 3), which is where the collaboration WebSocket lives.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				// The document page's early socket script by its hash (src/lib/collab/early-open-script.js).
				'script-src': ['self', /** @type {`sha256-${string}`} */ (earlyOpenHash)],
				// Svelte style attributes and the editor's collaboration carets set inline styles.
				'style-src': ['self', 'unsafe-inline'],
				// blob: the preview of an image being inserted, shown while its alternative text is written.
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				// blob: the browser reads the preview of an image being inserted (see img-src).
				'connect-src': ['self', 'blob:'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
