/**
 * `POST /api/review/documents/<id>/visit`: the reader has the document open (on opening and on
 * leaving the page, so that "Depuis votre dernière visite" starts from what they last saw).
 * Written with the reader's own client: the rules refuse it for a document they may not read.
 */
import { error } from '@sveltejs/kit';
import { adminPocketBase } from '$lib/server/pocketbase';
import { reviewContext } from '$lib/server/review/context';
import { reviewJson } from '$lib/server/review/http';
import { recordVisit } from '$lib/server/review/since-visit';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, params }) => {
	if (!locals.user) error(401, { message: 'unauthenticated' });
	const userId = locals.user.id;
	return reviewJson(async () => {
		await reviewContext(await adminPocketBase(), params.id, userId);
		await recordVisit(locals.pb, userId, params.id, new Date());
		return { ok: true };
	});
};
