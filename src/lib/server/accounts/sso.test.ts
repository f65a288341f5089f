import { describe, expect, it } from 'vitest';
import type { OidcConfig } from '../../../../server/accounts/config';
import { authorizationUrl, sameSecret, startPending } from './sso';

const config: OidcConfig = {
	issuer: 'https://idp.example.org',
	clientId: 'trame',
	clientSecret: 'secret',
	scopes: 'openid email given_name usual_name siret',
	displayName: 'ProConnect',
	acrValues: [],
	pkce: true,
	emailsVerified: false
};

const provider = {
	displayName: 'ProConnect',
	codeVerifier: 'v'.repeat(43),
	// As PocketBase gives it: its own state and scopes, redirect_uri last and empty.
	authURL:
		'https://idp.example.org/authorize?client_id=trame&code_challenge=abc&code_challenge_method=S256&response_type=code&scope=openid+email+profile&state=pocketbase-state&redirect_uri='
};

describe('authorizationUrl', () => {
	it('keeps PocketBase’s client and PKCE challenge, sets Trame’s redirect, state, nonce, scopes and claims', () => {
		const url = new URL(
			authorizationUrl(provider, config, {
				redirectUri: 'https://trame.example.org/connexion/sso/retour',
				state: 's'.repeat(43),
				nonce: 'n'.repeat(43)
			})
		);
		const params = Object.fromEntries(url.searchParams);
		expect(params).toEqual({
			client_id: 'trame',
			code_challenge: 'abc',
			code_challenge_method: 'S256',
			response_type: 'code',
			scope: 'openid email given_name usual_name siret',
			state: 's'.repeat(43),
			nonce: 'n'.repeat(43),
			redirect_uri: 'https://trame.example.org/connexion/sso/retour',
			claims: JSON.stringify({ id_token: { amr: { essential: true } } })
		});
	});

	it('asks for the accepted acr values as essential', () => {
		const url = new URL(
			authorizationUrl(
				provider,
				{ ...config, acrValues: ['eidas1'] },
				{ redirectUri: 'https://t/r', state: 's', nonce: 'n' }
			)
		);
		expect(JSON.parse(url.searchParams.get('claims')!)).toEqual({
			id_token: { amr: { essential: true }, acr: { essential: true, values: ['eidas1'] } }
		});
	});
});

describe('startPending', () => {
	it('draws a 43-character state and nonce (ProConnect wants at least 32) and keeps safe targets only', () => {
		const pending = startPending({
			verifier: 'v',
			redirectTo: '//evil.example.org',
			invitation: 'not-a-token',
			locale: 'fr'
		});
		expect(pending.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(pending.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(pending.nonce).not.toBe(pending.state);
		expect(pending.redirectTo).toBe('/');
		expect(pending.invitation).toBeUndefined();
		expect(
			startPending({
				verifier: 'v',
				redirectTo: '/compte',
				invitation: 'a'.repeat(43),
				locale: 'en'
			})
		).toMatchObject({ redirectTo: '/compte', invitation: 'a'.repeat(43), locale: 'en' });
	});
});

describe('sameSecret', () => {
	it.each([
		['abc', 'abc', true],
		['abc', 'abd', false],
		['abc', 'abcd', false],
		['', '', true]
	])('%s vs %s', (a, b, same) => {
		expect(sameSecret(a, b)).toBe(same);
	});
});
