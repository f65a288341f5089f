/**
 * Reply threads of tracked changes and the record of their decision, against the real
 * PocketBase (repo migrations): a partner and a coordinator discuss a change in one thread, the
 * proposer is notified as a comment's author is, only an editor records a decision, and the
 * moment of the decision is the server's, never a client's.
 */
import { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TypedPocketBase } from '../../src/lib/pocketbase/types';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import { createCollabFixture, type CollabFixture } from '../support/collab-client';
import { reviewContext } from '../../src/lib/server/review/context';
import { decideChange, discussChange } from '../../src/lib/server/review/change-threads';
import { loadSnapshot, setThreadStatus } from '../../src/lib/server/review/threads';
import { ReviewError } from '../../src/lib/server/review/errors';

let pb: TestPocketBase;
let fixture: CollabFixture;
let documentId: string;
let partner: { id: string; client: TypedPocketBase };
let alice: TypedPocketBase; // coordinator (edit)

/** Any anchor-shaped value: the rules do not read it; the app validates its shape. */
const ANCHOR = { from: { type: { client: 1, clock: 2 }, assoc: -1 }, to: { tname: 'default' } };

const change = (changeId: string) => ({
	changeId,
	changeAuthor: partner.id,
	anchor: ANCHOR,
	deleted: 'une fois par an',
	inserted: 'deux fois par an'
});

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof ReviewError) return error.code;
		if (error instanceof ClientResponseError) return error.status;
		throw error;
	}
	throw new Error('expected a refusal, but it succeeded');
}

const notificationsOf = (client: TypedPocketBase, thread: string) =>
	client.collection('notifications').getFullList({ filter: `thread = "${thread}"` });

beforeAll(async () => {
	pb = await startTestPocketBase();
	fixture = await createCollabFixture(pb, 'changethreads');
	documentId = await fixture.newDocument('Protocole en suggestion');
	const record = await pb.createUser({
		email: 'partner.changes@trame.test',
		password: 'partner-password-123',
		name: 'Jean Partenaire'
	});
	await pb.addMember(fixture.experimentId, record.id, 'partner');
	partner = {
		id: record.id,
		client: await pb.userClient('partner.changes@trame.test', 'partner-password-123')
	};
	alice = await pb.userClient(fixture.alice.email, fixture.alice.password);
});

afterAll(async () => {
	await pb?.stop();
});

