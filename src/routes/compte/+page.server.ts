import { fail, redirect } from '@sveltejs/kit';
import { isStatus } from '$lib/server/pb-errors';
import { ClientResponseError } from 'pocketbase';
import { ChangeEmailSchema, ChangePasswordSchema, ProfileSchema } from '$lib/accounts/schemas';
import { parseForm } from '$lib/server/input';
import {
	cookieName as localeCookie,
	cookieMaxAge as localeCookieMaxAge
} from '$lib/paraglide/runtime';
import { ssoConfig } from '$lib/server/accounts/sso';
import { clearSessionCookie, setSessionCookie } from '$lib/server/session';
import type { UsersRecord } from '$lib/pocketbase/types';
import type { Actions, PageServerLoad } from './$types';

const responseData = (error: ClientResponseError) =>
	((error.response as { data?: Record<string, { code?: string }> }).data ?? {}) as Record<
		string,
		{ code?: string }
	>;

export const load: PageServerLoad = async ({ locals }) => {
	const me = locals.user!;
	const [record, links] = await Promise.all([
		locals.pb.collection('users').getOne<UsersRecord>(me.id),
		locals.pb
			.collection('_externalAuths')
			.getFullList({ fields: 'provider,created' })
			// Not readable (no linked identity to show); an outage is not "not linked".
			.catch((error: unknown) => {
				if (isStatus(error, 403) || isStatus(error, 404)) return [];
				throw error;
			})
	]);
	const sso = ssoConfig();
	return {
		profile: {
			name: record.name,
			email: record.email ?? me.email,
			locale: record.locale === 'en' ? ('en' as const) : ('fr' as const),
			siret: record.siret ?? ''
		},
		ssoLinked: links.some((link) => link.provider === 'oidc'),
		ssoName: sso?.displayName ?? 'ProConnect'
	};
};

export const actions: Actions = {
	profile: async ({ request, locals, cookies, url }) => {
		const form = await request.formData();
		const parsed = parseForm(ProfileSchema, form);
		if (!parsed.ok) return fail(400, { form: 'profile' as const, errors: parsed.errors });
		await locals.pb.collection('users').update(locals.user!.id, parsed.data);
		cookies.set(localeCookie, parsed.data.locale, {
			path: '/',
			httpOnly: false,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: localeCookieMaxAge
		});
		return { form: 'profile' as const, done: true };
	},

	password: async ({ request, locals, cookies, url }) => {
		const form = await request.formData();
		const parsed = parseForm(ChangePasswordSchema, form);
		if (!parsed.ok) return fail(400, { form: 'password' as const, errors: parsed.errors });
		const me = locals.user!;
		try {
			await locals.pb.collection('users').update(me.id, parsed.data);
		} catch (error) {
			if (error instanceof ClientResponseError && error.status === 400) {
				const data = responseData(error);
				const errors: Record<string, string> = data.oldPassword
					? { oldPassword: 'wrong_password' }
					: { password: 'password_too_short' };
				return fail(400, { form: 'password' as const, errors });
			}
			throw error;
		}
		// The new password gave the account a new token key: every other session has ended. This
		// one goes on with a fresh token.
		try {
			const auth = await locals.pb
				.collection('users')
				.authWithPassword(me.email, parsed.data.password);
			setSessionCookie(cookies, auth.token, url);
		} catch {
			clearSessionCookie(cookies, url);
			redirect(303, '/connexion?raison=mot-de-passe');
		}
		return { form: 'password' as const, done: true };
	},

	email: async ({ request, locals }) => {
		const form = await request.formData();
		const parsed = parseForm(ChangeEmailSchema, form);
		const newEmail = String(form.get('newEmail') ?? '');
		if (!parsed.ok) return fail(400, { form: 'email' as const, newEmail, errors: parsed.errors });
		if (parsed.data.newEmail === locals.user!.email.toLowerCase()) {
			return fail(400, { form: 'email' as const, newEmail, errors: { newEmail: 'same_email' } });
		}
		try {
			await locals.pb.collection('users').requestEmailChange(parsed.data.newEmail);
		} catch (error) {
			if (error instanceof ClientResponseError && error.status === 429) {
				return fail(429, { form: 'email' as const, newEmail, error: 'throttled' });
			}
			// An address already used by another account is answered like any other (no mail
			// is sent): the form must not tell who has an account.
			if (!(error instanceof ClientResponseError) || error.status !== 400) throw error;
		}
		return { form: 'email' as const, done: true, newEmail: parsed.data.newEmail };
	},

	/** Ends every session of this account, this one included (a new token key). */
	sessions: async ({ locals, cookies, url }) => {
		await locals.pb.send('/api/trame/account/revoke-sessions', { method: 'POST' });
		clearSessionCookie(cookies, url);
		redirect(303, '/connexion?raison=sessions');
	}
};
