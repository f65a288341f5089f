import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { adminPocketBase } from '$lib/server/pocketbase';
import { feedContent, feedOwner, renderFeed } from '$lib/server/seances/calendar';
import type { RequestHandler } from './$types';

/** A personal iCal feed: public URL, the secret token stands for the user; revoked → 404. */
export const GET: RequestHandler = async ({ params, url }) => {
	const admin = await adminPocketBase();
	const userId = await feedOwner(admin, params.token);
	if (!userId) error(404, { message: 'Not found' });
	const body = renderFeed(await feedContent(admin, userId, url.origin), {
		calendar: m.seances_calendar_name(),
		due: (what) => m.seances_calendar_due({ what })
	});
	return new Response(body, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'cache-control': 'private, no-store',
			'x-robots-tag': 'noindex'
		}
	});
};
