/**
 * `POST /api/review/documents/<id>/changes` — a message in a tracked change's thread
 * `{ changeId, changeAuthor, anchor, deleted, inserted, body }` (the thread is opened by its
 * first message).
 */
import { error } from '@sveltejs/kit';
import { adminPocketBase } from '$lib/server/pocketbase';
import { reviewContext } from '$lib/server/review/context';
import { jsonInput } from '$lib/server/input';
import { REVIEW_BODY_MAX, reviewJson } from '$lib/server/review/http';
import { changeMessage } from '$lib/schemas/review';
import { discussChange } from '$lib/server/review/change-threads';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, params, request }) => {
	if (!locals.user) error(401, { message: 'unauthenticated' });
	const userId = locals.user.id;
	return reviewJson(async () => {
		const { body, ...ref } = await jsonInput(request, changeMessage, REVIEW_BODY_MAX);
		const admin = await adminPocketBase();
		const ctx = await reviewContext(admin, params.id, userId);
		return discussChange(locals.pb, admin, ctx, ref, body);
	}, 201);
};
