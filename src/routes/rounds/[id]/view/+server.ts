/** `GET /rounds/<id>/view[?projection=1]` — the round as the signed-in user (or the room) sees it. */
import { adminPocketBase } from '$lib/server/pocketbase';
import { governanceJson } from '$lib/server/governance/http';
import { roundView } from '$lib/server/governance/round-reads';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params, locals, url }) =>
	governanceJson(async () =>
		roundView({ admin: await adminPocketBase() }, params.id, locals.user!.id, {
			projection: url.searchParams.get('projection') === '1'
		})
	);
