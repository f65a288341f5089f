/**
 * Live notices about a document's decisions, on the live hub: "the decisions about this document
 * changed" (a round on one of its sections moved, a decision was written back) goes on the
 * document's topic `review:<documentId>` (its readers; the editor already follows it, so no other
 * stream is opened), and "this round's write-back changed" on `round:<roundId>`. Bare notices:
 * each screen refetches its own view.
 */
import { roundTopic } from '../../live/round-events';
import type { LiveHub } from '../live/hub';
import { reviewTopic } from '../review/threads';

export const DOCUMENT_DECISIONS_CHANGED = 'decisions.changed';
export const ROUND_WRITEBACK_CHANGED = 'round.writeback';

export function publishDocumentDecisions(hub: LiveHub, documentId: string): void {
	hub.publish(reviewTopic(documentId), { type: DOCUMENT_DECISIONS_CHANGED });
}

export function publishRoundWriteback(hub: LiveHub, roundId: string, documentId: string): void {
	hub.publish(roundTopic(roundId), { type: ROUND_WRITEBACK_CHANGED });
	publishDocumentDecisions(hub, documentId);
}
