import { redirect } from '@sveltejs/kit';
import {
	cookieMaxAge as localeCookieMaxAge,
	cookieName as localeCookie
} from '$lib/paraglide/runtime';
import { language } from '$lib/schemas/account';
import { invalidInput, parseForm } from '$lib/server/input';
import { appLog, errorFields } from '$lib/server/log';
import { isOutage } from '$lib/server/pb-errors';
import { safeRedirectTarget } from '$lib/server/session';
import type { RequestHandler } from './$types';

/** FR/EN toggle: remembers the choice in the locale cookie and in the user's profile. */
export const POST: RequestHandler = async ({ request, cookies, url, locals }) => {
	const input = parseForm(language, await request.formData());
	// The switch only ever sends a listed language: anything else is a script's mistake.
	if (!input.ok) return invalidInput(input.errors);
	const { locale, redirectTo } = input.data;
	cookies.set(localeCookie, locale, {
		path: '/',
		httpOnly: false,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		maxAge: localeCookieMaxAge
	});
	if (locals.user && locals.user.locale !== locale) {
		try {
			await locals.pb.collection('users').update(locals.user.id, { locale });
		} catch (error) {
			// The cookie already applies the choice on this device; the profile follows next time.
			if (!isOutage(error)) throw error;
			appLog.warn('app.locale_not_saved', errorFields(error));
		}
	}
	redirect(303, safeRedirectTarget(redirectTo || '/'));
};
