import { error } from '@sveltejs/kit';
import { loadPublicPage } from '$lib/server/resources/public-page';
import type { PageServerLoad } from './$types';

export const csr = false;

/** The stable page of one published version (the URL a citation gives), current or earlier. */
export const load: PageServerLoad = async ({ params, setHeaders, url }) => {
	if (!/^[a-z0-9]{15}$/.test(params.version)) error(404, { message: 'Not found' });
	const data = await loadPublicPage(params.slug, params.version, url.origin);
	setHeaders({
		'cache-control': 'public, max-age=60',
		...(data.published?.indexable ? {} : { 'x-robots-tag': 'noindex' })
	});
	return data;
};
