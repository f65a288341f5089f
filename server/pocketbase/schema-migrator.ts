/**
 * Schema migrations of stored documents, recorded in `documents.schema_version`:
 *
 * - when the collaboration server loads a document stored under an older schema, it migrates the
 *   live Y.Doc (Yjs transactions: see server/collab/migrations), waits until that change is
 *   durable, then records the new version;
 * - at startup, `migrateStoredDocuments` loads every document still recorded under an older
 *   version through the collaboration server, so exports, public pages and search of documents
 *   nobody opens are brought up to date too.
 *
 * Version 3: template prompts become placeholders (untouched prompt text deleted).
 * Version 4: COPIL seats may carry an elected person's role and term: nothing to change in the
 * stored data, the version is only recorded.
 */
import type PocketBase from 'pocketbase';
import { EDITOR_SCHEMA_VERSION } from '../../src/lib/editor/schema-version';
import type { CollabDocument } from '../collab/document';
import { removeLegacyPrompts } from '../collab/migrations/legacy-prompts';
import type { DocumentMigration, DocumentMigrator } from '../collab/registry';
import type { CollabServer } from '../collab/upgrade';
import { errorMessage } from '../collab/persistence';
import type { Logger } from '../log';
import { isNotFound } from './superuser';

export class PocketBaseSchemaMigrator implements DocumentMigrator {
	constructor(
		private readonly superuser: PocketBase,
		private readonly logger: Logger,
		private readonly version: number = EDITOR_SCHEMA_VERSION
	) {}

	async plan(documentName: string): Promise<DocumentMigration | null> {
		let stored: number;
		try {
			const record = await this.superuser
				.collection('documents')
				.getOne(documentName, { fields: 'id,schema_version' });
			stored = Number(record.schema_version) || 0;
		} catch (error) {
			if (isNotFound(error)) return null;
			throw error;
		}
		if (stored >= this.version) return null;
		return (document) => this.migrate(documentName, document, stored);
	}

	private async migrate(documentName: string, document: CollabDocument, stored: number) {
		const prompts = stored < 3 ? removeLegacyPrompts(document.ydoc) : 0;
		// Recorded only once the migrated state is durable: a crash before means it runs again.
		await document.queue.flush();
		try {
			await this.superuser
				.collection('documents')
				.update(documentName, { schema_version: this.version });
		} catch (error) {
			if (isNotFound(error)) return;
			throw error;
		}
		this.logger.info('collab.document_migrated', {
			document: documentName,
			from: stored,
			to: this.version,
			prompts
		});
	}
}

/** Loads, one at a time, every document recorded under an older schema (see above). */
export async function migrateStoredDocuments(
	superuser: PocketBase,
	collab: Pick<CollabServer, 'touch'>,
	logger: Logger,
	version: number = EDITOR_SCHEMA_VERSION
): Promise<number> {
	const stale = await superuser.collection('documents').getFullList({
		filter: superuser.filter('schema_version < {:version}', { version }),
		fields: 'id',
		sort: 'created,id'
	});
	let done = 0;
	for (const { id } of stale) {
		try {
			await collab.touch(id);
			done++;
		} catch (error) {
			logger.error('collab.migration_load_failed', { document: id, error: errorMessage(error) });
		}
	}
	if (stale.length > 0) logger.info('collab.documents_migrated', { documents: done });
	return done;
}
