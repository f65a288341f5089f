import { fail, redirect } from '@sveltejs/kit';
import { ClientResponseError } from 'pocketbase';
import {
	cookieName as localeCookie,
	cookieMaxAge as localeCookieMaxAge
} from '$lib/paraglide/runtime';
import { signIn } from '$lib/schemas/workspace';
import { ssoProvider } from '$lib/server/accounts/sso';
import { formFailure, parseForm } from '$lib/server/input';
import { appLog, errorFields } from '$lib/server/log';
import { isOutage } from '$lib/server/pb-errors';
import { safeRedirectTarget, sessionUserFrom, setSessionCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

/** Why the person lands here after an account action (`?raison=`). */
const NOTICES = ['mot-de-passe', 'adresse', 'sessions', 'compte-supprime'] as const;
const SSO_FAILURES = ['refused', 'expired', 'unverified', 'failed', 'throttled', 'off'] as const;

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
	const reason = url.searchParams.get('raison');
	const sso = url.searchParams.get('sso');
	const provider = await ssoProvider(locals.pb);
	return {
		expired: reason === 'session',
		notice: NOTICES.find((notice) => notice === reason) ?? null,
		ssoFailure: SSO_FAILURES.find((failure) => failure === sso) ?? null,
		sso: provider ? { displayName: provider.displayName } : null,
		redirectTo: safeRedirectTarget(url.searchParams.get('redirectTo'), '')
	};
};

export const actions: Actions = {
	default: async ({ request, locals, cookies, url }) => {
		const input = parseForm(signIn, await request.formData());
		if (!input.ok) return formFailure(input.errors, { values: input.values });
		const { email, password } = input.data;

		let token: string;
		let user;
		try {
			const auth = await locals.pb.collection('users').authWithPassword(email, password);
			token = auth.token;
			user = sessionUserFrom(auth.record);
		} catch (error) {
			const values = { email };
			if (error instanceof ClientResponseError && error.status === 400) {
				return fail(400, { values, errors: null, error: 'invalid' as const });
			}
			if (error instanceof ClientResponseError && error.status === 429) {
				return fail(429, { values, errors: null, error: 'throttled' as const });
			}
			if (!isOutage(error)) throw error;
			appLog.warn('app.signin_unavailable', errorFields(error));
			return fail(503, { values, errors: null, error: 'unavailable' as const });
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
