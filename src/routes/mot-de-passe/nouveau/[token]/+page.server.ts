import { fail, redirect } from '@sveltejs/kit';
import { ClientResponseError, getTokenPayload } from 'pocketbase';
import { NewPasswordSchema } from '$lib/accounts/schemas';
import { parseForm } from '$lib/server/input';
import { clearSessionCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** What the link says about itself (unverified: PocketBase checks it on submit). */
function linkState(token: string, now: number): 'usable' | 'expired' | 'invalid' {
	if (!TOKEN_SHAPE.test(token) || token.length > 2000) return 'invalid';
	const payload = getTokenPayload(token) as { exp?: number; type?: string };
	if (payload.type !== 'passwordReset' || typeof payload.exp !== 'number') return 'invalid';
	return payload.exp * 1000 <= now ? 'expired' : 'usable';
}

export const load: PageServerLoad = ({ params }) => ({
	link: linkState(params.token, Date.now())
});

export const actions: Actions = {
	default: async ({ request, params, locals, cookies, url }) => {
		const form = await request.formData();
		const parsed = parseForm(NewPasswordSchema, form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		if (linkState(params.token, Date.now()) !== 'usable') {
			return fail(400, { error: 'token_invalid' as const });
		}
		try {
			await locals.pb
				.collection('users')
				.confirmPasswordReset(params.token, parsed.data.password, parsed.data.passwordConfirm);
		} catch (error) {
			if (error instanceof ClientResponseError && error.status === 400) {
				const data = (error.response as { data?: Record<string, unknown> }).data ?? {};
				if ('password' in data && !('token' in data)) {
					return fail(400, { errors: { password: 'password_too_short' } });
				}
				// Used already, expired, or signed for an older password.
				return fail(400, { error: 'token_invalid' as const });
			}
			if (error instanceof ClientResponseError && error.status === 429) {
				return fail(429, { error: 'throttled' as const });
			}
			return fail(503, { error: 'unavailable' as const });
		}
		// Every session of that account ended with the new password (new token key); this
		// browser's own session, whoever it belonged to, goes too.
		clearSessionCookie(cookies, url);
		redirect(303, '/connexion?raison=mot-de-passe');
	}
};
