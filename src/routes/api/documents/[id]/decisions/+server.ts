/** `GET /api/documents/<id>/decisions`: the decisions about a document, for its readers. */
import { error } from '@sveltejs/kit';
import { adminPocketBase } from '$lib/server/pocketbase';
import { documentDecisions } from '$lib/server/governance/document-decisions';
import { reviewJson } from '$lib/server/review/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	if (!locals.user) error(401, { message: 'unauthenticated' });
	const userId = locals.user.id;
	return reviewJson(async () =>
		documentDecisions(await adminPocketBase(), locals.pb, params.id, userId)
	);
};
