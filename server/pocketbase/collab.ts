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
import { TextIndex } from '../collab/text-index';
import { AutoVersions, combineWatchers } from '../collab/auto-versions';
import { silentLogger } from '../log';
import { isNotFound } from './superuser';
import { connectSuperuser } from './superuser';

export interface PocketBaseCollabOptions extends Omit<
	CollabServerOptions,
	'store' | 'auth' | 'watcher'
> {
	pbUrl: string;
	/** Quiet period before a document's search text is written (default 2 s). */
	textIndexDebounceMs?: number;
	/** Pause in editing before an automatic version (TRAME_AUTO_VERSION_PAUSE_MS, default 5 min). */
	autoVersionPauseMs?: number;
	superuser: { email: string; password: string };
}

export async function createPocketBaseCollabServer(
	options: PocketBaseCollabOptions
): Promise<CollabServer> {
	const {
		pbUrl,
		superuser: credentials,
		textIndexDebounceMs,
		autoVersionPauseMs,
		...collabOptions
	} = options;
	const superuser = await connectSuperuser({ url: pbUrl, ...credentials });
	return createCollabServer({
		...collabOptions,
		store: new PocketBaseStore(superuser, { logger: collabOptions.logger }),
		auth: new PocketBaseAuthenticator(pbUrl, superuser),
		// Search text of each document; the write also bumps `documents.updated` ("recently edited").
		watcher: combineWatchers(
			new TextIndex({
				logger: collabOptions.logger ?? silentLogger,
				debounceMs: textIndexDebounceMs,
				writer: {
					async write(documentName, text) {
						try {
							await superuser.collection('documents').update(documentName, { search_text: text });
						} catch (error) {
							if (!isNotFound(error)) throw error; // a deleted document needs no index
						}
					}
				}
			}),
			// Automatic versions after a pause in editing (review: version history).
			new AutoVersions({
				logger: collabOptions.logger ?? silentLogger,
				pauseMs: autoVersionPauseMs,
				writer: {
					async write(documentName, state) {
						try {
							await superuser.collection('doc_versions').create({
								document: documentName,
								kind: 'auto',
								state: Buffer.from(state).toString('base64'),
								bytes: state.byteLength
							});
						} catch (error) {
							if (!isNotFound(error)) throw error; // a deleted document needs no version
						}
					}
				}
			})
		)
	});
}
