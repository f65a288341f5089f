/**
 * Starts a single sign-on: builds the provider's authorization URL (PKCE, state, nonce), keeps
 * what the return needs in a short-lived HttpOnly cookie and redirects there.
 */
import { redirect } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import {
	authorizationUrl,
	callbackUrl,
	savePending,
	ssoConfig,
	ssoProvider,
	startPending
} from '$lib/server/accounts/sso';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url, locals, cookies }) => {
	const config = ssoConfig();
	const provider = config ? await ssoProvider(locals.pb) : null;
	if (!config || !provider) redirect(303, '/connexion?sso=off');
	const pending = startPending({
		verifier: provider.codeVerifier,
		redirectTo: url.searchParams.get('redirectTo'),
		invitation: url.searchParams.get('invitation'),
		locale: getLocale()
	});
	savePending(cookies, pending, url);
	redirect(
		303,
		authorizationUrl(provider, config, {
			redirectUri: callbackUrl(url.origin),
			state: pending.state,
			nonce: pending.nonce
		})
	);
};
