/** `PATCH /api/review/documents/<id>/messages/<message>` `{ body }` edits, `DELETE` removes (own only). */
import { error } from '@sveltejs/kit';
import { adminPocketBase } from '$lib/server/pocketbase';
import { reviewContext } from '$lib/server/review/context';
import { jsonInput } from '$lib/server/input';
import { REVIEW_BODY_MAX, reviewJson } from '$lib/server/review/http';
import { messageBody } from '$lib/schemas/review';
import { deleteMessage, editMessage } from '$lib/server/review/threads';
import type { RequestHandler } from './$types';

export const PATCH: RequestHandler = async ({ locals, params, request }) => {
	if (!locals.user) error(401, { message: 'unauthenticated' });
	const userId = locals.user.id;
	return reviewJson(async () => {
		const input = await jsonInput(request, messageBody, REVIEW_BODY_MAX);
		const admin = await adminPocketBase();
		const ctx = await reviewContext(admin, params.id, userId);
		await editMessage(locals.pb, admin, ctx, params.message, input.body);
		return { ok: true };
	});
};

export const DELETE: RequestHandler = async ({ locals, params }) => {
	if (!locals.user) error(401, { message: 'unauthenticated' });
	const userId = locals.user.id;
	return reviewJson(async () => {
		const admin = await adminPocketBase();
		const ctx = await reviewContext(admin, params.id, userId);
		await deleteMessage(locals.pb, admin, ctx, params.message);
		return { ok: true };
	});
};
