import { loadPublicPage } from '$lib/server/resources/public-page';
import type { PageServerLoad } from './$types';

/** Server-rendered only: a public page carries no editor (nor any) JavaScript. */
export const csr = false;

/** The current published version (never the draft, never comments), for anyone, no login. */
export const load: PageServerLoad = async ({ params, setHeaders, url }) => {
	const data = await loadPublicPage(params.slug, null, url.origin);
	setHeaders({
		'cache-control': 'public, max-age=60',
		...(data.published?.indexable ? {} : { 'x-robots-tag': 'noindex' })
	});
	return data;
};
