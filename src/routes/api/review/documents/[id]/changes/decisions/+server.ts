/**
 * `POST /api/review/documents/<id>/changes/decisions` — records that the caller (an editor)
 * accepted or rejected a tracked change in the text
 * `{ changeId, changeAuthor, anchor, deleted, inserted, decision }`.
 */
import { error } from '@sveltejs/kit';
import { adminPocketBase } from '$lib/server/pocketbase';
import { reviewContext } from '$lib/server/review/context';
import { jsonInput } from '$lib/server/input';
import { REVIEW_BODY_MAX, reviewJson } from '$lib/server/review/http';
import { changeDecision } from '$lib/schemas/review';
import { decideChange } from '$lib/server/review/change-threads';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, params, request }) => {
	if (!locals.user) error(401, { message: 'unauthenticated' });
	const userId = locals.user.id;
	return reviewJson(async () => {
		const { decision, ...ref } = await jsonInput(request, changeDecision, REVIEW_BODY_MAX);
		const admin = await adminPocketBase();
		const ctx = await reviewContext(admin, params.id, userId);
		return decideChange(locals.pb, admin, ctx, ref, decision);
	});
};
