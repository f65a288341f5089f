/**
 * `GET /documents/<id>/auteurs`: who owns each Yjs client id of the document (recorded by the
 * collaboration server, see server/collab/authorship.ts), with their names, for the "Qui a écrit
 * quoi" view. For the document's readers; `{ error: 'not_found' }` to anyone else.
 */
import { json } from '@sveltejs/kit';
import { adminPocketBase } from '$lib/server/pocketbase';
import { reviewContext } from '$lib/server/review/context';
import { ReviewError } from '$lib/server/review/errors';
import type { DocumentAuthorsList } from '$lib/editor/authorship/owners';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	const admin = await adminPocketBase();
	try {
		await reviewContext(admin, params.id, locals.user!.id);
	} catch (e) {
		if (e instanceof ReviewError) return json({ error: 'not_found' }, { status: 404 });
		throw e;
	}
	const rows = await admin.collection('document_authors').getFullList<{
		client_id: number;
		user: string;
		expand?: { user?: { name?: string } };
	}>({
		filter: admin.filter('document = {:document}', { document: params.id }),
		expand: 'user',
		fields: 'client_id,user,expand.user.name',
		batch: 1000
	});
	const body: DocumentAuthorsList = {
		authors: rows.map((row) => ({
			client: row.client_id,
			user: row.user,
			name: row.expand?.user?.name ?? ''
		}))
	};
	return json(body, { headers: { 'cache-control': 'no-store' } });
};
