import { describe, expect, it } from 'vitest';
import { AccountsConfigError, oidcFromEnv, smtpFromEnv } from './config';
import { normalizeClaims } from './oidc-adapter';

describe('smtpFromEnv', () => {
	it('is off without SMTP_HOST', () => {
		expect(smtpFromEnv({}, 'https://trame.example.org')).toBeNull();
	});

	it('reads a full configuration, implicit TLS on port 465 by default', () => {
		expect(
			smtpFromEnv(
				{
					SMTP_HOST: 'smtp.example.org',
					SMTP_PORT: '465',
					SMTP_USERNAME: 'trame',
					SMTP_PASSWORD: 's3cret',
					SMTP_AUTH_METHOD: 'login',
					MAIL_SENDER_NAME: 'Le Labo'
				},
				'https://trame.example.org'
			)
		).toEqual({
			host: 'smtp.example.org',
			port: 465,
			username: 'trame',
			password: 's3cret',
			tls: true,
			authMethod: 'LOGIN',
			senderAddress: 'ne-pas-repondre@trame.example.org',
			senderName: 'Le Labo'
		});
	});

	it.each([
		['http://localhost:3000', 'ne-pas-repondre@trame.invalid'],
		['http://127.0.0.1:3000', 'ne-pas-repondre@trame.invalid'],
		['https://trame.labo.fr', 'ne-pas-repondre@trame.labo.fr']
	])('the default sender for %s is %s', (origin, sender) => {
		expect(smtpFromEnv({ SMTP_HOST: 'h' }, origin)?.senderAddress).toBe(sender);
	});

	it.each([
		[{ SMTP_HOST: 'h', SMTP_PORT: 'abc' }, 'SMTP_PORT'],
		[{ SMTP_HOST: 'h', SMTP_AUTH_METHOD: 'CRAM-MD5' }, 'SMTP_AUTH_METHOD'],
		[{ SMTP_HOST: 'h', SMTP_TLS: 'peut-être' }, 'SMTP_TLS']
	])('refuses %j with a message naming %s', (env, name) => {
		expect(() => smtpFromEnv(env, 'http://localhost:3000')).toThrow(name);
	});
});

describe('oidcFromEnv', () => {
	const base = {
		OIDC_ISSUER: 'https://proconnect.example.gouv.fr/api/v2/',
		OIDC_CLIENT_ID: 'client',
		OIDC_CLIENT_SECRET: 'secret'
	};

	it('is off when nothing is set', () => {
		expect(oidcFromEnv({})).toBeNull();
	});

	it('defaults to ProConnect’s scopes, PKCE on, addresses not trusted', () => {
		expect(oidcFromEnv(base)).toEqual({
			issuer: 'https://proconnect.example.gouv.fr/api/v2',
			clientId: 'client',
			clientSecret: 'secret',
			scopes: 'openid email given_name usual_name siret',
			displayName: 'ProConnect',
			acrValues: [],
			pkce: true,
			emailsVerified: false
		});
	});

	it('reads scopes, acr values and flags', () => {
		expect(
			oidcFromEnv({
				...base,
				OIDC_SCOPES: 'openid,email  profile',
				OIDC_ACR_VALUES: 'eidas1, eidas2',
				OIDC_PKCE: 'false',
				OIDC_EMAILS_VERIFIED: 'true'
			})
		).toMatchObject({
			scopes: 'openid email profile',
			acrValues: ['eidas1', 'eidas2'],
			pkce: false,
			emailsVerified: true
		});
	});

	it.each([
		[{ OIDC_ISSUER: 'https://x.fr' }, 'together'],
		[{ ...base, OIDC_ISSUER: 'pas une url' }, 'URL'],
		[{ ...base, OIDC_ISSUER: 'http://idp.example.org' }, 'https']
	])('refuses %j', (env, message) => {
		expect(() => oidcFromEnv(env)).toThrow(AccountsConfigError);
		expect(() => oidcFromEnv(env)).toThrow(message);
	});

	it('accepts http on this machine (tests)', () => {
		expect(oidcFromEnv({ ...base, OIDC_ISSUER: 'http://127.0.0.1:4000' })?.issuer).toBe(
			'http://127.0.0.1:4000'
		);
	});
});

describe('normalizeClaims (what PocketBase reads from the adapter)', () => {
	const idToken = { nonce: 'n', acr: 'eidas1', amr: ['pwd'] };

	it('builds the name from ProConnect’s given_name and usual_name', () => {
		expect(
			normalizeClaims(
				{ sub: 's', email: 'Agent@Mairie.FR', given_name: 'Nadia', usual_name: 'Martin' },
				idToken,
				{ emailsVerified: true }
			)
		).toMatchObject({
			sub: 's',
			name: 'Nadia Martin',
			email: 'agent@mairie.fr',
			email_verified: true,
			nonce: 'n',
			acr: 'eidas1',
			amr: ['pwd']
		});
	});

	it.each([
		[{ email_verified: false }, true, false],
		[{ email_verified: 'true' }, false, true],
		[{}, false, false],
		[{}, true, true]
	])('email_verified %j with trusted=%s gives %s', (claims, trusted, verified) => {
		expect(
			normalizeClaims({ sub: 's', email: 'a@b.fr', ...claims }, {}, { emailsVerified: trusted })
				.email_verified
		).toBe(verified);
	});

	it('keeps a provider’s own name and falls back to family_name', () => {
		expect(normalizeClaims({ sub: 's', name: 'N. M.' }, {}, { emailsVerified: false }).name).toBe(
			'N. M.'
		);
		expect(
			normalizeClaims(
				{ sub: 's', given_name: 'Ana', family_name: 'Lopez' },
				{},
				{ emailsVerified: false }
			).name
		).toBe('Ana Lopez');
	});
});
