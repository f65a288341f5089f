/**
 * Dev only (`npm run dev`): the collaboration server wired to PocketBase from the environment,
 * for the Vite plugin in vite.config.ts. Loaded through Vite's SSR loader.
 */
import type { CollabServer } from '../../../server/collab/upgrade';
import { createJsonLogger } from '../../../server/log';
import { createPocketBaseCollabServer } from '../../../server/pocketbase/collab';
import { provideDocumentChanges } from './collab-documents';
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
	// The app's server code, loaded by the same Vite process, writes through it (see server/index.ts).
	provideDocumentChanges(collab.documents);
	return collab;
}
