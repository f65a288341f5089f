/**
 * `GET /documents/<id>/fichiers/<key>[?largeur=<px>]` — a file of the document, to people who may
 * read the document only (anyone else: 404, no existence leak; signed out: to the sign-in page).
 */
import { error } from '@sveltejs/kit';
import { adminPocketBase } from '$lib/server/pocketbase';
import { reviewContext } from '$lib/server/review/context';
import { ReviewError } from '$lib/server/review/errors';
import { fileRecord } from '$lib/server/files/store';
import { requestedWidth, serveFile } from '$lib/server/files/serve';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params, url }) => {
	const admin = await adminPocketBase();
	try {
		await reviewContext(admin, params.id, locals.user!.id);
	} catch (e) {
		if (e instanceof ReviewError) error(404, { message: 'Not found' });
		throw e;
	}
	const record = await fileRecord(admin, params.id, params.key);
	if (!record) error(404, { message: 'Not found' });
	return serveFile(admin, record, requestedWidth(url), 'private');
};
