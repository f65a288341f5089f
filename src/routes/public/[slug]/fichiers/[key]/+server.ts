/**
 * `GET /public/<slug>/fichiers/<key>[?largeur=<px>]` — a file of a published document, for
 * anyone, only if the published version refers to it (never a file of the draft only).
 */
import { error } from '@sveltejs/kit';
import { adminPocketBase } from '$lib/server/pocketbase';
import { publicationBySlug } from '$lib/server/review/publication';
import { versionContent } from '$lib/server/review/versions';
import { fileRecord } from '$lib/server/files/store';
import { fileKeysOf } from '$lib/server/files/keys';
import { requestedWidth, serveFile } from '$lib/server/files/serve';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, url }) => {
	const admin = await adminPocketBase();
	const publication = await publicationBySlug(admin, params.slug);
	if (!publication) error(404, { message: 'Not found' });
	const content = await versionContent(
		admin,
		{ documentId: publication.documentId },
		publication.versionId
	).catch(() => null);
	if (!content || !fileKeysOf(content).has(params.key)) error(404, { message: 'Not found' });
	const record = await fileRecord(admin, publication.documentId, params.key);
	if (!record) error(404, { message: 'Not found' });
	return serveFile(admin, record, requestedWidth(url), 'public');
};
