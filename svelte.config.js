import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

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
				'script-src': ['self'],
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
