/**
 * Asynchronous review against the real PocketBase (repo migrations and hooks) and the real
 * collaboration server: who may read and write threads, messages and notifications, and a
 * partner's body update is dropped while their comments are accepted.
 */
import { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import { CloseCode } from '../../src/lib/collab/protocol';
import type { TypedPocketBase } from '../../src/lib/pocketbase/types';
import { EDITOR_FIELD, editorSchema } from '../../src/lib/editor/extensions';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import {
	connectCollabClient,
	createCollabFixture,
	type CollabFixture
} from '../support/collab-client';
import { startTrameServer, type TrameServer } from '../../server/index';
import { createMemoryLogger } from '../../server/log';
import { decodeRow } from '../../server/storage/update-codec';
import { reviewContext } from '../../src/lib/server/review/context';
import { createThread, reply, setThreadStatus } from '../../src/lib/server/review/threads';
import { ReviewError } from '../../src/lib/server/review/errors';

const ORIGIN = 'http://trame.test';
let pb: TestPocketBase;
let server: TrameServer;
let fixture: CollabFixture;
let documentId: string;
let partner: { id: string; token: string; client: TypedPocketBase };
let alice: TypedPocketBase; // coordinator (edit)
let olga: TypedPocketBase; // observer (read)
let mallory: TypedPocketBase; // not a member

/** Any anchor-shaped value: rules do not read it; the app validates its shape. */
const ANCHOR = { from: { type: { client: 1, clock: 2 }, assoc: -1 }, to: { tname: 'default' } };

async function rejection(promise: Promise<unknown>): Promise<ClientResponseError> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof ClientResponseError) return error;
		throw error;
	}
	throw new Error('expected the request to be rejected, but it succeeded');
}

function thread(author: string, extra: Record<string, unknown> = {}) {
	return {
		document: documentId,
		author,
		kind: 'comment',
		anchor: ANCHOR,
		quote: 'budget',
		status: 'open',
		...extra
	};
}

beforeAll(async () => {
	pb = await startTestPocketBase();
	fixture = await createCollabFixture(pb, 'review');
	documentId = await fixture.newDocument('Protocole revu');
	const state = prosemirrorJSONToYDoc(
		editorSchema(),
		{
			type: 'doc',
			content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Budget initial' }] }]
		},
		EDITOR_FIELD
	);
	await pb.admin.collection('doc_updates').create({
		document: documentId,
		data: Buffer.from(Y.encodeStateAsUpdate(state)).toString('base64'),
		bytes: 1,
		compacted: true
	});
	const record = await pb.createUser({
		email: 'partner.review@trame.test',
		password: 'partner-password-123',
		name: 'Jean Partenaire'
	});
	await pb.addMember(fixture.experimentId, record.id, 'partner');
	const client = await pb.userClient('partner.review@trame.test', 'partner-password-123');
	partner = { id: record.id, token: client.authStore.token, client };
	alice = await pb.userClient(fixture.alice.email, fixture.alice.password);
	olga = await pb.userClient(fixture.olga.email, fixture.olga.password);
	mallory = await pb.userClient(fixture.mallory.email, fixture.mallory.password);
	server = await startTrameServer({
		port: 0,
		origin: ORIGIN,
		pbUrl: pb.url,
		superuser: pb.superuser,
		logger: createMemoryLogger(),
		buildDir: '/nonexistent'
	});
});

afterAll(async () => {
	await server?.close();
	await pb?.stop();
});

