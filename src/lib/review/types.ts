/** What the review endpoints send to the browser (shared by server and panel). */
import type { ThreadKind, ThreadStatus } from '../domain/comments';
import type { Member } from '../domain/mentions';
import type { Anchor } from './anchors';

export interface ReviewMessageView {
	id: string;
	authorId: string;
	authorName: string;
	body: string;
	mentions: string[];
	edited: boolean;
	created: string;
}

export interface ReviewThreadView {
	id: string;
	kind: ThreadKind;
	status: ThreadStatus;
	anchor: Anchor;
	quote: string;
	replacement: string;
	authorId: string;
	authorName: string;
	decidedById: string | null;
	decidedByName: string | null;
	created: string;
	messages: ReviewMessageView[];
	/** An objection's thread: the round it was raised in and its argument. */
	round?: string | null;
	objectionText?: string;
	/** A tracked change's thread: the change's id, who proposed it, when it was decided. */
	changeId?: string;
	changeAuthorName?: string | null;
	decidedAt?: string | null;
}

/** A tracked change as its thread's endpoints take it (read from the change's marks). */
export interface ChangeRef {
	changeId: string;
	changeAuthor: string;
	anchor: Anchor;
	deleted: string;
	inserted: string;
}

export interface ReviewRights {
	comment: boolean;
	edit: boolean;
	/** The experiment's actions page when the user may create follow-up actions (facilitators). */
	followUps?: string | null;
}

export interface ReviewSnapshot {
	threads: ReviewThreadView[];
	members: Member[];
	rights: ReviewRights;
}

/** Live notices on topic `review:<documentId>`; each client refetches its own view. */
export const REVIEW_CHANGED = 'review.changed';
/** A version was restored: `{ version, before, by }` ids (names are read from the versions list). */
export const VERSION_RESTORED = 'version.restored';
