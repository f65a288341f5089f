/**
 * The collab server wired to PocketBase (storage + auth), for the production server and the
 * Vite dev plugin alike:
 *
 *   const collab = await createPocketBaseCollabServer({ pbUrl, superuser, allowedOrigins: [origin] });
 *   viteServer.httpServer.on('upgrade', (req, socket, head) => collab.handleUpgrade(req, socket, head));
 */
import { PocketBaseAuthenticator } from '../auth/pocketbase-auth';
import { createCollabServer, type CollabServer, type CollabServerOptions } from '../collab/upgrade';
import { PocketBaseStore } from '../storage/pocketbase-store';
import { connectSuperuser } from './superuser';

export interface PocketBaseCollabOptions extends Omit<CollabServerOptions, 'store' | 'auth'> {
	pbUrl: string;
	superuser: { email: string; password: string };
}

export async function createPocketBaseCollabServer(
	options: PocketBaseCollabOptions
): Promise<CollabServer> {
	const { pbUrl, superuser: credentials, ...collabOptions } = options;
	const superuser = await connectSuperuser({ url: pbUrl, ...credentials });
	return createCollabServer({
		...collabOptions,
		store: new PocketBaseStore(superuser),
		auth: new PocketBaseAuthenticator(pbUrl, superuser)
	});
}
