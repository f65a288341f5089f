/**
 * Dev only (`npm run dev`): the collaboration server wired to PocketBase from the environment,
 * for the Vite plugin in vite.config.ts. Loaded through Vite's SSR loader.
 */
import type { CollabServer } from '../../../server/collab/upgrade';
import { createJsonLogger } from '../../../server/log';
import { createPocketBaseCollabServer } from '../../../server/pocketbase/collab';
import { provideServerServices } from '../../../server/services';
import { createImportConverter } from '../../../server/import/runner';
import { pocketBaseUrl, superuserCredentials } from './pocketbase';

export async function collabServerFromEnv(
	allowedOrigins: readonly string[]
): Promise<CollabServer> {
	const collab = await createPocketBaseCollabServer({
		pbUrl: pocketBaseUrl(),
		superuser: superuserCredentials(),
		allowedOrigins,
		logger: createJsonLogger()
	});
	provideServerServices({ liveDocuments: collab.live, importConverter: createImportConverter() });
	return collab;
}
