/**
 * PocketBase's `oidc` provider does the OAuth2 work (code exchange with PKCE, account creation and
 * linking), but it reads user data only as plain JSON and never shows the id_token to Trame.
 * ProConnect answers userinfo with a signed JWT and puts `acr`, `amr` and `nonce` in the id_token
 * only. This adapter sits between them, on 127.0.0.1 only (PocketBase is on the same machine):
 *
 * - `POST /token`: forwards PocketBase's code exchange to the provider's token endpoint unchanged,
 *   verifies the id_token (signature against the provider's JWKS, or the client secret for HS256;
 *   issuer; audience; expiry) and keeps its `sub`, `nonce`, `acr`, `amr` for the next step;
 * - `GET /userinfo`: forwards to the provider's userinfo endpoint with the same bearer token,
 *   verifies a JWT answer the same way (or takes JSON), checks its `sub` is the id_token's, and
 *   answers PocketBase JSON: the claims, a `name` made of `given_name` + `usual_name` (or
 *   `family_name`), `email_verified` (see OidcConfig.emailsVerified) and the id_token's `nonce`,
 *   `acr` and `amr`; Trame's callback checks the nonce (src/routes/connexion/sso/retour), this
 *   adapter the `acr` when OIDC_ACR_VALUES names the accepted levels.
 *
 * Only access tokens this adapter handed out are served (one userinfo call each, within 2 minutes),
 * and it talks to no other host than the provider's configured endpoints.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify, decodeProtectedHeader, type JWTPayload } from 'jose';
import type { OidcConfig } from './config';
import type { Logger } from '../log';

export interface OidcDiscovery {
	issuer: string;
	authorization_endpoint: string;
	token_endpoint: string;
	userinfo_endpoint: string;
	jwks_uri: string;
	end_session_endpoint?: string;
}

export interface OidcAdapter {
	/** e.g. http://127.0.0.1:41234 — `${url}/token`, `${url}/userinfo` */
	url: string;
	close(): Promise<void>;
}

const PENDING_TTL_MS = 2 * 60_000;
const UPSTREAM_TIMEOUT_MS = 15_000;
const MAX_BODY = 64 * 1024;

interface IdTokenFacts {
	sub: string;
	nonce?: string;
	acr?: string;
	amr?: string[];
	expires: number;
}

/** Reads `<issuer>/.well-known/openid-configuration` and checks what the flow needs. */
export async function discover(issuer: string): Promise<OidcDiscovery> {
	const response = await fetch(`${issuer}/.well-known/openid-configuration`, {
		signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS)
	});
	if (!response.ok) throw new Error(`OIDC discovery answered ${response.status}`);
	const document = (await response.json()) as Partial<OidcDiscovery>;
	for (const key of [
		'authorization_endpoint',
		'token_endpoint',
		'userinfo_endpoint',
		'jwks_uri'
	] as const) {
		if (typeof document[key] !== 'string') throw new Error(`OIDC discovery lacks ${key}`);
	}
	if (document.issuer !== issuer) {
		throw new Error(`OIDC discovery names issuer ${document.issuer}, expected ${issuer}`);
	}
	return document as OidcDiscovery;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		size += (chunk as Buffer).length;
		if (size > MAX_BODY) throw new Error('body too large');
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}

