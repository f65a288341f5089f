/**
 * RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the resource centre (the `feed` library), filtered like
 * the catalogue page they come from: a WordPress site or a reader can follow one enjeu, one kind…
 */
import { Feed } from 'feed';
import { m } from '$lib/paraglide/messages';
import { enjeuLabel, kindLabel } from '$lib/i18n/labels';
import {
	feedEntries,
	filterResources,
	filtersQuery,
	type ResourceFilters
} from '$lib/domain/resources';
import { adminPocketBase } from '../pocketbase';
import { loadResources } from './catalogue';

export type FeedFormat = 'rss' | 'atom' | 'json';

const TYPES: Record<FeedFormat, string> = {
	rss: 'application/rss+xml; charset=utf-8',
	atom: 'application/atom+xml; charset=utf-8',
	json: 'application/feed+json; charset=utf-8'
};

export const FEED_PATHS: Record<FeedFormat, string> = {
	rss: '/ressources/rss.xml',
	atom: '/ressources/atom.xml',
	json: '/ressources/feed.json'
};

export async function feedResponse(
	format: FeedFormat,
	filters: ResourceFilters,
	origin: string
): Promise<Response> {
	const items = filterResources(await loadResources(await adminPocketBase()), filters);
	const entries = feedEntries(items, origin, { kind: kindLabel, enjeu: enjeuLabel });
	const query = filtersQuery(filters);
	const feed = new Feed({
		id: `${origin}/ressources${query}`,
		link: `${origin}/ressources${query}`,
		title: m.labo_publisher(),
		description: m.labo_feed_description(),
		language: 'fr',
		generator: 'Trame',
		updated: entries[0]?.date ?? new Date(0),
		feedLinks: {
			rss: `${origin}${FEED_PATHS.rss}${query}`,
			atom: `${origin}${FEED_PATHS.atom}${query}`,
			json: `${origin}${FEED_PATHS.json}${query}`
		}
	});
	for (const entry of entries) {
		feed.addItem({
			id: entry.id,
			link: entry.link,
			title: entry.title,
			description: entry.description,
			date: entry.date,
			published: entry.date,
			category: entry.categories.map((name) => ({ name })),
			copyright: entry.licenceUrl
		});
	}
	const body = format === 'rss' ? feed.rss2() : format === 'atom' ? feed.atom1() : feed.json1();
	return new Response(body, {
		headers: { 'content-type': TYPES[format], 'cache-control': 'public, max-age=300' }
	});
}
