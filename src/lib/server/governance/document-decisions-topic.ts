/**
 * `decisions:<documentId>` on the live hub: "the decisions about this document changed" (a round
 * on one of its sections moved, a decision was written back). A bare notice: each screen (the
 * editor's badges and Décisions view, a round's write-back panel) refetches its own view.
 * Registered for the document's readers in live/topic-kinds.ts.
 */
import type { LiveHub } from '../live/hub';

export const DOCUMENT_DECISIONS_CHANGED = 'decisions.changed';

export function documentDecisionsTopic(documentId: string): string {
	return `decisions:${documentId}`;
}

export function publishDocumentDecisions(hub: LiveHub, documentId: string): void {
	hub.publish(documentDecisionsTopic(documentId), { type: DOCUMENT_DECISIONS_CHANGED });
}