export async function startOidcAdapter(
	config: OidcConfig,
	discovery: OidcDiscovery,
	logger: Logger
): Promise<OidcAdapter> {
	const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
	const secret = new TextEncoder().encode(config.clientSecret);
	const pending = new Map<string, IdTokenFacts>();

	/** Signature (JWKS, or the client secret for HS256), issuer, audience, expiry. */
	const verify = async (jwt: string): Promise<JWTPayload> => {
		const { alg } = decodeProtectedHeader(jwt);
		const options = { issuer: discovery.issuer, audience: config.clientId, clockTolerance: 60 };
		const result =
			alg === 'HS256'
				? await jwtVerify(jwt, secret, { ...options, algorithms: ['HS256'] })
				: await jwtVerify(jwt, jwks, { ...options, algorithms: ['RS256', 'PS256', 'ES256'] });
		return result.payload;
	};

	const forget = () => {
		const now = Date.now();
		for (const [token, facts] of pending) if (facts.expires < now) pending.delete(token);
	};

	const token = async (request: IncomingMessage): Promise<{ status: number; body: string }> => {
		const body = await readBody(request);
		const headers: Record<string, string> = {
			'content-type': request.headers['content-type'] ?? 'application/x-www-form-urlencoded',
			accept: 'application/json'
		};
		if (request.headers.authorization) headers.authorization = request.headers.authorization;
		const upstream = await fetch(discovery.token_endpoint, {
			method: 'POST',
			headers,
			body: new Uint8Array(body),
			signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS)
		});
		const text = await upstream.text();
		if (!upstream.ok) return { status: upstream.status, body: text };
		const answer = JSON.parse(text) as { access_token?: string; id_token?: string };
		if (!answer.access_token || !answer.id_token) {
			return { status: 502, body: JSON.stringify({ error: 'missing_id_token' }) };
		}
		let claims: JWTPayload;
		try {
			claims = await verify(answer.id_token);
		} catch (error) {
			logger.warn('oidc.id_token_refused', { reason: (error as Error).message });
			return { status: 400, body: JSON.stringify({ error: 'invalid_id_token' }) };
		}
		forget();
		pending.set(answer.access_token, {
			sub: String(claims.sub ?? ''),
			nonce: typeof claims.nonce === 'string' ? claims.nonce : undefined,
			acr: typeof claims.acr === 'string' ? claims.acr : undefined,
			amr: Array.isArray(claims.amr) ? claims.amr.map(String) : undefined,
			expires: Date.now() + PENDING_TTL_MS
		});
		return { status: 200, body: text };
	};

	const userinfo = async (request: IncomingMessage): Promise<{ status: number; body: string }> => {
		const authorization = request.headers.authorization ?? '';
		const accessToken = /^Bearer (.+)$/i.exec(authorization)?.[1] ?? '';
		const facts = pending.get(accessToken);
		pending.delete(accessToken);
		if (!facts || facts.expires < Date.now()) {
			return { status: 401, body: JSON.stringify({ error: 'invalid_token' }) };
		}
		// A required assurance level not reached: refused before PocketBase creates or links anything.
		if (config.acrValues.length > 0 && !config.acrValues.includes(facts.acr ?? '')) {
			logger.warn('oidc.acr_refused', { acr: facts.acr ?? null });
			return { status: 403, body: JSON.stringify({ error: 'acr_refused' }) };
		}
		const upstream = await fetch(discovery.userinfo_endpoint, {
			headers: {
				authorization: `Bearer ${accessToken}`,
				accept: 'application/jwt, application/json'
			},
			signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS)
		});
		const text = await upstream.text();
		if (!upstream.ok) return { status: upstream.status, body: text };
		let claims: Record<string, unknown>;
		if ((upstream.headers.get('content-type') ?? '').includes('application/jwt')) {
			try {
				claims = (await verify(text.trim())) as Record<string, unknown>;
			} catch (error) {
				logger.warn('oidc.userinfo_refused', { reason: (error as Error).message });
				return { status: 400, body: JSON.stringify({ error: 'invalid_userinfo' }) };
			}
		} else {
			claims = JSON.parse(text) as Record<string, unknown>;
		}
		if (String(claims.sub ?? '') !== facts.sub) {
			logger.warn('oidc.userinfo_refused', { reason: 'sub differs from the id_token' });
			return { status: 400, body: JSON.stringify({ error: 'sub_mismatch' }) };
		}
		return { status: 200, body: JSON.stringify(normalizeClaims(claims, facts, config)) };
	};

	const server: Server = createServer((request, response) => {
		const path = request.url?.split('?')[0];
		const handler =
			request.method === 'POST' && path === '/token'
				? token
				: request.method === 'GET' && path === '/userinfo'
					? userinfo
					: null;
		if (!handler) {
			response.writeHead(404).end();
			return;
		}
		handler(request).then(
			({ status, body }) => {
				response.writeHead(status, {
					'content-type': 'application/json',
					'cache-control': 'no-store'
				});
				response.end(body);
			},
			(error: unknown) => {
				logger.warn('oidc.adapter_failed', { reason: (error as Error).message });
				response.writeHead(502, { 'content-type': 'application/json' });
				response.end(JSON.stringify({ error: 'provider_unavailable' }));
			}
		);
	});
	await new Promise<void>((done, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => done());
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise<void>((done) => {
				server.close(() => done());
				server.closeAllConnections();
			})
	};
}

/** What PocketBase's `oidc` provider reads (sub, name, email, email_verified) plus Trame's checks. */
export function normalizeClaims(
	claims: Record<string, unknown>,
	idToken: Pick<IdTokenFacts, 'nonce' | 'acr' | 'amr'>,
	config: Pick<OidcConfig, 'emailsVerified'>
): Record<string, unknown> {
	const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
	const name =
		text(claims.name) ||
		[text(claims.given_name), text(claims.usual_name) || text(claims.family_name)]
			.filter(Boolean)
			.join(' ');
	const stated = claims.email_verified;
	const verified =
		stated === undefined || stated === null
			? config.emailsVerified
			: stated === true || stated === 'true';
	return {
		...claims,
		name,
		email: text(claims.email).toLowerCase(),
		email_verified: verified,
		nonce: idToken.nonce ?? null,
		acr: idToken.acr ?? null,
		amr: idToken.amr ?? null
	};
}
