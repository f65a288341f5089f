/**
 * "Depuis votre dernière visite" against the real stack (PocketBase, the server on port 0, a stock
 * y-websocket client, a real SMTP server): what a member types is logged per section under their
 * name by the collaboration server; a reader who had opened the document reads it back through
 * their own client (the rules), and the digest mails it to them; nobody writes someone else's visit.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { EDITOR_FIELD } from '../../src/lib/editor/extensions';
import { changesSince, recordVisit, lastVisit } from '../../src/lib/server/review/since-visit';
import { startTrameServer, type TrameServer } from '../../server/index';
import { createMemoryLogger } from '../../server/log';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import { startTestMailbox, type TestMailbox } from '../support/mailpit';
import {
	connectCollabClient,
	createCollabFixture,
	type CollabClient,
	type CollabFixture
} from '../support/collab-client';
import type { TypedPocketBase } from '../../src/lib/pocketbase/types';

const ORIGIN = 'http://trame.test';
let pb: TestPocketBase;
let mail: TestMailbox;
let server: TrameServer;
let fixture: CollabFixture;
let documentId: string;
let alice: CollabClient;
let bobPb: TypedPocketBase;

function block(type: string, text: string, attrs: Record<string, unknown> = {}): Y.XmlElement {
	const element = new Y.XmlElement(type);
	for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, value as string);
	element.insert(0, [new Y.XmlText(text)]);
	return element;
}

beforeAll(async () => {
	pb = await startTestPocketBase();
	mail = await startTestMailbox();
	fixture = await createCollabFixture(pb, 'since');
	documentId = await fixture.newDocument();
	server = await startTrameServer({
		port: 0,
		origin: ORIGIN,
		pbUrl: pb.url,
		superuser: pb.superuser,
		logger: createMemoryLogger(),
		buildDir: '/nonexistent',
		collab: { textIndexDebounceMs: 100 }
	});
	bobPb = await pb.userClient(fixture.bob.email, fixture.bob.password);
	alice = connectCollabClient({
		wsUrl: server.url.replace('http', 'ws'),
		documentId,
		token: fixture.alice.token,
		origin: ORIGIN
	});
	await alice.synced();
	alice.doc.transact(() => {
		alice.doc
			.getXmlFragment(EDITOR_FIELD)
			.insert(0, [block('heading', 'Calendrier', { level: 2 }), block('paragraph', 'Juin.')]);
	});
	await alice.save();
	await vi.waitFor(
		async () =>
			expect((await pb.admin.collection('document_changes').getList()).totalItems).toBe(1),
		{ timeout: 10_000 }
	);
}, 60_000);

afterAll(async () => {
	alice?.destroy();
	await server?.close();
	await mail?.stop();
	await pb?.stop();
});

describe('since your last visit', () => {
	it('logs what a member typed under their name, read back by a reader after their visit', async () => {
		await recordVisit(bobPb, fixture.bob.id, documentId, new Date());
		const visit = await lastVisit(bobPb, fixture.bob.id, documentId);
		expect(visit).not.toBeNull();

		const paragraph = alice.doc.getXmlFragment(EDITOR_FIELD).get(1) as Y.XmlElement;
		alice.doc.transact(() => (paragraph.get(0) as Y.XmlText).insert(4, ' et juillet'));
		await alice.save();

		await vi.waitFor(
			async () => {
				const summary = await changesSince(bobPb, fixture.bob.id, documentId, visit!.seenAt);
				expect(summary.editors).toEqual([{ name: 'Alice', sections: 1 }]);
				expect(summary.sections).toEqual([
					{
						title: 'Calendrier',
						authors: ['Alice'],
						added: 11,
						removed: 0,
						excerpt: 'et juillet'
					}
				]);
			},
			{ timeout: 10_000 }
		);
		// Alice's own change is not news to her.
		const alicePb = await pb.userClient(fixture.alice.email, fixture.alice.password);
		const own = await changesSince(alicePb, fixture.alice.id, documentId, visit!.seenAt);
		expect(own.steps).toEqual([]);
	});

	it('refuses a visit written for someone else, and the log to a non-member', async () => {
		await expect(
			bobPb.collection('document_visits').create({
				user: fixture.alice.id,
				document: documentId,
				seen_at: new Date().toISOString()
			})
		).rejects.toMatchObject({ status: 400 });
		const mallory = await pb.userClient(fixture.mallory.email, fixture.mallory.password);
		expect((await mallory.collection('document_changes').getList()).totalItems).toBe(0);
		await expect(
			mallory.collection('document_visits').create({
				user: fixture.mallory.id,
				document: documentId,
				seen_at: new Date().toISOString()
			})
		).rejects.toMatchObject({ status: 400 });
	});

	it('mails the summary in the digest to a reader who asked for it', async () => {
		await pb.admin.collection('notification_prefs').create({
			user: fixture.bob.id,
			email_digest: true
		});
		await pb.admin.settings.update({
			meta: { appURL: ORIGIN, senderAddress: 'trame@trame.test', senderName: 'Trame' },
			smtp: { enabled: true, host: mail.smtpHost, port: mail.smtpPort }
		});
		const run = await pb.admin.send('/api/trame/digest/run', { method: 'POST' });
		expect(run).toEqual({ sent: 1 });
		const message = await mail.waitFor(fixture.bob.email);
		expect(message.Subject).toBe('Trame : du nouveau dans 1 document');
		expect(message.HTML).toContain('Depuis votre dernière visite');
		expect(message.HTML).toContain('Alice a modifié 1 section');
		expect(message.HTML).toContain(`${ORIGIN}/documents/${documentId}`);
	});
});
