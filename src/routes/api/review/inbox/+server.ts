/** `GET /api/review/inbox` — the signed-in user's unread notification count (for the badge). */
import { error, json } from '@sveltejs/kit';
import { unreadCount } from '$lib/server/review/inbox';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	if (!locals.user) error(401, { message: 'unauthenticated' });
	return json({ unread: await unreadCount(locals.pb) });
};
