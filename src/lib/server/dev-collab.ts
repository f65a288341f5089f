/**
 * Dev only (`npm run dev`): the collaboration server wired to PocketBase, for the Vite plugin in
 * vite.config.ts. Loaded through Vite's SSR loader. Same configuration as the production server
 * (server/config.mjs): PocketBase, the superuser and every COLLAB_* tunable.
 */
import { superuserCredentials } from '../../../server/config.mjs';
import type { CollabServer } from '../../../server/collab/upgrade';
import { createJsonLogger } from '../../../server/log';
import { createPocketBaseCollabServer } from '../../../server/pocketbase/collab';
import { serverConfig } from './config';

/** `port`: the one Vite listens on (the allowed browser origins derive from it unless ORIGIN is set). */
export function collabServerFromEnv(port: number): Promise<CollabServer> {
	const config = serverConfig();
	const origins = config.originFromEnv
		? [config.origin]
		: [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
	return createPocketBaseCollabServer({
		...config.collab,
		pbUrl: config.pbUrl,
		superuser: superuserCredentials(config),
		allowedOrigins: [...origins, ...config.extraOrigins],
		logger: createJsonLogger()
	});
}
