/**
 * Review comments as plain data: validating what people type (plain text, size limits), cutting a
 * body into text and safe links for display, and filtering threads. No HTML is ever produced:
 * the UI renders the segments as text nodes and anchors.
 */

export const COMMENT_BODY_MAX = 5000;
export const SUGGESTION_MAX = 5000;
export const QUOTE_MAX = 2000;

/** `change`: the reply thread of a tracked change of the text (and the record of its decision). */
export type ThreadKind = 'comment' | 'suggestion' | 'objection' | 'change';
export type ThreadStatus = 'open' | 'resolved' | 'accepted' | 'rejected';
export type ThreadFilter = 'open' | 'resolved' | 'mine';

export type TextFailure = 'empty' | 'too_long';
export type TextCheck =
	{ ok: true; value: string } | { ok: false; error: TextFailure; max: number };

/** Normalises line endings and strips control characters other than newline and tab. */
function clean(text: string): string {
	// eslint-disable-next-line no-control-regex -- removing control characters is the point
	return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/** A comment or reply body: non-empty after trimming, at most COMMENT_BODY_MAX characters. */
export function checkCommentBody(raw: string): TextCheck {
	const value = clean(raw).trim();
	if (value === '') return { ok: false, error: 'empty', max: COMMENT_BODY_MAX };
	if (value.length > COMMENT_BODY_MAX)
		return { ok: false, error: 'too_long', max: COMMENT_BODY_MAX };
	return { ok: true, value };
}

/** A suggested replacement: may be empty (suggesting to delete the passage), bounded in size. */
export function checkReplacement(raw: string): TextCheck {
	const value = clean(raw).replace(/\n+/g, ' ');
	if (value.length > SUGGESTION_MAX) return { ok: false, error: 'too_long', max: SUGGESTION_MAX };
	return { ok: true, value };
}

/**
 * The quoted passage, on one line, shortened with an ellipsis so it fits the stored field: no
 * control character, no broken character (the server's schema refuses them, src/lib/schemas).
 */
export function quoteOf(text: string): string {
	const value = clean(text)
		.replace(/[\u0080-\u009f\ufffd]/g, '')
		.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
		.replace(/\s+/g, ' ')
		.trim();
	if (value.length <= QUOTE_MAX) return value;
	// Never cut a surrogate pair in two.
	const cut = /[\ud800-\udbff]/.test(value[QUOTE_MAX - 2]!) ? QUOTE_MAX - 2 : QUOTE_MAX - 1;
	return `${value.slice(0, cut)}…`;
}

export type BodySegment =
	| { kind: 'text'; text: string }
	| { kind: 'link'; text: string; href: string }
	| { kind: 'mention'; text: string; userId: string };

const LINK = /\b(?:https?:\/\/[^\s<>"]+|mailto:[^\s<>"@]+@[^\s<>"]+)/gi;
/** Trailing punctuation is usually the sentence's, not the URL's. */
const TRAILING = /[.,;:!?)\]]+$/;

/** Only http(s) and mailto links are ever made clickable. */
export function safeHref(candidate: string): string | null {
	try {
		const url = new URL(candidate);
		if (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:') {
			return url.href;
		}
	} catch {
		// not a URL: stays text
	}
	return null;
}

export interface MentionName {
	userId: string;
	name: string;
}

/**
 * Cuts a body into text, links and mentions (`@Name` of a listed member, longest name first), in
 * order; concatenating the segments' text gives the body back.
 */
export function segmentBody(body: string, mentions: readonly MentionName[] = []): BodySegment[] {
	const out: BodySegment[] = [];
	const names = [...mentions].sort((a, b) => b.name.length - a.name.length);
	let text = '';
	const flush = () => {
		if (text) out.push({ kind: 'text', text });
		text = '';
	};
	let i = 0;
	while (i < body.length) {
		if (body[i] === '@' && (i === 0 || /\s|\(/.test(body[i - 1]!))) {
			const hit = names.find((n) => body.startsWith(n.name, i + 1));
			if (hit) {
				flush();
				out.push({ kind: 'mention', text: `@${hit.name}`, userId: hit.userId });
				i += hit.name.length + 1;
				continue;
			}
		}
		LINK.lastIndex = i;
		const match = LINK.exec(body);
		if (match && match.index === i) {
			const raw = match[0].replace(TRAILING, '');
			const href = safeHref(raw);
			if (href) {
				flush();
				out.push({ kind: 'link', text: raw, href });
				i += raw.length;
				continue;
			}
		}
		text += body[i];
		i++;
	}
	flush();
	return out;
}

export interface ThreadSummary {
	authorId: string;
	status: ThreadStatus;
	/** Authors of the thread's messages. */
	participantIds: readonly string[];
}

/** open: still to handle; resolved: closed in any way; mine: I opened or took part in it. */
export function matchesFilter(
	thread: ThreadSummary,
	filter: ThreadFilter,
	userId: string
): boolean {
	switch (filter) {
		case 'open':
			return thread.status === 'open';
		case 'resolved':
			return thread.status !== 'open';
		case 'mine':
			return thread.authorId === userId || thread.participantIds.includes(userId);
	}
}

export type StatusChange = 'resolve' | 'reopen' | 'accept' | 'reject';
export type StatusChangeResult =
	{ ok: true; status: ThreadStatus } | { ok: false; error: 'forbidden' | 'invalid_transition' };

/**
 * The next status of a thread. Commenters resolve and reopen; accepting or rejecting is an
 * editor's decision on an open suggestion or tracked change (the same rule PocketBase enforces).
 * A tracked change's thread is closed by deciding the change, never resolved on its own.
 */
export function changeStatus(
	thread: { kind: ThreadKind; status: ThreadStatus },
	change: StatusChange,
	rights: { comment: boolean; edit: boolean }
): StatusChangeResult {
	if (!rights.comment) return { ok: false, error: 'forbidden' };
	// An objection's thread follows its round: closed when the objection is integrated or withdrawn.
	if (thread.kind === 'objection') return { ok: false, error: 'invalid_transition' };
	switch (change) {
		case 'resolve':
			if (thread.kind === 'change') return { ok: false, error: 'invalid_transition' };
			return thread.status === 'open'
				? { ok: true, status: 'resolved' }
				: { ok: false, error: 'invalid_transition' };
		case 'reopen':
			return thread.status === 'resolved'
				? { ok: true, status: 'open' }
				: { ok: false, error: 'invalid_transition' };
		case 'accept':
		case 'reject':
			if (!rights.edit) return { ok: false, error: 'forbidden' };
			if ((thread.kind !== 'suggestion' && thread.kind !== 'change') || thread.status !== 'open') {
				return { ok: false, error: 'invalid_transition' };
			}
			return { ok: true, status: change === 'accept' ? 'accepted' : 'rejected' };
	}
}

export type ReviewEvent = 'comment' | 'reply' | 'suggestion' | 'resolved' | 'accepted' | 'rejected';
export type NotificationKind =
	'mention' | 'reply' | 'suggestion' | 'resolved' | 'accepted' | 'rejected';

export interface RecipientInput {
	event: ReviewEvent;
	actorId: string;
	/** Members mentioned in the new message. */
	mentions: readonly string[];
	/** Who opened the thread (replies, resolutions). */
	threadAuthorId?: string;
	/** Authors of the thread's earlier messages (replies). */
	participantIds?: readonly string[];
	/** The document's editors (suggestions). */
	editorIds?: readonly string[];
}

/**
 * Who gets which notification for a review event: one notification per person (a mention wins
 * over the rest), never the actor themself.
 */
export function reviewRecipients(input: RecipientInput): Map<string, NotificationKind> {
	const out = new Map<string, NotificationKind>();
	const add = (userId: string | undefined, kind: NotificationKind) => {
		if (!userId || userId === input.actorId || out.has(userId)) return;
		out.set(userId, kind);
	};
	for (const id of input.mentions) add(id, 'mention');
	switch (input.event) {
		case 'reply':
			add(input.threadAuthorId, 'reply');
			for (const id of input.participantIds ?? []) add(id, 'reply');
			break;
		case 'suggestion':
			for (const id of input.editorIds ?? []) add(id, 'suggestion');
			break;
		case 'resolved':
		case 'accepted':
		case 'rejected':
			add(input.threadAuthorId, input.event);
			break;
		case 'comment':
			break;
	}
	return out;
}
