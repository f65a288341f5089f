/**
 * Dev only (`npm run dev`): the collaboration server wired to PocketBase, for the Vite plugin in
 * vite.config.ts, and the accounts settings (mail, single sign-on) applied as the production
 * server does. Loaded through Vite's SSR loader. Same configuration as the production server
 * (server/config.mjs): PocketBase, the superuser, every COLLAB_* tunable, SMTP_* and OIDC_*.
 */
import { superuserCredentials } from '../../../server/config.mjs';
import { setupAccounts } from '../../../server/accounts/setup';
import type { CollabServer } from '../../../server/collab/upgrade';
import { createJsonLogger } from '../../../server/log';
import { createPocketBaseCollabServer } from '../../../server/pocketbase/collab';
import { provideServerServices } from '../../../server/services';
import { createImportConverter } from '../../../server/import/runner';
import { connectSuperuser } from '../../../server/pocketbase/superuser';
import { serverConfig } from './config';

/** `port`: the one Vite listens on (the allowed browser origins derive from it unless ORIGIN is set). */
export async function collabServerFromEnv(port: number): Promise<CollabServer> {
	const config = serverConfig();
	const superuser = superuserCredentials(config);
	const origins = config.originFromEnv
		? [config.origin]
		: [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
	const logger = createJsonLogger();
	const collab = await createPocketBaseCollabServer({
		...config.collab,
		pbUrl: config.pbUrl,
		superuser,
		allowedOrigins: [...origins, ...config.extraOrigins],
		logger
	});
	provideServerServices({ liveDocuments: collab.live, importConverter: createImportConverter() });
	// In development a bad SMTP_* or OIDC_* value is reported, and editing still works.
	const accounts = await connectSuperuser({ url: config.pbUrl, ...superuser })
		.then((admin) => setupAccounts(admin, { origin: origins[0]!, env: config.accountsEnv, logger }))
		.catch((error: unknown) => {
			logger.error('accounts.setup_failed', { error: (error as Error).message });
			return null;
		});
	const close = collab.close.bind(collab);
	collab.close = async () => {
		await close();
		await accounts?.close();
	};
	return collab;
}
