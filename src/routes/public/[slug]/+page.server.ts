import { error } from '@sveltejs/kit';
import { adminPocketBase } from '$lib/server/pocketbase';
import { buildExport, exportLabels } from '$lib/server/export/service';
import { publicationBySlug } from '$lib/server/review/publication';
import { publicFileUrl } from '$lib/editor/media/urls';
import type { PageServerLoad } from './$types';

/** The published version only (never the draft, never comments), for anyone, no login. */
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	const admin = await adminPocketBase();
	const publication = await publicationBySlug(admin, params.slug);
	if (!publication) error(404, { message: 'Not found' });
	const doc = await buildExport(
		admin,
		{ documentId: publication.documentId, experimentId: publication.experimentId },
		{
			versionId: publication.versionId,
			withComments: false,
			now: new Date(),
			// Files of the published version only (see public/[slug]/fichiers).
			assets: {
				mode: 'link',
				imageSrc: (key) => publicFileUrl(params.slug, key, 960),
				fileHref: (key) => publicFileUrl(params.slug, key)
			}
		}
	);
	setHeaders({ 'cache-control': 'public, max-age=60' });
	return { doc, labels: exportLabels() };
};
