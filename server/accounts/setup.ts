/**
 * Applied by the Trame server at start (production and `npm run dev`), as superuser:
 * - `meta.appURL` = the public origin (the links in reset and email-change mail point there);
 * - SMTP from the environment (SMTP_HOST…), when given: `npm start` gives its local Mailpit,
 *   production gives its mail server; without it PocketBase's own settings are left as they are;
 * - single sign-on: the users collection's `oidc` provider, written from OIDC_* (token and
 *   userinfo through the adapter, see oidc-adapter.ts), or switched off when OIDC_* is not set.
 */
import { ClientResponseError } from 'pocketbase';
import type PocketBase from 'pocketbase';
import type { Logger } from '../log';
import { oidcFromEnv, smtpFromEnv, type OidcConfig, type SmtpConfig } from './config';
import { discover, startOidcAdapter, type OidcAdapter } from './oidc-adapter';

export interface AccountsSetup {
	/** The adapter, when single sign-on is on. */
	oidc: OidcAdapter | null;
	close(): Promise<void>;
}

export async function applyMailSettings(
	admin: PocketBase,
	origin: string,
	smtp: SmtpConfig | null
): Promise<void> {
	const meta: Record<string, string> = { appName: 'Trame', appURL: origin };
	if (!smtp) {
		await admin.settings.update({ meta });
		return;
	}
	await admin.settings.update({
		meta: { ...meta, senderAddress: smtp.senderAddress, senderName: smtp.senderName },
		smtp: {
			enabled: true,
			host: smtp.host,
			port: smtp.port,
			username: smtp.username,
			password: smtp.password,
			tls: smtp.tls,
			authMethod: smtp.authMethod,
			localName: ''
		}
	});
}

export async function applyOidcSettings(
	admin: PocketBase,
	config: OidcConfig | null,
	endpoints: { authURL: string; adapterUrl: string } | null
): Promise<void> {
	if (!config || !endpoints) {
		await admin.collections.update('users', { oauth2: { enabled: false, providers: [] } });
		return;
	}
	await admin.collections.update('users', {
		oauth2: {
			enabled: true,
			mappedFields: { id: '', name: 'name', username: '', avatarURL: '' },
			providers: [
				{
					name: 'oidc',
					clientId: config.clientId,
					clientSecret: config.clientSecret,
					authURL: endpoints.authURL,
					tokenURL: `${endpoints.adapterUrl}/token`,
					userInfoURL: `${endpoints.adapterUrl}/userinfo`,
					displayName: config.displayName,
					pkce: config.pkce,
					extra: {}
				}
			]
		}
	});
}

/** PocketBase's field errors in the message, so that a bad SMTP_* or OIDC_* value is named. */
const explain =
	(what: string) =>
	(error: unknown): never => {
		const data =
			error instanceof ClientResponseError
				? JSON.stringify((error.response as { data?: unknown }).data ?? {})
				: '';
		throw new Error(`PocketBase refused the ${what}: ${(error as Error).message} ${data}`.trim());
	};

export async function setupAccounts(
	admin: PocketBase,
	options: { origin: string; env: Record<string, string | undefined>; logger: Logger }
): Promise<AccountsSetup> {
	const { origin, env, logger } = options;
	const smtp = smtpFromEnv(env, origin);
	await applyMailSettings(admin, origin, smtp).catch(explain('mail settings'));
	logger.info(
		'accounts.mail',
		smtp ? { smtp: `${smtp.host}:${smtp.port}` } : { smtp: 'unchanged' }
	);

	const oidcConfig = oidcFromEnv(env);
	let adapter: OidcAdapter | null = null;
	if (oidcConfig) {
		const discovery = await discover(oidcConfig.issuer);
		adapter = await startOidcAdapter(oidcConfig, discovery, logger);
		await applyOidcSettings(admin, oidcConfig, {
			authURL: discovery.authorization_endpoint,
			adapterUrl: adapter.url
		}).catch(explain('single sign-on settings'));
		logger.info('accounts.sso', { issuer: oidcConfig.issuer, provider: oidcConfig.displayName });
	} else {
		await applyOidcSettings(admin, null, null).catch(explain('single sign-on settings'));
	}
	return {
		oidc: adapter,
		close: async () => {
			await adapter?.close();
		}
	};
}