describe('review rules (real PocketBase)', () => {
	it('lets a partner comment, reply and resolve, as themself only', async () => {
		const created = await partner.client.collection('review_threads').create(thread(partner.id));
		await partner.client
			.collection('review_messages')
			.create({ thread: created.id, author: partner.id, body: 'Quel montant ?' });
		// Forged author, forged decision, forged status on create.
		expect(
			(
				await rejection(
					partner.client.collection('review_threads').create(thread(fixture.alice.id))
				)
			).status
		).toBe(400);
		await rejection(
			partner.client.collection('review_threads').create(thread(partner.id, { status: 'accepted' }))
		);
		await rejection(
			partner.client
				.collection('review_messages')
				.create({ thread: created.id, author: fixture.alice.id, body: 'usurpé' })
		);
		const resolved = await partner.client
			.collection('review_threads')
			.update(created.id, { status: 'resolved', decided_by: partner.id });
		expect(resolved.status).toBe('resolved');
		// What the thread is about never changes.
		await rejection(
			partner.client.collection('review_threads').update(created.id, { quote: 'autre' })
		);
	});

	it('keeps accepting and rejecting suggestions to editors', async () => {
		const suggestion = await partner.client
			.collection('review_threads')
			.create(thread(partner.id, { kind: 'suggestion', replacement: 'Budget révisé' }));
		await rejection(
			partner.client
				.collection('review_threads')
				.update(suggestion.id, { status: 'accepted', decided_by: partner.id })
		);
		await rejection(
			alice.collection('review_threads').update(suggestion.id, {
				status: 'accepted',
				decided_by: partner.id // an editor cannot credit someone else with the decision
			})
		);
		await rejection(
			alice.collection('review_threads').update(suggestion.id, { replacement: 'autre chose' })
		);
		const accepted = await alice
			.collection('review_threads')
			.update(suggestion.id, { status: 'accepted', decided_by: fixture.alice.id });
		expect(accepted).toMatchObject({
			status: 'accepted',
			author: partner.id,
			decided_by: fixture.alice.id
		});
	});

	it('lets an observer read but not comment, and a non-member read nothing', async () => {
		const visible = await olga.collection('review_threads').getFullList({
			filter: `document = "${documentId}"`
		});
		expect(visible.length).toBeGreaterThan(0);
		await rejection(olga.collection('review_threads').create(thread(fixture.olga.id)));

		expect(await mallory.collection('review_threads').getFullList()).toEqual([]);
		expect(await mallory.collection('review_messages').getFullList()).toEqual([]);
		expect(
			(await rejection(mallory.collection('review_threads').getOne(visible[0]!.id))).status
		).toBe(404);
		await rejection(mallory.collection('review_threads').create(thread(fixture.mallory.id)));
	});

	it('lets people edit and delete only their own messages', async () => {
		const created = await alice.collection('review_threads').create(thread(fixture.alice.id));
		const message = await alice
			.collection('review_messages')
			.create({ thread: created.id, author: fixture.alice.id, body: 'Message de Camille' });
		await rejection(
			partner.client.collection('review_messages').update(message.id, { body: 'modifié' })
		);
		await rejection(partner.client.collection('review_messages').delete(message.id));
		await alice.collection('review_messages').update(message.id, { body: 'corrigé', edited: true });
		await alice.collection('review_messages').delete(message.id);
	});

	it('keeps notifications to their recipient, written by the server only', async () => {
		await rejection(
			partner.client.collection('notifications').create({ user: partner.id, kind: 'mention' })
		);
		const note = await pb.admin
			.collection('notifications')
			.create({ user: fixture.alice.id, kind: 'mention', actor: partner.id, link: '/documents/x' });
		expect(await partner.client.collection('notifications').getFullList()).toEqual([]);
		await rejection(partner.client.collection('notifications').update(note.id, { read: true }));
		await rejection(alice.collection('notifications').update(note.id, { user: partner.id }));
		expect((await alice.collection('notifications').update(note.id, { read: true })).read).toBe(
			true
		);
	});
});

