/** sitemap.xml (sitemaps.org protocol 0.9) and robots.txt of the public pages. */

export interface SitemapEntry {
	/** Absolute URL. */
	loc: string;
	/** ISO date (YYYY-MM-DD…) of the last change, when known. */
	lastmod?: string;
}

const escapeXml = (text: string) =>
	text.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!
	);

export function sitemapXml(entries: readonly SitemapEntry[]): string {
	const urls = entries.map((entry) => {
		const lastmod = entry.lastmod ? `<lastmod>${entry.lastmod.slice(0, 10)}</lastmod>` : '';
		return `<url><loc>${escapeXml(entry.loc)}</loc>${lastmod}</url>`;
	});
	return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

/** Paths no search engine should crawl: private pages (behind sign-in), the API, the embed. */
export const ROBOTS_DISALLOW = [
	'/api/',
	'/documents/',
	'/experiences/',
	'/rounds/',
	'/compte',
	'/notifications',
	'/invitation/',
	'/mot-de-passe/',
	'/ressources/integrer'
] as const;

export function robotsTxt(origin: string): string {
	return [
		'User-agent: *',
		...ROBOTS_DISALLOW.map((path) => `Disallow: ${path}`),
		'',
		`Sitemap: ${origin}/sitemap.xml`,
		''
	].join('\n');
}
