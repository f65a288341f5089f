/**
 * JSON answers of the review endpoints: `{ error: <id>, message }` in the request's language,
 * `fields` too when an input is refused field by field. Only an outage (PocketBase unreachable)
 * answers 503 "try again"; any other unexpected error goes to handleError (500, logged).
 */
import { json } from '@sveltejs/kit';
import { ClientResponseError } from 'pocketbase';
import { m } from '../../paraglide/messages';
import { reviewErrorText } from '../../review/errors';
import { InputError, invalidInputBody, pocketBaseFieldErrors } from '../input';
import { isOutage } from '../pb-errors';
import { ReviewError } from './errors';

/** The largest JSON body a review command reads (its fields are far smaller; see the schemas). */
export const REVIEW_BODY_MAX = 512 * 1024;

export async function reviewJson(task: () => Promise<unknown>, status = 200): Promise<Response> {
	try {
		return json(await task(), { status });
	} catch (error) {
		if (error instanceof InputError) return json(error.body, { status: error.status });
		if (error instanceof ReviewError)
			return json({ error: error.code, message: reviewErrorText(error) }, { status: error.status });
		// PocketBase's own rules refused (the same matrix, checked twice).
		if (error instanceof ClientResponseError && (error.status === 403 || error.status === 404)) {
			const code = error.status === 403 ? 'forbidden' : 'not_found';
			return json({ error: code, message: reviewErrorText({ code }) }, { status: error.status });
		}
		const fields = pocketBaseFieldErrors(error, null, '');
		if (fields) return json(invalidInputBody(fields), { status: 400 });
		if (isOutage(error))
			return json({ error: 'unavailable', message: m.sweep_error_unavailable() }, { status: 503 });
		throw error;
	}
}
