/**
 * `GET /api/review/documents/<id>` — the document's threads, members and the caller's rights.
 * `POST` — opens a thread `{ kind, anchor, quote, body, replacement? }`.
 */
import { error } from '@sveltejs/kit';
import { adminPocketBase } from '$lib/server/pocketbase';
import { reviewContext } from '$lib/server/review/context';
import { jsonInput } from '$lib/server/input';
import { REVIEW_BODY_MAX, reviewJson } from '$lib/server/review/http';
import { createThread, loadSnapshot } from '$lib/server/review/threads';
import { newThread } from '$lib/schemas/review';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	if (!locals.user) error(401, { message: 'unauthenticated' });
	const userId = locals.user.id;
	return reviewJson(async () => {
		const admin = await adminPocketBase();
		return loadSnapshot(admin, await reviewContext(admin, params.id, userId));
	});
};

export const POST: RequestHandler = async ({ locals, params, request }) => {
	if (!locals.user) error(401, { message: 'unauthenticated' });
	const userId = locals.user.id;
	return reviewJson(async () => {
		const input = await jsonInput(request, newThread, REVIEW_BODY_MAX);
		const admin = await adminPocketBase();
		const ctx = await reviewContext(admin, params.id, userId);
		return createThread(locals.pb, admin, ctx, {
			...input,
			kind: input.kind === 'suggestion' ? 'suggestion' : 'comment',
			replacement: input.kind === 'suggestion' ? input.replacement : undefined
		});
	}, 201);
};
