/**
 * `POST /api/review/documents/<id>/versions/<version>/restore` — keeps an "avant restauration"
 * version and returns the content to restore; the editor's browser applies it in one transaction.
 */
import { error } from '@sveltejs/kit';
import { adminPocketBase } from '$lib/server/pocketbase';
import { reviewContext } from '$lib/server/review/context';
import { reviewJson } from '$lib/server/review/http';
import { prepareRestore } from '$lib/server/review/versions';
import { liveHub } from '$lib/server/live/hub';
import { reviewTopic } from '$lib/server/review/threads';
import { VERSION_RESTORED } from '$lib/review/types';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, params }) => {
	if (!locals.user) error(401, { message: 'unauthenticated' });
	const userId = locals.user.id;
	return reviewJson(async () => {
		const admin = await adminPocketBase();
		const ctx = await reviewContext(admin, params.id, userId);
		const restore = await prepareRestore(admin, ctx, params.version);
		// The co-editors in the document are told who restored which version (ids only: each
		// reads the names from its own versions list).
		liveHub().publish(reviewTopic(ctx.documentId), {
			type: VERSION_RESTORED,
			data: { version: params.version, before: restore.beforeId, by: userId }
		});
		return restore;
	});
};
