import { redirect } from '@sveltejs/kit';
import { clearSessionCookie } from '$lib/server/session';
import type { Actions } from './$types';

export const actions: Actions = {
	default: ({ cookies, url, locals }) => {
		locals.pb.authStore.clear();
		clearSessionCookie(cookies, url);
		redirect(303, '/connexion');
	}
};
