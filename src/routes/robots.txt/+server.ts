/** robots.txt: private pages and the embeddable list out, the sitemap of public pages in. */
import { robotsTxt } from '$lib/domain/sitemap';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) =>
	new Response(robotsTxt(url.origin), {
		headers: {
			'content-type': 'text/plain; charset=utf-8',
			'cache-control': 'public, max-age=3600'
		}
	});
