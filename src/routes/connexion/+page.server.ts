import { fail, redirect } from '@sveltejs/kit';
import { ClientResponseError } from 'pocketbase';
import {
	cookieName as localeCookie,
	cookieMaxAge as localeCookieMaxAge
} from '$lib/paraglide/runtime';
import { safeRedirectTarget, sessionUserFrom, setSessionCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
	return { expired: url.searchParams.get('raison') === 'session' };
};

export const actions: Actions = {
	default: async ({ request, locals, cookies, url }) => {
		const form = await request.formData();
		const email = String(form.get('email') ?? '').trim();
		const password = String(form.get('password') ?? '');
		if (!email || !password) return fail(400, { email, error: 'missing' as const });

		let token: string;
		let user;
		try {
			const auth = await locals.pb.collection('users').authWithPassword(email, password);
			token = auth.token;
			user = sessionUserFrom(auth.record);
		} catch (error) {
			if (error instanceof ClientResponseError && error.status === 400) {
				return fail(400, { email, error: 'invalid' as const });
			}
			if (error instanceof ClientResponseError && error.status === 429) {
				return fail(429, { email, error: 'throttled' as const });
			}
			return fail(503, { email, error: 'unavailable' as const });
		}
		setSessionCookie(cookies, token, url);
		if (user.locale) {
			// The user's language follows them from device to device.
			cookies.set(localeCookie, user.locale, {
				path: '/',
				httpOnly: false,
				sameSite: 'lax',
				secure: url.protocol === 'https:',
				maxAge: localeCookieMaxAge
			});
		}
		redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
	}
};
