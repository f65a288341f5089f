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

/**
 * What search engines may crawl: the published documents, the catalogue and the pages for
 * signed-out visitors; everything else (behind sign-in, the API, the embed) is refused by default,
 * so a new private route is never crawlable by omission.
 */
export const ROBOTS_ALLOW = [
	'/public/',
	'/ressources',
	'/sitemap.xml',
	'/connexion',
	'/aide',
	'/accessibilite'
] as const;

/** Under an allowed path yet not for search engines: the list framed by other sites. */
export const ROBOTS_DISALLOW = ['/ressources/integrer'] as const;

export function robotsTxt(origin: string): string {
	return [
		'# Trame: only the published documents and the pages for signed-out visitors are public.',
		'User-agent: *',
		...ROBOTS_ALLOW.map((path) => `Allow: ${path}`),
		...ROBOTS_DISALLOW.map((path) => `Disallow: ${path}`),
		'Disallow: /',
		'',
		`Sitemap: ${origin}/sitemap.xml`,
		''
	].join('\n');
}
