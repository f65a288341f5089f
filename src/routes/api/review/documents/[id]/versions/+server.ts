/** `GET /api/review/documents/<id>/versions` lists versions; `POST { name }` names the current state. */
import { error } from '@sveltejs/kit';
import { adminPocketBase } from '$lib/server/pocketbase';
import { reviewContext } from '$lib/server/review/context';
import { jsonInput } from '$lib/server/input';
import { REVIEW_BODY_MAX, reviewJson } from '$lib/server/review/http';
import { namedVersion } from '$lib/schemas/review';
import { createNamedVersion, listVersions } from '$lib/server/review/versions';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	if (!locals.user) error(401, { message: 'unauthenticated' });
	const userId = locals.user.id;
	return reviewJson(async () => {
		const admin = await adminPocketBase();
		const ctx = await reviewContext(admin, params.id, userId);
		return {
			versions: await listVersions(admin, ctx),
			canEdit: ctx.rights.edit,
			canPublish: ctx.canPublish
		};
	});
};

export const POST: RequestHandler = async ({ locals, params, request }) => {
	if (!locals.user) error(401, { message: 'unauthenticated' });
	const userId = locals.user.id;
	return reviewJson(async () => {
		const input = await jsonInput(request, namedVersion, REVIEW_BODY_MAX);
		const admin = await adminPocketBase();
		const ctx = await reviewContext(admin, params.id, userId);
		return createNamedVersion(admin, ctx, input.name);
	}, 201);
};
