/** JSON responses of the review endpoints: a ReviewError becomes `{ error: <id> }`. */
import { json } from '@sveltejs/kit';
import { ClientResponseError } from 'pocketbase';
import { ReviewError } from './errors';

export async function reviewJson(task: () => Promise<unknown>, status = 200): Promise<Response> {
	try {
		return json(await task(), { status });
	} catch (error) {
		if (error instanceof ReviewError) return json({ error: error.code }, { status: error.status });
		// PocketBase's own rules refused (the same matrix, checked twice).
		if (error instanceof ClientResponseError && (error.status === 403 || error.status === 404)) {
			return json(
				{ error: error.status === 403 ? 'forbidden' : 'not_found' },
				{ status: error.status }
			);
		}
		if (error instanceof ClientResponseError && error.status === 400) {
			return json({ error: 'invalid_input' }, { status: 400 });
		}
		console.error('[review] request failed', error);
		return json({ error: 'unavailable' }, { status: 503 });
	}
}

/** The JSON body of a request as an object, or `invalid_input`. */
export async function readBody(request: Request): Promise<Record<string, unknown>> {
	const text = await request.text();
	if (text.length > 64 * 1024) throw new ReviewError('comment_too_long');
	try {
		const value: unknown = JSON.parse(text);
		if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
			return value as Record<string, unknown>;
		}
	} catch {
		// fall through
	}
	throw new ReviewError('invalid_input');
}
