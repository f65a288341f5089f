/** The public pages for search engines: the catalogue, each publication, the public help pages. */
import { sitemapXml } from '$lib/domain/sitemap';
import { adminPocketBase } from '$lib/server/pocketbase';
import { loadResources } from '$lib/server/resources/catalogue';
import type { RequestHandler } from './$types';

const STATIC_PAGES = ['/ressources', '/accessibilite', '/aide', '/donnees-personnelles'];

export const GET: RequestHandler = async ({ url }) => {
	const items = await loadResources(await adminPocketBase());
	const xml = sitemapXml([
		...STATIC_PAGES.map((path) => ({ loc: url.origin + path })),
		// Only the organisations that let search engines in (their other pages say noindex).
		...items
			.filter((item) => item.indexable)
			.map((item) => ({
				loc: `${url.origin}/public/${item.slug}`,
				lastmod: item.publishedAt
			}))
	]);
	return new Response(xml, {
		headers: {
			'content-type': 'application/xml; charset=utf-8',
			'cache-control': 'public, max-age=3600'
		}
	});
};
