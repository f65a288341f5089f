/**
 * `GET /api/live?topic=<kind>:<id>[&view=<name>]` — a Server-Sent Events stream of one live-hub
 * topic, for a signed-in user allowed to read it (checked before the first byte); `view` names a
 * cut the topic's kind offers (e.g. `projection` for a round). See docs/architecture.md.
 */
import { error } from '@sveltejs/kit';
import { liveHub } from '$lib/server/live/hub';
import { sseStream } from '$lib/server/live/sse';
import { authorizeTopic } from '$lib/server/live/topics';
import '$lib/server/live/topic-kinds';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url, locals, request }) => {
	if (!locals.user) error(401, { message: 'unauthenticated' });
	const topic = url.searchParams.get('topic') ?? '';
	const view = url.searchParams.get('view');
	const access = await authorizeTopic(locals.user.id, topic, view);
	if (access === 'invalid') error(400, { message: 'invalid_topic' });
	if (access === 'forbidden') error(404, { message: 'not_found' });
	const subscriber = { userId: locals.user.id, view };
	return new Response(sseStream(liveHub(), topic, request.signal, { subscriber }), {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			connection: 'keep-alive',
			'x-accel-buffering': 'no'
		}
	});
};
