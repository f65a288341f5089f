/**
 * Dev only (`npm run dev`): the collaboration server wired to PocketBase from the environment,
 * for the Vite plugin in vite.config.ts, and the accounts settings (mail, single sign-on) applied
 * as the production server does. Loaded through Vite's SSR loader.
 */
import { setupAccounts } from '../../../server/accounts/setup';
import type { CollabServer } from '../../../server/collab/upgrade';
import { createJsonLogger } from '../../../server/log';
import { createPocketBaseCollabServer } from '../../../server/pocketbase/collab';
import { provideServerServices } from '../../../server/services';
import { createImportConverter } from '../../../server/import/runner';
import { connectSuperuser } from '../../../server/pocketbase/superuser';
import { pocketBaseUrl, superuserCredentials } from './pocketbase';

export async function collabServerFromEnv(
	allowedOrigins: readonly string[]
): Promise<CollabServer> {
	const logger = createJsonLogger();
	const collab = await createPocketBaseCollabServer({
		pbUrl: pocketBaseUrl(),
		superuser: superuserCredentials(),
		allowedOrigins,
		logger
	});
	provideServerServices({ liveDocuments: collab.live, importConverter: createImportConverter() });
	// In development a bad SMTP_* or OIDC_* value is reported, and editing still works.
	const accounts = await connectSuperuser({ url: pocketBaseUrl(), ...superuserCredentials() })
		.then((admin) =>
			setupAccounts(admin, {
				origin: allowedOrigins[0] ?? 'http://localhost:5173',
				env: process.env,
				logger
			})
		)
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
