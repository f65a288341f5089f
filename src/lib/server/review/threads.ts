/**
 * Review threads and messages. Access is decided with the access matrix first (clear errors),
 * then every write goes through the user's own PocketBase client, so the API rules of
 * pb_migrations/1764000000_review.js check it again. Each change is announced on the live topic
 * `review:<documentId>`.
 */
import { orNullIfMissing } from '../pb-errors';
import type { TypedPocketBase } from '../../pocketbase/types';
import { m } from '../../paraglide/messages';
import {
	changeStatus,
	checkCommentBody,
	checkReplacement,
	quoteOf,
	type StatusChange,
	type ThreadKind
} from '../../domain/comments';
import { mentionedMembers, type Member } from '../../domain/mentions';
import { isAnchor } from '../../review/anchors';
import {
	REVIEW_CHANGED,
	type ReviewMessageView,
	type ReviewSnapshot,
	type ReviewThreadView
} from '../../review/types';
import type { ReviewMessagesRecord, ReviewThreadsRecord } from '../../pocketbase/types';
import { newRecordId } from '../documents';
import { liveHub } from '../live/hub';
import { experimentMembers, type ReviewContext } from './context';
import { ReviewError } from './errors';
import { notifyReview } from './notify';

export function reviewTopic(documentId: string): string {
	return `review:${documentId}`;
}

function announce(ctx: ReviewContext, threadId: string): void {
	liveHub().publish(reviewTopic(ctx.documentId), {
		type: REVIEW_CHANGED,
		data: { thread: threadId }
	});
}

function requireComment(ctx: ReviewContext): void {
	if (!ctx.rights.comment) throw new ReviewError('forbidden');
}

function body(raw: unknown): { value: string } {
	if (typeof raw !== 'string') throw new ReviewError('invalid_input');
	const check = checkCommentBody(raw);
	if (!check.ok)
		throw new ReviewError(check.error === 'empty' ? 'comment_empty' : 'comment_too_long');
	return { value: check.value };
}

export async function loadSnapshot(
	admin: TypedPocketBase,
	ctx: ReviewContext
): Promise<ReviewSnapshot> {
	const [threads, members] = await Promise.all([
		admin.collection('review_threads').getFullList({
			filter: admin.filter('document = {:document}', { document: ctx.documentId }),
			sort: 'created,id'
		}),
		experimentMembers(admin, ctx.experimentId)
	]);
	const messages = threads.length
		? await admin.collection('review_messages').getFullList({
				filter: admin.filter('thread.document = {:document}', { document: ctx.documentId }),
				sort: 'created,id'
			})
		: [];
	const names = new Map(members.map((m) => [m.userId, m.name]));
	// An empty author: the account was deleted (its comments stay, unattributed).
	const nameOf = (id: string) => (id ? (names.get(id) ?? '—') : m.accounts_deleted_account());
	const byThread = new Map<string, ReviewMessageView[]>();
	for (const message of messages) {
		const list = byThread.get(message.thread) ?? [];
		list.push({
			id: message.id,
			authorId: message.author,
			authorName: nameOf(message.author),
			body: message.body,
			mentions: message.mentions ?? [],
			edited: message.edited,
			created: message.created
		});
		byThread.set(message.thread, list);
	}
	const views: ReviewThreadView[] = [];
	for (const thread of threads) {
		if (!isAnchor(thread.anchor)) continue; // never written by us; skip rather than crash
		views.push({
			id: thread.id,
			kind: thread.kind,
			status: thread.status,
			anchor: thread.anchor,
			quote: thread.quote,
			replacement: thread.replacement,
			authorId: thread.author,
			authorName: nameOf(thread.author),
			decidedById: thread.decided_by || null,
			decidedByName: thread.decided_by ? nameOf(thread.decided_by) : null,
			created: thread.created,
			messages: byThread.get(thread.id) ?? [],
			round: thread.round || null,
			objectionText: thread.objection_text ?? '',
			...(thread.kind === 'change'
				? {
						changeId: thread.change_id ?? '',
						changeAuthorName: thread.change_author ? nameOf(thread.change_author) : null,
						decidedAt: thread.decided_at || null
					}
				: {})
		});
	}
	return { threads: views, members, rights: ctx.rights };
}

export interface NewThreadInput {
	kind: ThreadKind;
	anchor: unknown;
	quote: unknown;
	body: unknown;
	replacement?: unknown;
}

