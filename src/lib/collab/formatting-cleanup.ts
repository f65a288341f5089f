import * as Y from 'yjs';

/**
 * After every remote transaction that touches formatted text (bold, a link, a suggestion mark…),
 * Yjs opens a second transaction to remove formatting duplicates. That second transaction has
 * work to do only if the first deleted something or added a formatting item; a keystroke typed
 * inside formatted text does neither, yet pays a whole transaction (two copies of the state
 * vector, one entry per writer the document ever had, and the event pass). In suggestion mode
 * every keystroke is formatted text, on the server twice (the live document and the suggestion
 * check's copy) and in every browser.
 *
 * `skipEmptyFormattingCleanup` tells Yjs not to open it when it would do nothing: the conditions
 * are exactly those under which Yjs's own clean-up (`cleanupYTextAfterTransaction`, yjs 13.6)
 * visits nothing. Any deletion, or any formatting item added, leaves the clean-up as it was.
 */
export function skipEmptyFormattingCleanup(doc: Y.Doc): void {
	doc.on('afterTransaction', dropEmptyCleanup);
}

/** Runs after the transaction's observers and right before Yjs's clean-up check. */
function dropEmptyCleanup(transaction: Y.Transaction): void {
	if (transaction._needFormattingCleanup && formattingCleanupIsEmpty(transaction)) {
		transaction._needFormattingCleanup = false;
	}
}

/** True when Yjs's formatting clean-up after `transaction` would change and visit nothing. */
export function formattingCleanupIsEmpty(transaction: Y.Transaction): boolean {
	// Yjs cleans around every deleted item (and fully, a text that lost a formatting item).
	if (transaction.deleteSet.clients.size > 0) return false;
	// Yjs cleans fully every text that received a formatting item still present.
	const store = transaction.doc.store;
	for (const [client, after] of transaction.afterState) {
		const before = transaction.beforeState.get(client) ?? 0;
		if (after === before) continue;
		const structs = store.clients.get(client);
		if (structs === undefined) return false;
		for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
			const struct = structs[i]!;
			if (struct.id.clock >= after) break;
			if (
				struct instanceof Y.Item &&
				!struct.deleted &&
				struct.content instanceof Y.ContentFormat
			) {
				return false;
			}
		}
	}
	return true;
}
