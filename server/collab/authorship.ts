/**
 * Who wrote what: which Trame user each Yjs client id of a document belongs to, recorded by the
 * server from the socket that brought the client id's first structs (the server authenticated
 * that socket; a client never says whose text it is). A later update bringing new structs under a
 * client id that belongs to someone else is refused (`author_refused`): text cannot be written in
 * another person's name. Stored durably (PocketBase `document_authors` in production) before the
 * socket's save ack, like the update itself. See docs/architecture.md, "Who wrote what".
 */
import * as Y from 'yjs';
import type { Logger } from '../log';
import { errorMessage } from './persistence';

export interface AuthorshipStore {
	/** Client id → user id, as recorded so far. */
	load(documentName: string): Promise<Map<number, string>>;
	/** Records new owners; resolves once durable. An id already recorded keeps its first owner. */
	record(documentName: string, owners: ReadonlyMap<number, string>): Promise<void>;
}

/** Keeps owners in memory only (tests, and servers without a database). */
export class MemoryAuthorshipStore implements AuthorshipStore {
	readonly documents = new Map<string, Map<number, string>>();

	async load(documentName: string): Promise<Map<number, string>> {
		return new Map(this.documents.get(documentName));
	}

	async record(documentName: string, owners: ReadonlyMap<number, string>): Promise<void> {
		const stored = this.documents.get(documentName) ?? new Map<number, string>();
		for (const [client, user] of owners) if (!stored.has(client)) stored.set(client, user);
		this.documents.set(documentName, stored);
	}
}

/** Per client, the clock after an update's last struct (`Y.parseUpdateMeta(update).to`). */
export type StructEnds = ReadonlyMap<number, number>;

/**
 * Client ids under which `update` (or an update whose structs end at these clocks) brings structs
 * the document does not have yet (the part of a resent update the document already holds is
 * nobody's new text).
 */
export function clientsWithNewStructs(update: Uint8Array | StructEnds, ydoc: Y.Doc): number[] {
	const to = update instanceof Uint8Array ? Y.parseUpdateMeta(update).to : update;
	const clients: number[] = [];
	for (const [client, end] of to) if (end > Y.getState(ydoc.store, client)) clients.push(client);
	return clients;
}

/**
 * Short, even retries: save acks wait for these writes, so once the store is back an ack must not
 * sit out a long backoff. Given up (logged) after ~15 s, as the document's own writes report.
 */
const RETRY_DELAY_MS = 200;
const MAX_ATTEMPTS = 75;

/** One document's owners, checked before an update is applied and recorded after. */
export class DocumentAuthors {
	/** Writes under way (each new owner is written at once, in parallel with the update's row). */
	private readonly writing = new Set<Promise<void>>();

	constructor(
		private readonly documentName: string,
		private readonly owners: Map<number, string>,
		private readonly store: AuthorshipStore,
		private readonly logger: Logger
	) {}

	static async load(
		documentName: string,
		store: AuthorshipStore,
		logger: Logger
	): Promise<DocumentAuthors> {
		return new DocumentAuthors(documentName, await store.load(documentName), store, logger);
	}

	ownerOf(client: number): string | undefined {
		return this.owners.get(client);
	}

	/**
	 * The client ids under which `update` brings new structs: `unowned` ones (to be recorded as
	 * `userId`'s once applied) and `foreign` ones (recorded as someone else's).
	 */
	claims(
		update: Uint8Array | StructEnds,
		ydoc: Y.Doc,
		userId: string
	): { unowned: number[]; foreign: number[] } {
		const unowned: number[] = [];
		const foreign: number[] = [];
		for (const client of clientsWithNewStructs(update, ydoc)) {
			const owner = this.owners.get(client);
			if (owner === undefined) unowned.push(client);
			else if (owner !== userId) foreign.push(client);
		}
		return { unowned, foreign };
	}

	/** Records `userId` as the owner of the claimed ids the document now holds structs of. */
	commit(claimed: readonly number[], ydoc: Y.Doc, userId: string): void {
		const fresh = new Map<number, string>();
		for (const client of claimed) {
			if (this.owners.has(client) || Y.getState(ydoc.store, client) === 0) continue;
			this.owners.set(client, userId);
			fresh.set(client, userId);
		}
		if (fresh.size === 0) return;
		const write = this.write(fresh).finally(() => this.writing.delete(write));
		this.writing.add(write);
	}

	/** Resolves once every owner recorded so far is stored (or given up on, logged). */
	async durable(): Promise<void> {
		if (this.writing.size > 0) await Promise.all([...this.writing]);
	}

	private async write(owners: Map<number, string>): Promise<void> {
		for (let attempt = 0; ; attempt++) {
			try {
				await this.store.record(this.documentName, owners);
				return;
			} catch (error) {
				if (attempt + 1 >= MAX_ATTEMPTS) {
					// The text stays; it will show as "auteur inconnu" once the document reloads.
					this.logger.error('collab.authorship_write_failed', {
						document: this.documentName,
						error: errorMessage(error)
					});
					return;
				}
				await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
			}
		}
	}
}
