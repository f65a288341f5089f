/**
 * A real OpenID provider for the single sign-on tests: `oidc-provider` (the certified Node
 * implementation) set up like ProConnect — authorization code with PKCE required, client secret
 * sent in the body, RS256 id_token, userinfo answered as a signed JWT, the `claims` parameter,
 * `acr` values, and the scopes/claims `email`, `given_name`, `usual_name`, `siret`. Its sign-in
 * and consent pages are the library's development ones (any login, any password): a test signs in
 * as one of `accounts` by typing its id.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export interface TestIdentity {
	email: string;
	email_verified?: boolean;
	given_name: string;
	usual_name: string;
	siret?: string;
}

export interface TestOidcProvider {
	issuer: string;
	clientId: string;
	clientSecret: string;
	/** Env for the Trame server (OIDC_*). */
	env: Record<string, string>;
	stop(): Promise<void>;
}

export async function startTestOidcProvider(options: {
	/** Known identities by login (the `sub` is the login). */
	accounts: Record<string, TestIdentity>;
	/** The Trame callback, `<origin>/connexion/sso/retour`. */
	redirectUri: string;
}): Promise<TestOidcProvider> {
	const clientId = 'trame-test';
	const clientSecret = 'trame-test-secret-0123456789abcdef0123456789';
	const { privateKey } = await generateKeyPair('RS256', { extractable: true });
	const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };

	const server: Server = createServer();
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	const provider = new Provider(issuer, {
		clients: [
			{
				client_id: clientId,
				client_secret: clientSecret,
				redirect_uris: [options.redirectUri],
				grant_types: ['authorization_code'],
				response_types: ['code'],
				token_endpoint_auth_method: 'client_secret_post',
				id_token_signed_response_alg: 'RS256',
				userinfo_signed_response_alg: 'RS256'
			}
		],
		jwks: { keys: [jwk] },
		cookies: { keys: ['oidc-test-cookie-key'] },
		pkce: { required: () => true },
		scopes: ['openid', 'email', 'given_name', 'usual_name', 'siret'],
		claims: {
			openid: ['sub'],
			email: ['email', 'email_verified'],
			given_name: ['given_name'],
			usual_name: ['usual_name'],
			siret: ['siret'],
			acr: null,
			amr: null
		},
		acrValues: ['eidas1'],
		// ProConnect's lifetimes: a code lives 30 s, an access token 60 s.
		ttl: {
			AuthorizationCode: 30,
			AccessToken: 60,
			IdToken: 60,
			Interaction: 600,
			Session: 3600,
			Grant: 3600
		},
		features: {
			devInteractions: { enabled: true },
			claimsParameter: { enabled: true },
			jwtUserinfo: { enabled: true },
			userinfo: { enabled: true }
		},
		async findAccount(_ctx, sub) {
			const identity = options.accounts[sub];
			if (!identity) return undefined;
			return {
				accountId: sub,
				claims: () => ({ sub, email_verified: true, ...identity })
			};
		},
		renderError(ctx, out) {
			ctx.type = 'html';
			ctx.body = `<!doctype html><html lang="en"><head><title>Error</title></head><body><h1>${out.error}</h1></body></html>`;
		}
	});
	// The development pages ask for /favicon.ico: answer it instead of logging a 404.
	provider.use(async (ctx, next) => {
		if (ctx.path === '/favicon.ico') {
			ctx.status = 204;
			return;
		}
		await next();
	});
	server.on('request', provider.callback());

	return {
		issuer,
		clientId,
		clientSecret,
		env: {
			OIDC_ISSUER: issuer,
			OIDC_CLIENT_ID: clientId,
			OIDC_CLIENT_SECRET: clientSecret,
			OIDC_DISPLAY_NAME: 'ProConnect'
		},
		stop: () =>
			new Promise<void>((done) => {
				server.close(() => done());
				server.closeAllConnections();
			})
	};
}
