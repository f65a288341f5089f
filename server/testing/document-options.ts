/**
 * A `CollabDocument`'s options and a peer for unit tests: an in-memory (or given) store, no logging, writes
 * at once, quick retries. Each test overrides what it is about.
 */
import { silentLogger } from '../log';
import { MemoryStore } from '../storage/memory-store';
import type { DocumentOptions, DocumentPeer } from '../collab/document';

export function testDocumentOptions(overrides: Partial<DocumentOptions> = {}): DocumentOptions {
	return {
		store: new MemoryStore(),
		logger: silentLogger,
		maxDocumentBytes: 10_000_000,
		batchWindowMs: 0,
		compactEvery: 1_000,
		retryBaseDelayMs: 10,
		retryMaxDelayMs: 10,
		storageGiveUpAfterMs: 1_000,
		...overrides
	};
}

/** A connection of user `user<key>` that keeps what the document sends it. */
export function testPeer(key: number): DocumentPeer & { received: Uint8Array[] } {
	const received: Uint8Array[] = [];
	return {
		key,
		identity: { id: `user${key}`, name: `User ${key}`, color: '#000000' },
		userId: `user${key}`,
		requiredSeq: 0,
		remoteBarrier: null,
		received,
		send: (message) => void received.push(message),
		closeWith: () => {}
	};
}
