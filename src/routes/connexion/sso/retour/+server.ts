/**
 * Return from the identity provider: state checked against the cookie, code exchanged by
 * PocketBase (the account is created, or linked when an account has that verified address), the
 * id_token's nonce checked, then the session cookie — and, for an invitation, the membership.
 */
import { appLog, errorFields } from '$lib/server/log';
import { redirect } from '@sveltejs/kit';
import { ClientResponseError } from 'pocketbase';
import {
	cookieName as localeCookie,
	cookieMaxAge as localeCookieMaxAge
} from '$lib/paraglide/runtime';
import {
	callbackUrl,
	sameSecret,
	SSO_PROVIDER,
	takePending,
	type SsoFailure
} from '$lib/server/accounts/sso';
import { acceptAsUser, findInvitation } from '$lib/server/invitations';
import { adminPocketBase, createPocketBase } from '$lib/server/pocketbase';
import { sessionUserFrom, setSessionCookie } from '$lib/server/session';
import type { RequestHandler } from './$types';

const fail = (reason: SsoFailure): never => redirect(303, `/connexion?sso=${reason}`);

function failureOf(error: unknown): SsoFailure {
	if (!(error instanceof ClientResponseError)) return 'failed';
	if (error.status === 429) return 'throttled';
	const data = (error.response as { data?: Record<string, { code?: string }> }).data;
	if (data?.email?.code === 'sso_email_unverified') return 'unverified';
	return 'failed';
}

/** The browser's address, for PocketBase's per-client rate limits. */
function clientAddress(getClientAddress: () => string): string | undefined {
	try {
		return getClientAddress();
	} catch {
		return undefined;
	}
}

export const GET: RequestHandler = async ({ url, cookies, getClientAddress }) => {
	const pending = takePending(cookies, url);
	if (!pending) fail('expired');
	const state = url.searchParams.get('state') ?? '';
	if (!sameSecret(state, pending!.state)) fail('expired');
	// The person cancelled or the provider refused (OpenID Connect error response).
	if (url.searchParams.has('error')) fail('refused');
	const code = url.searchParams.get('code');
	if (!code) fail('failed');

	// A client without the current session, if any: PocketBase would otherwise link this
	// identity to whoever is signed in here, whatever their address.
	const pb = createPocketBase(null, clientAddress(getClientAddress));
	let auth;
	try {
		auth = await pb
			.collection('users')
			.authWithOAuth2Code(SSO_PROVIDER, code!, pending!.verifier, callbackUrl(url.origin), {
				locale: pending!.locale
			});
	} catch (error) {
		const reason = failureOf(error);
		if (reason === 'failed') appLog.error('sso.sign_in_failed', errorFields(error));
		fail(reason);
	}
	const raw = (auth!.meta?.rawUser ?? {}) as { nonce?: unknown };
	// The id_token answered this very request (replay protection); the adapter verified it.
	if (typeof raw.nonce !== 'string' || !sameSecret(raw.nonce, pending!.nonce)) {
		appLog.warn('sso.nonce_mismatch', {});
		fail('failed');
	}

	const user = sessionUserFrom(auth!.record);
	setSessionCookie(cookies, auth!.token, url);
	if (user.locale) {
		cookies.set(localeCookie, user.locale, {
			path: '/',
			httpOnly: false,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: localeCookieMaxAge
		});
	}

	if (pending!.invitation) {
		const admin = await adminPocketBase();
		const now = new Date();
		const lookup = await findInvitation(admin, pending!.invitation, now);
		if (lookup.state === 'pending') {
			const accepted = await acceptAsUser(admin, lookup.invitation, user, now);
			if (accepted.ok) redirect(303, `/experiences/${accepted.experimentId}`);
		}
		redirect(303, `/invitation/${pending!.invitation}`);
	}
	redirect(303, pending!.redirectTo);
};
