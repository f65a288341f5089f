/**
 * `POST /api/review/documents/<id>/threads/<thread>` — replies `{ body }`.
 * `PATCH` — changes the status `{ change: 'resolve' | 'reopen' | 'accept' | 'reject' }`.
 */
import { error } from '@sveltejs/kit';
import { adminPocketBase } from '$lib/server/pocketbase';
import { reviewContext } from '$lib/server/review/context';
import { jsonInput } from '$lib/server/input';
import { REVIEW_BODY_MAX, reviewJson } from '$lib/server/review/http';
import { messageBody, threadStatus } from '$lib/schemas/review';
import { reply, setThreadStatus } from '$lib/server/review/threads';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, params, request }) => {
	if (!locals.user) error(401, { message: 'unauthenticated' });
	const userId = locals.user.id;
	return reviewJson(async () => {
		const input = await jsonInput(request, messageBody, REVIEW_BODY_MAX);
		const admin = await adminPocketBase();
		const ctx = await reviewContext(admin, params.id, userId);
		return reply(locals.pb, admin, ctx, params.thread, input.body);
	}, 201);
};

export const PATCH: RequestHandler = async ({ locals, params, request }) => {
	if (!locals.user) error(401, { message: 'unauthenticated' });
	const userId = locals.user.id;
	return reviewJson(async () => {
		const input = await jsonInput(request, threadStatus, REVIEW_BODY_MAX);
		const admin = await adminPocketBase();
		const ctx = await reviewContext(admin, params.id, userId);
		await setThreadStatus(locals.pb, admin, ctx, params.thread, input.change);
		return { ok: true };
	});
};
