/**
 * Accounts configuration from the environment (README, "Configuration"): outgoing mail (SMTP) and
 * single sign-on (OpenID Connect, e.g. ProConnect). Both are optional; nothing here is a secret
 * that gets logged.
 */

export interface SmtpConfig {
	host: string;
	port: number;
	username: string;
	password: string;
	/** Implicit TLS (port 465). STARTTLS is used by PocketBase whenever the server offers it. */
	tls: boolean;
	authMethod: 'PLAIN' | 'LOGIN';
	senderAddress: string;
	senderName: string;
}

export interface OidcConfig {
	/** The issuer; `<issuer>/.well-known/openid-configuration` is read at start. */
	issuer: string;
	clientId: string;
	clientSecret: string;
	/** Space-separated, as sent in the authorization request. */
	scopes: string;
	/** The button says "S'identifier avec <displayName>". */
	displayName: string;
	/** Accepted `acr` values (requested as essential in `claims`, checked in the id_token); empty: any. */
	acrValues: string[];
	/** PKCE (S256), on unless the provider refuses the parameters. */
	pkce: boolean;
	/**
	 * The provider releases only addresses it verified (ProConnect: the federation's identity
	 * providers do), so an address without an `email_verified` claim counts as verified. An
	 * explicit `email_verified: false` is refused whatever this says.
	 */
	emailsVerified: boolean;
}

type Env = Record<string, string | undefined>;

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

function flag(env: Env, name: string, fallback: boolean): boolean {
	const raw = env[name]?.trim().toLowerCase();
	if (!raw) return fallback;
	if (TRUE.has(raw)) return true;
	if (FALSE.has(raw)) return false;
	throw new Error(`${name} must be true or false`);
}

export class AccountsConfigError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'AccountsConfigError';
	}
}

/**
 * `ne-pas-repondre@<the origin's host>`; a host without a domain (localhost, an IP address) gets
 * the reserved `trame.invalid`, which PocketBase accepts and a development mail server keeps.
 */
function defaultSender(origin: string): string {
	const host = new URL(origin).hostname;
	const isDomain = /^(?=.*[a-z])[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(host);
	return `ne-pas-repondre@${isDomain ? host : 'trame.invalid'}`;
}

/** SMTP_HOST set: PocketBase sends mail through that server; unset: its settings are left alone. */
export function smtpFromEnv(env: Env, origin: string): SmtpConfig | null {
	const host = env.SMTP_HOST?.trim();
	if (!host) return null;
	const port = Number(env.SMTP_PORT ?? 587);
	if (!Number.isInteger(port) || port <= 0 || port > 65535) {
		throw new AccountsConfigError('SMTP_PORT must be a port number');
	}
	const authMethod = (env.SMTP_AUTH_METHOD ?? 'PLAIN').toUpperCase();
	if (authMethod !== 'PLAIN' && authMethod !== 'LOGIN') {
		throw new AccountsConfigError('SMTP_AUTH_METHOD must be PLAIN or LOGIN');
	}
	return {
		host,
		port,
		username: env.SMTP_USERNAME ?? '',
		password: env.SMTP_PASSWORD ?? '',
		tls: flag(env, 'SMTP_TLS', port === 465),
		authMethod,
		senderAddress: env.MAIL_SENDER_ADDRESS?.trim() || defaultSender(origin),
		senderName: env.MAIL_SENDER_NAME?.trim() || 'Trame'
	};
}

/** OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET all set: single sign-on on; else off. */
export function oidcFromEnv(env: Env): OidcConfig | null {
	const issuer = env.OIDC_ISSUER?.trim();
	const clientId = env.OIDC_CLIENT_ID?.trim();
	const clientSecret = env.OIDC_CLIENT_SECRET ?? '';
	if (!issuer && !clientId) return null;
	if (!issuer || !clientId || !clientSecret) {
		throw new AccountsConfigError(
			'Single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together'
		);
	}
	let parsed: URL;
	try {
		parsed = new URL(issuer);
	} catch {
		throw new AccountsConfigError('OIDC_ISSUER must be a URL');
	}
	if (
		parsed.protocol !== 'https:' &&
		!['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname)
	) {
		throw new AccountsConfigError(
			'OIDC_ISSUER must use https (http only on this machine, for tests)'
		);
	}
	return {
		issuer: issuer.replace(/\/+$/, ''),
		clientId,
		clientSecret,
		scopes: (env.OIDC_SCOPES?.trim() || 'openid email given_name usual_name siret')
			.split(/[\s,]+/)
			.filter(Boolean)
			.join(' '),
		displayName: env.OIDC_DISPLAY_NAME?.trim() || 'ProConnect',
		acrValues: (env.OIDC_ACR_VALUES ?? '')
			.split(/[\s,]+/)
			.map((value) => value.trim())
			.filter(Boolean),
		pkce: flag(env, 'OIDC_PKCE', true),
		emailsVerified: flag(env, 'OIDC_EMAILS_VERIFIED', false)
	};
}