describe('a tracked change’s thread', () => {
	it('holds the discussion of one change, its proposer notified of replies', async () => {
		const partnerCtx = await reviewContext(pb.admin, documentId, partner.id);
		const aliceCtx = await reviewContext(pb.admin, documentId, fixture.alice.id);
		const first = await discussChange(
			partner.client,
			pb.admin,
			partnerCtx,
			change('c1'),
			'Pourquoi pas ?'
		);
		const second = await discussChange(
			alice,
			pb.admin,
			aliceCtx,
			change('c1'),
			'Le budget ne le permet pas, @Jean Partenaire.'
		);
		expect(second.thread).toBe(first.thread);
		const stored = await pb.admin.collection('review_threads').getOne(first.thread);
		expect(stored).toMatchObject({
			kind: 'change',
			change_id: 'c1',
			change_author: partner.id,
			author: partner.id,
			status: 'open',
			quote: 'une fois par an',
			replacement: 'deux fois par an',
			decided_at: ''
		});
		expect((await notificationsOf(partner.client, first.thread)).map((n) => n.kind)).toEqual([
			'mention'
		]);

		// Two people opening the same change's thread at once get one thread.
		const [a, b] = await Promise.all([
			discussChange(partner.client, pb.admin, partnerCtx, change('c2'), 'Premier'),
			discussChange(alice, pb.admin, aliceCtx, change('c2'), 'Second')
		]);
		expect(a.thread).toBe(b.thread);
		const c2 = await pb.admin.collection('review_messages').getFullList({
			filter: `thread = "${a.thread}"`
		});
		expect(c2).toHaveLength(2);

		// The coordinator opens a discussion: the proposer (not the opener) hears of it.
		const third = await discussChange(alice, pb.admin, aliceCtx, change('c3'), 'Une question');
		expect((await notificationsOf(partner.client, third.thread)).map((n) => n.kind)).toEqual([
			'reply'
		]);
	});

	it('records who accepted or rejected a change and when (editors only)', async () => {
		const partnerCtx = await reviewContext(pb.admin, documentId, partner.id);
		const aliceCtx = await reviewContext(pb.admin, documentId, fixture.alice.id);
		expect(
			await codeOf(decideChange(partner.client, pb.admin, partnerCtx, change('c1'), 'accept'))
		).toBe('forbidden');

		const before = Date.now();
		const { thread } = await decideChange(alice, pb.admin, aliceCtx, change('c1'), 'accept');
		const decided = await pb.admin.collection('review_threads').getOne(thread);
		expect(decided).toMatchObject({ status: 'accepted', decided_by: fixture.alice.id });
		const at = Date.parse(decided.decided_at);
		expect(at).toBeGreaterThanOrEqual(before - 1000);
		expect(at).toBeLessThanOrEqual(Date.now() + 1000);
		expect((await notificationsOf(partner.client, thread)).map((n) => n.kind).sort()).toEqual([
			'accepted',
			'mention'
		]);

		// The same decision again changes nothing; the opposite one is refused.
		await decideChange(alice, pb.admin, aliceCtx, change('c1'), 'accept');
		expect((await pb.admin.collection('review_threads').getOne(thread)).decided_at).toBe(
			decided.decided_at
		);
		expect(await codeOf(decideChange(alice, pb.admin, aliceCtx, change('c1'), 'reject'))).toBe(
			'invalid_transition'
		);
		// Never through the comments' status change (the text decides).
		expect(await codeOf(setThreadStatus(alice, pb.admin, aliceCtx, thread, 'reject'))).toBe(
			'invalid_transition'
		);

		// A change nobody discussed gets its thread with the decision.
		const rejected = await decideChange(alice, pb.admin, aliceCtx, change('c4'), 'reject');
		const snapshot = await loadSnapshot(pb.admin, partnerCtx);
		const view = snapshot.threads.find((t) => t.id === rejected.thread);
		expect(view).toMatchObject({
			kind: 'change',
			status: 'rejected',
			changeId: 'c4',
			changeAuthorName: 'Jean Partenaire',
			decidedByName: 'Alice',
			messages: []
		});
		expect(view?.decidedAt).toBeTruthy();

		// A consent round's amendment is decided by its round; a malformed id is refused.
		expect(
			await codeOf(
				decideChange(alice, pb.admin, aliceCtx, change('round:abcdefghijklmno:v1'), 'accept')
			)
		).toBe('invalid_input');
		expect(await codeOf(discussChange(alice, pb.admin, aliceCtx, change('a b'), 'Texte'))).toBe(
			'invalid_input'
		);
	});

	it('keeps the moment of a decision and what a thread is about out of clients’ hands', async () => {
		const base = {
			document: documentId,
			author: partner.id,
			kind: 'change',
			anchor: ANCHOR,
			quote: '',
			status: 'open',
			change_id: 'c9'
		};
		expect(
			await codeOf(
				partner.client
					.collection('review_threads')
					.create({ ...base, decided_at: '2020-01-01 00:00:00.000Z' })
			)
		).toBe(400);
		const opened = await partner.client.collection('review_threads').create(base);
		// One thread per change and document.
		expect(
			await codeOf(alice.collection('review_threads').create({ ...base, author: fixture.alice.id }))
		).toBe(400);
		expect(
			await codeOf(
				alice.collection('review_threads').update(opened.id, {
					status: 'accepted',
					decided_by: fixture.alice.id,
					decided_at: '2020-01-01 00:00:00.000Z'
				})
			)
		).toBe(404);
		expect(
			await codeOf(
				partner.client.collection('review_threads').update(opened.id, { change_id: 'c10' })
			)
		).toBe(404);
		expect(
			await codeOf(
				partner.client
					.collection('review_threads')
					.update(opened.id, { change_author: fixture.bob.id })
			)
		).toBe(404);
	});
});
