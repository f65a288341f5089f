import { redirect } from '@sveltejs/kit';
import {
	cookieMaxAge as localeCookieMaxAge,
	cookieName as localeCookie,
	isLocale
} from '$lib/paraglide/runtime';
import { safeRedirectTarget } from '$lib/server/session';
import type { RequestHandler } from './$types';

/** FR/EN toggle: remembers the choice in the locale cookie and in the user's profile. */
export const POST: RequestHandler = async ({ request, cookies, url, locals }) => {
	const form = await request.formData();
	const locale = form.get('locale');
	const target = safeRedirectTarget(String(form.get('redirectTo') ?? '/'));
	if (typeof locale === 'string' && isLocale(locale)) {
		cookies.set(localeCookie, locale, {
			path: '/',
			httpOnly: false,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: localeCookieMaxAge
		});
		if (locals.user && locals.user.locale !== locale) {
			// Best effort: the cookie already applies the choice on this device.
			await locals.pb
				.collection('users')
				.update(locals.user.id, { locale })
				.catch(() => undefined);
		}
	}
	redirect(303, target);
};
