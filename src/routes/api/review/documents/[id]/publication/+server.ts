/**
 * `GET /api/review/documents/<id>/publication` — the current publication or null.
 * `PUT { versionId, licence?, summary? }` publishes that version (stable slug); `DELETE` withdraws it.
 */
import { error } from '@sveltejs/kit';
import { adminPocketBase } from '$lib/server/pocketbase';
import { reviewContext } from '$lib/server/review/context';
import { jsonInput } from '$lib/server/input';
import { REVIEW_BODY_MAX, reviewJson } from '$lib/server/review/http';
import { publish } from '$lib/schemas/review';
import { currentPublication, publishVersion, unpublish } from '$lib/server/review/publication';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	if (!locals.user) error(401, { message: 'unauthenticated' });
	const userId = locals.user.id;
	return reviewJson(async () => {
		const admin = await adminPocketBase();
		const ctx = await reviewContext(admin, params.id, userId);
		return { publication: await currentPublication(admin, ctx.documentId) };
	});
};

export const PUT: RequestHandler = async ({ locals, params, request }) => {
	if (!locals.user) error(401, { message: 'unauthenticated' });
	const userId = locals.user.id;
	return reviewJson(async () => {
		const input = await jsonInput(request, publish, REVIEW_BODY_MAX);
		const admin = await adminPocketBase();
		const ctx = await reviewContext(admin, params.id, userId);
		return {
			publication: await publishVersion(admin, ctx, input.versionId, {
				licence: input.licence,
				summary: input.summary
			})
		};
	});
};

export const DELETE: RequestHandler = async ({ locals, params }) => {
	if (!locals.user) error(401, { message: 'unauthenticated' });
	const userId = locals.user.id;
	return reviewJson(async () => {
		const admin = await adminPocketBase();
		const ctx = await reviewContext(admin, params.id, userId);
		await unpublish(admin, ctx);
		return { publication: null };
	});
};
