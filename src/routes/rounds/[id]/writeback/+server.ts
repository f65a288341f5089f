/**
 * `GET /rounds/<id>/writeback`: where a closed round's adopted text stands in its document;
 * `POST` `{ "choice": "apply" | "keep_current" | "merge" | "retry", "currentHash", "text"? }`:
 * the facilitator's choice when the section changed since it was frozen (its schema:
 * `writebackChoice`, src/lib/schemas/governance.ts).
 */
import { adminPocketBase } from '$lib/server/pocketbase';
import { governanceJson } from '$lib/server/governance/http';
import { chooseWriteback, roundWriteback } from '$lib/server/governance/writeback-service';
import { readJson } from '$lib/server/input';
import type { RequestHandler } from './$types';

/** A merged text of 100 000 characters fits. */
const MAX_BODY = 512 * 1024;

export const GET: RequestHandler = ({ params, locals }) =>
	governanceJson(async () => ({
		writeback: await roundWriteback({ admin: await adminPocketBase() }, params.id, locals.user!.id)
	}));

export const POST: RequestHandler = ({ params, locals, request }) =>
	governanceJson(async () => {
		const body = await readJson(request, MAX_BODY);
		return {
			writeback: await chooseWriteback(
				{ admin: await adminPocketBase() },
				params.id,
				locals.user!.id,
				body
			)
		};
	});
