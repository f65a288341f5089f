/**
 * What a screen reader should hear when the review panel refreshes: the comments, suggestions
 * and replies that others added since the previous snapshot (one's own are already known).
 * Pure: the panel passes both snapshots and renders the result in its live region.
 */

export interface AnnounceMessage {
	id: string;
	authorId: string;
	authorName: string;
}

export interface AnnounceThread {
	id: string;
	kind: 'comment' | 'suggestion' | 'objection' | 'change';
	quote: string;
	/** A tracked change's thread: its inserted text (its `quote` is the struck text). */
	replacement?: string;
	/** Who opened it (an objection's thread has no message of its own). */
	authorId?: string;
	authorName?: string;
	messages: readonly AnnounceMessage[];
}

export interface Arrival {
	kind: 'comment' | 'suggestion' | 'reply' | 'objection';
	authorName: string;
	quote: string;
}

const QUOTE_MAX = 60;

/** The passage, shortened for speech. */
export function shortQuote(quote: string): string {
	const flat = quote.replace(/\s+/g, ' ').trim();
	return flat.length <= QUOTE_MAX ? flat : `${flat.slice(0, QUOTE_MAX - 1).trimEnd()}…`;
}

/** New threads and new replies by someone other than `selfId`, in the order of `next`. */
export function reviewArrivals(
	previous: readonly AnnounceThread[],
	next: readonly AnnounceThread[],
	selfId: string
): Arrival[] {
	const before = new Map(previous.map((t) => [t.id, new Set(t.messages.map((msg) => msg.id))]));
	const arrivals: Arrival[] = [];
	for (const thread of next) {
		const known = before.get(thread.id);
		const quote = shortQuote(thread.quote || thread.replacement || '');
		// An objection raised in a round appears on its section as a thread of its own.
		if (!known && thread.kind === 'objection' && thread.authorId !== selfId)
			arrivals.push({ kind: 'objection', authorName: thread.authorName ?? '', quote });
		thread.messages.forEach((message, index) => {
			if (known?.has(message.id) || message.authorId === selfId) return;
			// A tracked change's discussion is heard as replies about the change.
			const opensThread = index === 0 && !known && thread.kind !== 'change';
			arrivals.push({
				kind: opensThread ? (thread.kind as Arrival['kind']) : 'reply',
				authorName: message.authorName,
				quote
			});
		});
	}
	return arrivals;
}
