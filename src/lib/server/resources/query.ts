/**
 * The catalogue's query (search words and facets), read through its schema for the page and the
 * feeds: a page answers 400 with a French sentence, a feed the JSON field errors.
 */
import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { catalogueQuery } from '$lib/schemas/resources';
import type { ResourceFilters } from '$lib/domain/resources';
import { invalidInput, parseForm } from '../input';

export type QueryResult =
	{ ok: true; filters: ResourceFilters } | { ok: false; response: Response };

export function readFeedQuery(url: URL): QueryResult {
	const query = parseForm(catalogueQuery, url.searchParams);
	if (!query.ok) return { ok: false, response: invalidInput(query.errors) };
	return { ok: true, filters: query.data };
}

/** For pages: the filters, or a 400 error page saying what is wrong, field by field. */
export function readPageQuery(url: URL): ResourceFilters {
	const query = parseForm(catalogueQuery, url.searchParams);
	if (query.ok) return query.data;
	const details = Object.entries(query.errors)
		.map(([field, problem]) => `${field} — ${problem.message}`)
		.join(' ; ');
	error(400, { message: m.labo_query_invalid({ details }) });
}
