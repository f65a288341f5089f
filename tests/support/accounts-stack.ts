/**
 * The whole stack the account tests need, each part real and on free ports: PocketBase, Mailpit
 * (SMTP), optionally an OpenID provider, and the Trame server serving the production build with
 * mail and single sign-on configured from the environment as in production.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../../scripts/lib/pocketbase.mjs';
import { startTestMailbox, type TestMailbox } from './mailpit';
import { startTestOidcProvider, type TestIdentity, type TestOidcProvider } from './oidc-provider';
import { startTestPocketBase, type TestPocketBase } from './pocketbase';
import { startTrameServerProcess, type TrameServerProcess } from './trame-server';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface AccountsStack {
	pb: TestPocketBase;
	mail: TestMailbox;
	oidc: TestOidcProvider | null;
	server: TrameServerProcess;
	/** http://127.0.0.1:<port>, the app's origin. */
	origin: string;
	stop(): Promise<void>;
}

export async function startAccountsStack(
	options: {
		/** Identities of the test OpenID provider; none: single sign-on off. */
		sso?: Record<string, TestIdentity>;
		env?: Record<string, string>;
		buildDir?: string;
	} = {}
): Promise<AccountsStack> {
	const buildDir = options.buildDir ?? process.env.TRAME_E2E_BUILD_DIR ?? join(ROOT, 'build');
	if (!existsSync(join(buildDir, 'handler.js'))) {
		throw new Error(`no production build in ${buildDir}: run \`npm run build\` first`);
	}
	const started: Array<{ stop(): Promise<unknown> }> = [];
	try {
		const pb = await startTestPocketBase();
		started.push(pb);
		const mail = await startTestMailbox();
		started.push(mail);
		const port = await findFreePort();
		const origin = `http://127.0.0.1:${port}`;
		const oidc = options.sso
			? await startTestOidcProvider({
					accounts: options.sso,
					redirectUri: `${origin}/connexion/sso/retour`
				})
			: null;
		if (oidc) started.push(oidc);
		const server = await startTrameServerProcess({
			pbUrl: pb.url,
			superuser: pb.superuser,
			port,
			origin,
			env: {
				TRAME_BUILD_DIR: buildDir,
				...mail.env,
				...(oidc?.env ?? {}),
				...options.env
			}
		});
		started.push(server);
		return {
			pb,
			mail,
			oidc,
			server,
			origin,
			async stop() {
				await server.stop();
				await oidc?.stop();
				await mail.stop();
				await pb.stop();
			}
		};
	} catch (error) {
		for (const part of started.reverse()) await part.stop().catch(() => {});
		throw error;
	}
}
