/** JSON responses of the governance endpoints: a GovernanceError becomes `{ error: <id> }`. */
import { json } from '@sveltejs/kit';
import { GovernanceError } from './errors';

export async function governanceJson(task: () => Promise<unknown>): Promise<Response> {
	try {
		return json(await task());
	} catch (error) {
		if (error instanceof GovernanceError)
			return json({ error: error.code }, { status: error.status });
		console.error('[governance] request failed', error);
		return json({ error: 'unavailable' }, { status: 503 });
	}
}