export async function createThread(
	userPb: TypedPocketBase,
	admin: TypedPocketBase,
	ctx: ReviewContext,
	input: NewThreadInput
): Promise<{ id: string }> {
	requireComment(ctx);
	if (input.kind !== 'comment' && input.kind !== 'suggestion')
		throw new ReviewError('invalid_input');
	if (!isAnchor(input.anchor) || JSON.stringify(input.anchor).length > 4000) {
		throw new ReviewError('invalid_anchor');
	}
	if (typeof input.quote !== 'string' || input.quote.trim() === '') {
		throw new ReviewError('invalid_anchor');
	}
	let replacement = '';
	if (input.kind === 'suggestion') {
		if (typeof input.replacement !== 'string') throw new ReviewError('invalid_input');
		const check = checkReplacement(input.replacement);
		if (!check.ok) throw new ReviewError('suggestion_too_long');
		replacement = check.value;
	}
	// A suggestion may come without an explanation; a comment needs its text.
	const hasBody =
		input.kind === 'comment' || (typeof input.body === 'string' && input.body.trim() !== '');
	const text = hasBody ? body(input.body).value : '';
	const members = hasBody ? await experimentMembers(admin, ctx.experimentId) : [];

	const id = newRecordId();
	const batch = userPb.createBatch();
	batch.collection('review_threads').create({
		id,
		document: ctx.documentId,
		author: ctx.userId,
		kind: input.kind,
		anchor: input.anchor,
		quote: quoteOf(input.quote),
		replacement,
		status: 'open'
	});
	const mentions = hasBody ? mentionedMembers(text, members) : [];
	if (hasBody) {
		batch.collection('review_messages').create({
			thread: id,
			author: ctx.userId,
			body: text,
			mentions
		});
	}
	await batch.send();
	announce(ctx, id);
	await notifyReview(admin, ctx, {
		event: input.kind === 'suggestion' ? 'suggestion' : 'comment',
		threadId: id,
		mentions,
		excerpt: input.kind === 'suggestion' ? replacement : text
	});
	return { id };
}

async function threadOf(admin: TypedPocketBase, ctx: ReviewContext, threadId: string) {
	if (!/^[a-z0-9]{15}$/.test(threadId)) throw new ReviewError('not_found');
	const thread = await orNullIfMissing(admin.collection('review_threads').getOne(threadId));
	if (!thread || thread.document !== ctx.documentId) throw new ReviewError('not_found');
	return thread;
}

export async function reply(
	userPb: TypedPocketBase,
	admin: TypedPocketBase,
	ctx: ReviewContext,
	threadId: string,
	raw: unknown
): Promise<{ id: string }> {
	requireComment(ctx);
	const thread = await threadOf(admin, ctx, threadId);
	const text = body(raw).value;
	const members: Member[] = await experimentMembers(admin, ctx.experimentId);
	const mentions = mentionedMembers(text, members);
	const created = await userPb.collection('review_messages').create({
		thread: thread.id,
		author: ctx.userId,
		body: text,
		mentions
	});
	announce(ctx, thread.id);
	await notifyReview(admin, ctx, {
		event: 'reply',
		threadId: thread.id,
		mentions,
		excerpt: text,
		// A tracked change's thread: whoever proposed the change follows its discussion.
		threadAuthor: thread.change_author || thread.author
	});
	return { id: created.id };
}

async function ownMessage(admin: TypedPocketBase, ctx: ReviewContext, messageId: string) {
	if (!/^[a-z0-9]{15}$/.test(messageId)) throw new ReviewError('not_found');
	const message = await orNullIfMissing(
		admin
			.collection('review_messages')
			.getOne<ReviewMessagesRecord & { expand?: { thread?: ReviewThreadsRecord } }>(messageId, {
				expand: 'thread'
			})
	);
	const thread = message?.expand?.thread;
	if (!message || thread?.document !== ctx.documentId) throw new ReviewError('not_found');
	if (message.author !== ctx.userId) throw new ReviewError('forbidden');
	return message;
}

export async function editMessage(
	userPb: TypedPocketBase,
	admin: TypedPocketBase,
	ctx: ReviewContext,
	messageId: string,
	raw: unknown
): Promise<void> {
	requireComment(ctx);
	const message = await ownMessage(admin, ctx, messageId);
	const text = body(raw).value;
	const members = await experimentMembers(admin, ctx.experimentId);
	await userPb.collection('review_messages').update(message.id, {
		body: text,
		mentions: mentionedMembers(text, members),
		edited: true
	});
	announce(ctx, message.thread);
}

export async function deleteMessage(
	userPb: TypedPocketBase,
	admin: TypedPocketBase,
	ctx: ReviewContext,
	messageId: string
): Promise<void> {
	requireComment(ctx);
	const message = await ownMessage(admin, ctx, messageId);
	await userPb.collection('review_messages').delete(message.id);
	announce(ctx, message.thread);
}

const CHANGES: readonly StatusChange[] = ['resolve', 'reopen', 'accept', 'reject'];

export async function setThreadStatus(
	userPb: TypedPocketBase,
	admin: TypedPocketBase,
	ctx: ReviewContext,
	threadId: string,
	change: unknown
): Promise<void> {
	if (typeof change !== 'string' || !(CHANGES as readonly string[]).includes(change)) {
		throw new ReviewError('invalid_input');
	}
	const thread = await threadOf(admin, ctx, threadId);
	// A tracked change is decided in the text (change-threads.ts records it), never here.
	if (thread.kind === 'change') throw new ReviewError('invalid_transition');
	const next = changeStatus(thread, change as StatusChange, ctx.rights);
	if (!next.ok) throw new ReviewError(next.error);
	await userPb.collection('review_threads').update(thread.id, {
		status: next.status,
		decided_by: next.status === 'open' ? '' : ctx.userId
	});
	announce(ctx, thread.id);
	if (next.status !== 'open' && thread.author !== ctx.userId) {
		await notifyReview(admin, ctx, {
			event: next.status === 'resolved' ? 'resolved' : next.status,
			threadId: thread.id,
			mentions: [],
			excerpt: thread.quote,
			threadAuthor: thread.author
		});
	}
}
