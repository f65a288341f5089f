import { adminPocketBase } from '$lib/server/pocketbase';
import { writeFailure } from '$lib/server/input';
import { renewFeed } from '$lib/server/seances/calendar';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const feeds = await locals.pb.collection('calendar_feeds').getFullList({
		filter: locals.pb.filter('user = {:u}', { u: locals.user!.id })
	});
	// The token is shown once, right after it is made (only its hash is kept).
	return { active: feeds.length > 0, created: feeds[0]?.created ?? '' };
};

export const actions: Actions = {
	renew: async ({ locals, url }) => {
		try {
			const token = await renewFeed(await adminPocketBase(), locals.user!.id);
			return { action: 'renew', feedUrl: `${url.origin}/calendrier/${token}.ics` };
		} catch (e) {
			return writeFailure(e, { action: 'renew' });
		}
	},
	revoke: async ({ locals }) => {
		const feeds = await locals.pb.collection('calendar_feeds').getFullList({
			filter: locals.pb.filter('user = {:u}', { u: locals.user!.id })
		});
		try {
			for (const feed of feeds) await locals.pb.collection('calendar_feeds').delete(feed.id);
		} catch (e) {
			return writeFailure(e, { action: 'revoke' });
		}
		return { action: 'revoke', revoked: true };
	}
};
