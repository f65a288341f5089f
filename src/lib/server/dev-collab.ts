/**
 * Dev only (`npm run dev`): the collaboration server wired to PocketBase from the environment,
 * for the Vite plugin in vite.config.ts. Loaded through Vite's SSR loader.
 */
import type { CollabServer } from '../../../server/collab/upgrade';
import { createJsonLogger } from '../../../server/log';
import { createPocketBaseCollabServer } from '../../../server/pocketbase/collab';
import { pocketBaseUrl, superuserCredentials } from './pocketbase';

export function collabServerFromEnv(allowedOrigins: readonly string[]): Promise<CollabServer> {
	return createPocketBaseCollabServer({
		pbUrl: pocketBaseUrl(),
		superuser: superuserCredentials(),
		allowedOrigins,
		logger: createJsonLogger()
	});
}
