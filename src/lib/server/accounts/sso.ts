/**
 * Single sign-on (OpenID Connect, ProConnect-compatible), server side. The browser only ever sees
 * redirects: `/connexion/sso` builds the authorization URL from PocketBase's own (client id, PKCE
 * challenge) with Trame's `state`, `nonce`, scopes and `claims`, and keeps state, nonce and the
 * PKCE verifier in a short-lived HttpOnly cookie; `/connexion/sso/retour` checks the state, lets
 * PocketBase exchange the code (authWithOAuth2Code: account created or linked there) and checks the
 * id_token's nonce that the adapter passed along (server/accounts/oidc-adapter.ts).
 */
import { serverConfig } from '../config';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import type PocketBase from 'pocketbase';
import * as v from 'valibot';
import { oidcFromEnv, type OidcConfig } from '../../../../server/accounts/config';
import { INVITATION_TOKEN_PATTERN } from '../../domain/invitation';
import { safeRedirectTarget } from '../session';

export const SSO_COOKIE = 'trame_sso';
export const SSO_PROVIDER = 'oidc';
/** Long enough to sign in at the provider; the code itself lives seconds. */
const SSO_COOKIE_MAX_AGE = 10 * 60;
const CALLBACK_PATH = '/connexion/sso/retour';

const PendingSchema = v.object({
	state: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/)),
	nonce: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/)),
	verifier: v.pipe(v.string(), v.maxLength(200)),
	redirectTo: v.pipe(v.string(), v.maxLength(2000)),
	invitation: v.optional(v.pipe(v.string(), v.regex(INVITATION_TOKEN_PATTERN))),
	locale: v.picklist(['fr', 'en'])
});

export type SsoPending = v.InferOutput<typeof PendingSchema>;

/** The configuration, or null when single sign-on is off (OIDC_* not set). */
export function ssoConfig(): OidcConfig | null {
	try {
		return oidcFromEnv(serverConfig().accountsEnv);
	} catch {
		return null;
	}
}

export interface SsoProvider {
	displayName: string;
	/** PocketBase's authorization URL (ends with `redirect_uri=`). */
	authURL: string;
	codeVerifier: string;
}

/** The `oidc` provider PocketBase offers, or null (off, or PocketBase unreachable). */
export async function ssoProvider(pb: PocketBase): Promise<SsoProvider | null> {
	if (!ssoConfig()) return null;
	try {
		const methods = await pb.collection('users').listAuthMethods();
		const provider = methods.oauth2?.enabled
			? methods.oauth2.providers.find((p) => p.name === SSO_PROVIDER)
			: undefined;
		return provider
			? {
					displayName: provider.displayName,
					authURL: provider.authURL,
					codeVerifier: provider.codeVerifier
				}
			: null;
	} catch {
		return null;
	}
}

export function callbackUrl(origin: string): string {
	return new URL(CALLBACK_PATH, origin).toString();
}

const random = () => randomBytes(32).toString('base64url');

/**
 * The provider's authorization URL: PocketBase's (client_id, response_type, PKCE challenge) with
 * Trame's redirect_uri, state and nonce (≥ 32 characters, as ProConnect requires), scopes, and
 * `claims` asking for `amr` (and the accepted `acr` values, if any) in the id_token.
 */
export function authorizationUrl(
	provider: SsoProvider,
	config: OidcConfig,
	input: { redirectUri: string; state: string; nonce: string }
): string {
	const url = new URL(provider.authURL);
	url.searchParams.set('redirect_uri', input.redirectUri);
	url.searchParams.set('state', input.state);
	url.searchParams.set('nonce', input.nonce);
	url.searchParams.set('scope', config.scopes);
	const idToken: Record<string, unknown> = { amr: { essential: true } };
	if (config.acrValues.length > 0) idToken.acr = { essential: true, values: config.acrValues };
	url.searchParams.set('claims', JSON.stringify({ id_token: idToken }));
	return url.toString();
}

export function startPending(input: {
	verifier: string;
	redirectTo: string | null;
	invitation: string | null;
	locale: 'fr' | 'en';
}): SsoPending {
	return {
		state: random(),
		nonce: random(),
		verifier: input.verifier,
		redirectTo: safeRedirectTarget(input.redirectTo),
		invitation:
			input.invitation && INVITATION_TOKEN_PATTERN.test(input.invitation)
				? input.invitation
				: undefined,
		locale: input.locale
	};
}

export function savePending(cookies: Cookies, pending: SsoPending, url: URL): void {
	cookies.set(SSO_COOKIE, Buffer.from(JSON.stringify(pending)).toString('base64url'), {
		path: '/connexion/sso',
		httpOnly: true,
		// Lax: sent on the provider's top-level redirect back to us, never on cross-site requests.
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		maxAge: SSO_COOKIE_MAX_AGE
	});
}

/** Reads and deletes the pending sign-in (one use). */
export function takePending(cookies: Cookies, url: URL): SsoPending | null {
	const raw = cookies.get(SSO_COOKIE);
	cookies.delete(SSO_COOKIE, {
		path: '/connexion/sso',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:'
	});
	if (!raw) return null;
	try {
		const parsed = v.safeParse(
			PendingSchema,
			JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
		);
		return parsed.success ? parsed.output : null;
	} catch {
		return null;
	}
}

export function sameSecret(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
}

/** Why a sign-in by single sign-on did not go through (shown on /connexion as `?sso=<reason>`). */
export type SsoFailure = 'refused' | 'expired' | 'unverified' | 'failed' | 'throttled' | 'off';