describe('review service (real PocketBase)', () => {
	it('notifies editors of a suggestion and the suggester of a reply, mentions first', async () => {
		const ctx = await reviewContext(pb.admin, documentId, partner.id);
		expect(ctx.rights).toEqual({ comment: true, edit: false, followUps: null });
		const { id } = await createThread(partner.client, pb.admin, ctx, {
			kind: 'suggestion',
			anchor: ANCHOR,
			quote: 'Budget initial',
			body: 'Voir avec @Alice',
			replacement: 'Budget de 12 000 €'
		});
		const forAlice = await alice
			.collection('notifications')
			.getFullList({ filter: `thread = "${id}"` });
		expect(forAlice.map((n) => n.kind)).toEqual(['mention']);
		const forBob = await pb.admin
			.collection('notifications')
			.getFullList({ filter: `thread = "${id}" && user = "${fixture.bob.id}"` });
		expect(forBob.map((n) => n.kind)).toEqual(['suggestion']);

		const aliceCtx = await reviewContext(pb.admin, documentId, fixture.alice.id);
		await reply(alice, pb.admin, aliceCtx, id, 'Je regarde.');
		await setThreadStatus(alice, pb.admin, aliceCtx, id, 'accept');
		const forPartner = await partner.client
			.collection('notifications')
			.getFullList({ filter: `thread = "${id}"`, sort: 'created' });
		expect(forPartner.map((n) => n.kind).sort()).toEqual(['accepted', 'reply']);
	});

	it('refuses bad input with a named error and nothing stored', async () => {
		const ctx = await reviewContext(pb.admin, documentId, partner.id);
		const before = (await pb.admin.collection('review_threads').getFullList()).length;
		const attempt = (input: Record<string, unknown>) =>
			createThread(partner.client, pb.admin, ctx, {
				kind: 'comment',
				anchor: ANCHOR,
				quote: 'x',
				body: 'ok',
				...input
			}).catch((error: unknown) => (error instanceof ReviewError ? error.code : error));
		expect(await attempt({ body: '   ' })).toBe('comment_empty');
		expect(await attempt({ body: 'x'.repeat(5001) })).toBe('comment_too_long');
		expect(await attempt({ anchor: { from: 1, to: 2 } })).toBe('invalid_anchor');
		expect(await attempt({ kind: 'suggestion', replacement: 'y'.repeat(5001) })).toBe(
			'suggestion_too_long'
		);
		expect((await pb.admin.collection('review_threads').getFullList()).length).toBe(before);
		await expect(reviewContext(pb.admin, documentId, fixture.mallory.id)).rejects.toThrow(
			'not_found'
		);
		const olgaCtx = await reviewContext(pb.admin, documentId, fixture.olga.id);
		await expect(
			createThread(olga, pb.admin, olgaCtx, {
				kind: 'comment',
				anchor: ANCHOR,
				quote: 'x',
				body: 'y'
			})
		).rejects.toThrow('forbidden');
	});
});

describe('a partner on the live document', () => {
	it('may not write the text directly: the edit is refused, never stored nor relayed', async () => {
		const wsUrl = server.url.replace('http', 'ws');
		const editor = connectCollabClient({ wsUrl, documentId, token: fixture.alice.token });
		const reviewer = connectCollabClient({ wsUrl, documentId, token: partner.token });
		await Promise.all([editor.synced(), reviewer.synced()]);
		const body = (doc: Y.Doc) => doc.getXmlFragment(EDITOR_FIELD).toString();
		await vi.waitFor(() => expect(body(reviewer.doc)).toContain('Budget initial'));

		const paragraph = reviewer.doc.getXmlFragment(EDITOR_FIELD).get(0) as Y.XmlElement;
		(paragraph.get(0) as Y.XmlText).insert(0, 'PARTNER-EDIT ');
		// Not a suggestion of theirs (no suggestion marks): the server closes their socket.
		await vi.waitFor(() => expect(reviewer.closeCodes).toContain(CloseCode.SuggestionRefused));
		// The editor's own change still goes through and reaches the partner's next connection.
		((editor.doc.getXmlFragment(EDITOR_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(
			0,
			'Relu : '
		);
		await editor.save();
		const again = connectCollabClient({ wsUrl, documentId, token: partner.token });
		await again.synced();
		await vi.waitFor(() => expect(body(again.doc)).toContain('Relu : '));
		expect(body(again.doc)).not.toContain('PARTNER-EDIT');
		expect(body(editor.doc)).not.toContain('PARTNER-EDIT');
		again.destroy();
		const rows = await pb.admin
			.collection('doc_updates')
			.getFullList({ filter: `document = "${documentId}"` });
		const stored = new Y.Doc();
		for (const row of rows) Y.applyUpdate(stored, decodeRow(row));
		expect(body(stored)).toContain('Relu : ');
		expect(body(stored)).not.toContain('PARTNER-EDIT');
		editor.destroy();
		reviewer.destroy();
	});
});
