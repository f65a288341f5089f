import { fail, redirect } from '@sveltejs/kit';
import { ClientResponseError, getTokenPayload } from 'pocketbase';
import { ConfirmEmailChangeSchema } from '$lib/accounts/schemas';
import { parseForm } from '$lib/server/input';
import { clearSessionCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The link's own claims (unverified: PocketBase checks it on submit). */
function linkFacts(token: string, now: number) {
	if (!TOKEN_SHAPE.test(token) || token.length > 2000) return { state: 'invalid' as const };
	const payload = getTokenPayload(token) as { exp?: number; type?: string; newEmail?: string };
	if (payload.type !== 'emailChange' || typeof payload.exp !== 'number') {
		return { state: 'invalid' as const };
	}
	return {
		state: payload.exp * 1000 <= now ? ('expired' as const) : ('usable' as const),
		newEmail: String(payload.newEmail ?? '')
	};
}

export const load: PageServerLoad = ({ params }) => linkFacts(params.token, Date.now());

export const actions: Actions = {
	default: async ({ request, params, locals, cookies, url }) => {
		const parsed = parseForm(ConfirmEmailChangeSchema, await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		if (linkFacts(params.token, Date.now()).state !== 'usable') {
			return fail(400, { error: 'token_invalid' as const });
		}
		try {
			await locals.pb.collection('users').confirmEmailChange(params.token, parsed.data.password);
		} catch (error) {
			if (error instanceof ClientResponseError && error.status === 400) {
				const data = (error.response as { data?: Record<string, unknown> }).data ?? {};
				// A bad link fails both checks (no account to check the password against): the
				// link is what to fix.
				if ('token' in data || !('password' in data)) {
					return fail(400, { error: 'token_invalid' as const });
				}
				return fail(400, { errors: { password: 'wrong_password' } });
			}
			if (error instanceof ClientResponseError && error.status === 429) {
				return fail(429, { error: 'throttled' as const });
			}
			return fail(503, { error: 'unavailable' as const });
		}
		// The address changed: every session of the account ended; sign in with the new one.
		clearSessionCookie(cookies, url);
		redirect(303, '/connexion?raison=adresse');
	}
};
