import { describe, expect, it } from 'vitest';
import { robotsTxt, sitemapXml } from './sitemap';

describe('sitemap.xml', () => {
	it.each([
		[[], ''],
		[[{ loc: 'https://t.test/ressources' }], '<url><loc>https://t.test/ressources</loc></url>'],
		[
			[{ loc: 'https://t.test/public/a', lastmod: '2026-03-01 10:00:00.000Z' }],
			'<url><loc>https://t.test/public/a</loc><lastmod>2026-03-01</lastmod></url>'
		],
		[
			[{ loc: 'https://t.test/ressources?q=a&kind=b' }],
			'<url><loc>https://t.test/ressources?q=a&amp;kind=b</loc></url>'
		]
	])('%j', (entries, urls) => {
		const xml = sitemapXml(entries);
		expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
		expect(xml.split('\n').slice(2, -2).join('\n')).toBe(urls);
	});
});

describe('robots.txt', () => {
	it('points to the sitemap and keeps private pages and the embed out', () => {
		const text = robotsTxt('https://t.test');
		expect(text).toContain('Sitemap: https://t.test/sitemap.xml');
		expect(text).toContain('Disallow: /ressources/integrer');
		expect(text).toMatch(/^Disallow: \/$/m);
		expect(text).toMatch(/^Allow: \/public\/$/m);
		expect(text).toMatch(/^Allow: \/ressources$/m);
		expect(text).not.toMatch(/Disallow: \/ressources\n|Disallow: \/public/);
	});
});
