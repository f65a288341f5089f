/**
 * `GET /rounds/<id>/writeback`: where a closed round's adopted text stands in its document;
 * `POST` `{ "choice": "apply" | "keep_current" | "merge" | "retry", "currentHash", "text"? }`:
 * the facilitator's choice when the section changed since it was frozen.
 */
import { adminPocketBase } from '$lib/server/pocketbase';
import { GovernanceError } from '$lib/server/governance/errors';
import { governanceJson } from '$lib/server/governance/http';
import { chooseWriteback, roundWriteback } from '$lib/server/governance/writeback-service';
import type { RequestHandler } from './$types';

const MAX_BODY = 256 * 1024;

export const GET: RequestHandler = ({ params, locals }) =>
	governanceJson(async () => ({
		writeback: await roundWriteback({ admin: await adminPocketBase() }, params.id, locals.user!.id)
	}));

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
		return {
			writeback: await chooseWriteback(
				{ admin: await adminPocketBase() },
				params.id,
				locals.user!.id,
				body
			)
		};
	});
