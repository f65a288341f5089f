/**
 * Options of a `CollabDocument` for unit tests: an in-memory (or given) store, no logging, writes
 * at once, quick retries. Each test overrides what it is about.
 */
import { silentLogger } from '../log';
import { MemoryStore } from '../storage/memory-store';
import type { DocumentOptions } from '../collab/document';

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
