/**
 * `POST /api/review/documents/<id>/versions/<version>/restore` — keeps an "avant restauration"
 * version and returns the content to restore; the editor's browser applies it in one transaction.
 */
import { error } from '@sveltejs/kit';
import { adminPocketBase } from '$lib/server/pocketbase';
import { reviewContext } from '$lib/server/review/context';
import { reviewJson } from '$lib/server/review/http';
import { prepareRestore } from '$lib/server/review/versions';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, params }) => {
	if (!locals.user) error(401, { message: 'unauthenticated' });
	const userId = locals.user.id;
	return reviewJson(async () => {
		const admin = await adminPocketBase();
		const ctx = await reviewContext(admin, params.id, userId);
		return prepareRestore(admin, ctx, params.version);
	});
};
