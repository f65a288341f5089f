/** The embeddable list of resources (an iframe on the organisation's site), filtered like the catalogue. */
import { embedResponse } from '$lib/server/resources/embed';
import { readFeedQuery } from '$lib/server/resources/query';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url }) => {
	const query = readFeedQuery(url);
	if (!query.ok) return query.response;
	return embedResponse(query.filters, url.origin);
};
