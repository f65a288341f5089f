import { catalogueView } from '$lib/server/resources/catalogue-page';
import { readPageQuery } from '$lib/server/resources/query';
import type { PageServerLoad } from './$types';

/** Server-rendered only: search and facets are plain links and a GET form. */
export const csr = false;

/** The public catalogue of published versions, for anyone, no login. */
export const load: PageServerLoad = async ({ url, setHeaders }) => {
	const filters = readPageQuery(url);
	setHeaders({ 'cache-control': 'public, max-age=60' });
	return { view: await catalogueView(filters, url.origin) };
};
