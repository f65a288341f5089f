import { fail } from '@sveltejs/kit';
import { listInbox, loadPrefs, markRead, PREF_KEYS, savePrefs } from '$lib/server/review/inbox';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	items: await listInbox(locals.pb),
	prefs: await loadPrefs(locals.pb)
});

export const actions: Actions = {
	read: async ({ locals, request }) => {
		const id = String((await request.formData()).get('id') ?? '');
		if (!/^[a-z0-9]{15}$/.test(id)) return fail(400, { error: 'invalid_input' });
		await markRead(locals.pb, locals.user!.id, id);
		return { done: 'read' };
	},
	readAll: async ({ locals }) => {
		await markRead(locals.pb, locals.user!.id, null);
		return { done: 'read' };
	},
	prefs: async ({ locals, request }) => {
		const form = await request.formData();
		const prefs = Object.fromEntries(
			PREF_KEYS.map((key) => [key, form.get(key) === 'on'])
		) as Record<(typeof PREF_KEYS)[number], boolean>;
		await savePrefs(locals.pb, locals.user!.id, prefs);
		return { done: 'prefs' };
	}
};
