/** The resource centre's ATOM feed, filtered like the catalogue (same query). */
import { feedResponse } from '$lib/server/resources/feeds';
import { readFeedQuery } from '$lib/server/resources/query';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url }) => {
	const query = readFeedQuery(url);
	if (!query.ok) return query.response;
	return feedResponse('atom', query.filters, url.origin);
};
