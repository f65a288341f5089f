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
import { PocketBaseAuthorshipStore } from './authorship-store';
import { TextIndex } from '../collab/text-index';
import { AutoVersions, combineWatchers } from '../collab/auto-versions';
import { ChangeLog } from '../collab/change-log';
import { silentLogger } from '../log';
import { migrateStoredDocuments, PocketBaseSchemaMigrator } from './schema-migrator';
import { cleanupDocumentFiles } from '../../src/lib/server/files/cleanup';

/** Unreferenced document files are looked for a minute after start, then every 6 hours. */
const FILE_CLEANUP_FIRST_MS = 60_000;
const FILE_CLEANUP_EVERY_MS = 6 * 60 * 60 * 1000;
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
	/** Load every document stored under an older schema once at startup (default true). */
	migrateAtStartup?: boolean;
}

export async function createPocketBaseCollabServer(
	options: PocketBaseCollabOptions
): Promise<CollabServer> {
	const {
		pbUrl,
		superuser: credentials,
		textIndexDebounceMs,
		migrateAtStartup = true,
		autoVersionPauseMs,
		...collabOptions
	} = options;
	const superuser = await connectSuperuser({ url: pbUrl, ...credentials });
	const logger = collabOptions.logger ?? silentLogger;
	const collab = createCollabServer({
		...collabOptions,
		migrator: new PocketBaseSchemaMigrator(superuser, logger),
		store: new PocketBaseStore(superuser, { logger: collabOptions.logger }),
		authorship: new PocketBaseAuthorshipStore(superuser),
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
			// Who changed what, for "Depuis votre dernière visite" (document_changes).
			new ChangeLog({
				logger: collabOptions.logger ?? silentLogger,
				debounceMs: textIndexDebounceMs,
				writer: {
					async write(documentName, rows) {
						for (const row of rows) {
							try {
								await superuser.collection('document_changes').create({
									document: documentName,
									kind: row.kind,
									authors: row.authors,
									author_names: row.authorNames,
									section: row.section.slice(0, 300),
									added: row.added,
									removed: row.removed,
									excerpt: row.excerpt,
									change_id: row.changeId
								});
							} catch (error) {
								if (isNotFound(error)) return; // a deleted document needs no log
								throw error;
							}
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
	if (migrateAtStartup) {
		migrateStoredDocuments(superuser, collab, logger).catch((error: unknown) =>
			logger.error('collab.migration_sweep_failed', {
				error: error instanceof Error ? error.message : String(error)
			})
		);
	}
	const cleanup = async () => {
		try {
			const deleted = await cleanupDocumentFiles(superuser, { now: new Date() });
			if (deleted > 0) logger.info('files.cleaned_up', { deleted });
		} catch (error) {
			logger.warn('files.cleanup_failed', {
				error: error instanceof Error ? error.message : String(error)
			});
		}
	};
	setTimeout(() => void cleanup(), FILE_CLEANUP_FIRST_MS).unref();
	setInterval(() => void cleanup(), FILE_CLEANUP_EVERY_MS).unref();
	return collab;
}
