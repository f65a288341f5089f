/**
 * Reply threads of tracked changes and the record of their decision (docs/architecture.md,
 * "Tracked changes"). A tracked change (its mark's id) has at most one thread of kind `change`,
 * opened by its first message or by its decision, whichever comes first. The thread carries who
 * proposed the change (notified of replies and of the decision, as a comment's author is), and,
 * once an editor accepted or rejected the change in the text, who did it and when (`decided_at`,
 * the moment this server received the decision; clients cannot write it). Rights as for
 * comments: commenters discuss, editors decide; then the user's own client writes, so the
 * PocketBase rules check it again.
 */
import { ClientResponseError } from 'pocketbase';
import type { ReviewThreadsRecord, TypedPocketBase } from '../../pocketbase/types';
import { quoteOf } from '../../domain/comments';
import { roundOfSuggestion } from '../../editor/suggestions/round-suggestion';
import type { Anchor } from '../../review/anchors';
import { REVIEW_CHANGED } from '../../review/types';
import { newRecordId } from '../documents';
import { liveHub } from '../live/hub';
import { experimentMembers, type ReviewContext } from './context';
import { ReviewError } from './errors';
import { notifyReview } from './notify';
import { reply, reviewTopic } from './threads';

/** What the browser read from the change's marks. */
export interface ChangeRef {
	changeId: string;
	/** The proposer's user id ('' when the mark names nobody readable). */
	changeAuthor: string;
	anchor: unknown;
	deleted: string;
	inserted: string;
}

const CHANGE_ID = /^[A-Za-z0-9_:.-]{1,64}$/;

async function findChangeThread(
	admin: TypedPocketBase,
	ctx: ReviewContext,
	changeId: string
): Promise<ReviewThreadsRecord | null> {
	const found = await admin.collection('review_threads').getList(1, 1, {
		filter: admin.filter('document = {:document} && change_id = {:change}', {
			document: ctx.documentId,
			change: changeId
		})
	});
	return found.items[0] ?? null;
}

const isUniqueViolation = (error: unknown) =>
	error instanceof ClientResponseError &&
	error.status === 400 &&
	JSON.stringify(error.response?.data ?? {}).includes('validation_not_unique');

/** The change's thread, opened (as the caller) when it has none yet. */
async function changeThread(
	userPb: TypedPocketBase,
	admin: TypedPocketBase,
	ctx: ReviewContext,
	ref: ChangeRef
): Promise<ReviewThreadsRecord> {
	// A consent round's amendment is discussed and decided in its round.
	if (!CHANGE_ID.test(ref.changeId) || roundOfSuggestion(ref.changeId) !== null)
		throw new ReviewError('invalid_input');
	const existing = await findChangeThread(admin, ctx, ref.changeId);
	if (existing) return existing;
	const members = await experimentMembers(admin, ctx.experimentId);
	const proposer = members.some((member) => member.userId === ref.changeAuthor)
		? ref.changeAuthor
		: '';
	try {
		return await userPb.collection('review_threads').create({
			id: newRecordId(),
			document: ctx.documentId,
			author: ctx.userId,
			kind: 'change',
			anchor: ref.anchor as Anchor,
			quote: quoteOf(ref.deleted),
			replacement: ref.inserted,
			status: 'open',
			change_id: ref.changeId,
			change_author: proposer
		});
	} catch (error) {
		// Two people opened it at once: theirs is the thread.
		if (!isUniqueViolation(error)) throw error;
		const opened = await findChangeThread(admin, ctx, ref.changeId);
		if (!opened) throw error;
		return opened;
	}
}

/** A message in the change's thread (mentions and notifications as for any reply). */
export async function discussChange(
	userPb: TypedPocketBase,
	admin: TypedPocketBase,
	ctx: ReviewContext,
	ref: ChangeRef,
	body: string
): Promise<{ id: string; thread: string }> {
	if (!ctx.rights.comment) throw new ReviewError('forbidden');
	const thread = await changeThread(userPb, admin, ctx, ref);
	const message = await reply(userPb, admin, ctx, thread.id, body);
	return { id: message.id, thread: thread.id };
}

/**
 * Records that the caller accepted or rejected the change in the text (their browser has just
 * dispatched the edit). Sending the same decision again changes nothing.
 */
export async function decideChange(
	userPb: TypedPocketBase,
	admin: TypedPocketBase,
	ctx: ReviewContext,
	ref: ChangeRef,
	decision: 'accept' | 'reject'
): Promise<{ thread: string }> {
	if (!ctx.rights.edit) throw new ReviewError('forbidden');
	const thread = await changeThread(userPb, admin, ctx, ref);
	const status = decision === 'accept' ? 'accepted' : 'rejected';
	if (thread.status === status) return { thread: thread.id };
	if (thread.status !== 'open') throw new ReviewError('invalid_transition');
	await userPb.collection('review_threads').update(thread.id, { status, decided_by: ctx.userId });
	await admin
		.collection('review_threads')
		.update(thread.id, { decided_at: new Date().toISOString() });
	liveHub().publish(reviewTopic(ctx.documentId), {
		type: REVIEW_CHANGED,
		data: { thread: thread.id }
	});
	const proposer = thread.change_author || '';
	if (proposer && proposer !== ctx.userId) {
		await notifyReview(admin, ctx, {
			event: status,
			threadId: thread.id,
			mentions: [],
			excerpt: thread.replacement || thread.quote,
			threadAuthor: proposer
		});
	}
	return { thread: thread.id };
}
