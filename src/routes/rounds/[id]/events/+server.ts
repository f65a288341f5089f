/**
 * `POST /rounds/<id>/events` with a JSON command (`{ "type": "advance" }`…), validated by its
 * schema (src/lib/schemas/governance.ts). The author is the signed-in user and the time the
 * server's; answers the new view or `{ error: <id>, message, fields? }`.
 */
import { adminPocketBase } from '$lib/server/pocketbase';
import { governanceJson } from '$lib/server/governance/http';
import { applyCommand } from '$lib/server/governance/round-writes';
import { readJson } from '$lib/server/input';
import type { RequestHandler } from './$types';

/** A proposal of 100 000 characters fits; the server takes no larger body (BODY_SIZE_LIMIT). */
const MAX_BODY = 512 * 1024;

export const POST: RequestHandler = ({ params, locals, request }) =>
	governanceJson(async () =>
		applyCommand(
			{ admin: await adminPocketBase() },
			{ roundId: params.id, userId: locals.user!.id, body: await readJson(request, MAX_BODY) }
		)
	);
