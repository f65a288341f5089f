/**
 * `POST /rounds/<id>/events` with a JSON command (`{ "type": "advance" }`…). The author is the
 * signed-in user and the time the server's; answers the new view or `{ error: <id> }`.
 */
import { adminPocketBase } from '$lib/server/pocketbase';
import { GovernanceError } from '$lib/server/governance/errors';
import { governanceJson } from '$lib/server/governance/http';
import { applyCommand } from '$lib/server/governance/round-writes';
import type { RequestHandler } from './$types';

const MAX_BODY = 256 * 1024;

export const POST: RequestHandler = ({ params, locals, request }) =>
	governanceJson(async () => {
		const raw = await request.text();
		if (raw.length > MAX_BODY) throw new GovernanceError('invalid_input');
		let body: unknown;
		try {
			body = JSON.parse(raw);
		} catch {
			throw new GovernanceError('invalid_input');
		}
		return applyCommand(
			{ admin: await adminPocketBase() },
			{ roundId: params.id, userId: locals.user!.id, body }
		);
	});
