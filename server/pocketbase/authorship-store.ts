/**
 * Who owns each Yjs client id of a document (server/collab/authorship.ts), in PocketBase
 * `document_authors`: written by the collaboration server only; a unique index on
 * (document, client_id) keeps the first owner, also when several instances record the same id.
 */
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import type { AuthorshipStore } from '../collab/authorship';

export class PocketBaseAuthorshipStore implements AuthorshipStore {
	constructor(private readonly superuser: PocketBase) {}

	async load(documentName: string): Promise<Map<number, string>> {
		const rows = await this.superuser.collection('document_authors').getFullList({
			filter: this.superuser.filter('document = {:document}', { document: documentName }),
			fields: 'client_id,user',
			batch: 1000
		});
		const owners = new Map<number, string>();
		for (const row of rows) owners.set(Number(row.client_id), String(row.user));
		return owners;
	}

	async record(documentName: string, owners: ReadonlyMap<number, string>): Promise<void> {
		await Promise.all(
			[...owners].map(async ([client, user]) => {
				try {
					await this.superuser
						.collection('document_authors')
						.create({ document: documentName, client_id: client, user });
				} catch (error) {
					if (!(error instanceof ClientResponseError) || error.status !== 400) throw error;
					// Already recorded (first owner kept), or the document is gone: nothing to keep.
					if (!(await this.alreadyRecordedOrGone(documentName, client))) throw error;
				}
			})
		);
	}

	private async alreadyRecordedOrGone(documentName: string, client: number): Promise<boolean> {
		const existing = await this.superuser.collection('document_authors').getList(1, 1, {
			filter: this.superuser.filter('document = {:document} && client_id = {:client}', {
				document: documentName,
				client
			})
		});
		if (existing.totalItems > 0) return true;
		try {
			await this.superuser.collection('documents').getOne(documentName, { fields: 'id' });
			return false;
		} catch (error) {
			if (error instanceof ClientResponseError && error.status === 404) return true;
			throw error;
		}
	}
}
