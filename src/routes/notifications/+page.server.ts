import { notificationPrefs, notificationRead } from '$lib/schemas/account';
import { formFailure, parseForm, writeFailure } from '$lib/server/input';
import { listInbox, loadPrefs, markRead, savePrefs } from '$lib/server/review/inbox';
import { changedSinceVisits } from '$lib/server/review/since-visit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	items: await listInbox(locals.pb),
	prefs: await loadPrefs(locals.pb),
	// "Depuis votre dernière visite", per document; the inbox still opens if it cannot be read.
	changed: await changedSinceVisits(locals.pb, locals.user!.id).catch(() => [])
});

export const actions: Actions = {
	read: async ({ locals, request }) => {
		const action = 'read';
		const input = parseForm(notificationRead, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action, values: input.values });
		try {
			await markRead(locals.pb, locals.user!.id, input.data.id);
		} catch (e) {
			return writeFailure(e, { action, schema: notificationRead, collection: 'notifications' });
		}
		return { done: 'read' };
	},
	readAll: async ({ locals }) => {
		try {
			await markRead(locals.pb, locals.user!.id, null);
		} catch (e) {
			return writeFailure(e, { action: 'readAll' });
		}
		return { done: 'read' };
	},
	prefs: async ({ locals, request }) => {
		const action = 'prefs';
		const input = parseForm(notificationPrefs, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action, values: input.values });
		try {
			await savePrefs(locals.pb, locals.user!.id, input.data);
		} catch (e) {
			return writeFailure(e, {
				action,
				schema: notificationPrefs,
				collection: 'notification_prefs'
			});
		}
		return { done: 'prefs' };
	}
};
