/**
 * Who wrote what, against the real stack (PocketBase, the production server on port 0, stock
 * y-websocket clients): the server records which user each Yjs client id belongs to from the
 * socket that brought its first text (an editor's edit, a partner's suggestion), durably before
 * the save ack; text sent under someone else's client id closes the socket with `author_refused`
 * and is neither applied nor stored; nobody writes the map through PocketBase's API.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../src/lib/collab/protocol';
import { EDITOR_FIELD } from '../../src/lib/editor/extensions';
import { INSERT_MARK } from '../../src/lib/editor/suggestions/marks';
import { startTrameServer, type TrameServer } from '../../server/index';
import { createMemoryLogger } from '../../server/log';
import { PocketBaseStore } from '../../server/storage/pocketbase-store';
import { PocketBaseAuthorshipStore } from '../../server/pocketbase/authorship-store';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import {
	connectCollabClient,
	createCollabFixture,
	type CollabClient,
	type CollabFixture,
	type FixtureUser
} from '../support/collab-client';

const ORIGIN = 'http://trame.test';
let pb: TestPocketBase;
let server: TrameServer;
let fixture: CollabFixture;
let partner: FixtureUser;
let documentId: string;
let coordinator: CollabClient;
const logger = createMemoryLogger();
const open: CollabClient[] = [];

function connect(user: FixtureUser): CollabClient {
	const client = connectCollabClient({
		wsUrl: server.url.replace('http', 'ws'),
		documentId,
		token: user.token,
		origin: ORIGIN
	});
	open.push(client);
	return client;
}

function paragraphText(doc: Y.Doc): Y.XmlText {
	const paragraph = doc.getXmlFragment(EDITOR_FIELD).get(0) as Y.XmlElement;
	return paragraph.get(0) as Y.XmlText;
}

async function storedText(): Promise<string> {
	const doc = new Y.Doc();
	for (const row of await new PocketBaseStore(pb.admin).load(documentId))
		Y.applyUpdate(doc, row.data);
	return paragraphText(doc).toString();
}

const owners = () => new PocketBaseAuthorshipStore(pb.admin).load(documentId);

beforeAll(async () => {
	pb = await startTestPocketBase();
	fixture = await createCollabFixture(pb, 'authors');
	const record = await pb.createUser({
		email: 'paula.authors@trame.test',
		password: 'Paula-password-123',
		name: 'Paula'
	});
	await pb.addMember(fixture.experimentId, record.id, 'partner');
	const client = await pb.userClient('paula.authors@trame.test', 'Paula-password-123');
	partner = {
		id: record.id,
		email: 'paula.authors@trame.test',
		password: 'Paula-password-123',
		token: client.authStore.token
	};
	documentId = await fixture.newDocument();
	server = await startTrameServer({
		port: 0,
		origin: ORIGIN,
		pbUrl: pb.url,
		superuser: pb.superuser,
		logger,
		buildDir: '/nonexistent'
	});
	coordinator = connect(fixture.alice);
	await coordinator.synced();
	coordinator.doc.transact(() => {
		const paragraph = new Y.XmlElement('paragraph');
		const text = new Y.XmlText();
		paragraph.insert(0, [text]);
		coordinator.doc.getXmlFragment(EDITOR_FIELD).insert(0, [paragraph]);
		text.insert(0, 'Budget 2026');
	});
	await coordinator.save();
}, 120_000);

afterAll(async () => {
	for (const client of open) client.destroy();
	await server?.close();
	await pb?.stop();
});

describe('who wrote what: client ids recorded by the server', () => {
	it('records each socket’s client id under its user, durably before the save ack', async () => {
		// Acked above: the coordinator's client id is already stored.
		expect((await owners()).get(coordinator.doc.clientID)).toBe(fixture.alice.id);

		const bob = connect(fixture.bob);
		await bob.synced();
		paragraphText(bob.doc).insert(11, ' révisé');
		await bob.save();
		const paula = connect(partner);
		await paula.synced();
		paragraphText(paula.doc).insert(0, 'Prévisionnel ', {
			[INSERT_MARK]: { id: 'p1', author: partner.id, authorName: 'Paula', time: 1 }
		});
		await paula.save();

		const stored = await owners();
		expect(stored.get(bob.doc.clientID)).toBe(fixture.bob.id);
		expect(stored.get(paula.doc.clientID)).toBe(partner.id);
		// A reader's socket writes nothing, so it owns nothing.
		const olga = connect(fixture.olga);
		await olga.synced();
		expect((await owners()).has(olga.doc.clientID)).toBe(false);
	});

	it('refuses text under another person’s client id: author_refused, nothing applied or stored', async () => {
		await coordinator.save();
		const before = paragraphText(coordinator.doc).toString();
		const forger = connect(fixture.bob);
		await forger.synced();
		// Bob's socket sends text continuing the coordinator's clock under their client id.
		const forged = new Y.Doc();
		Y.applyUpdate(forged, Y.encodeStateAsUpdate(coordinator.doc));
		// Set after loading: Yjs draws a new id when an update brings structs under its own.
		forged.clientID = coordinator.doc.clientID;
		const known = Y.encodeStateVector(forged);
		paragraphText(forged).insert(0, 'Écrit par Alice ? ');
		Y.applyUpdate(forger.doc, Y.encodeStateAsUpdate(forged, known));
		await vi.waitFor(() => expect(forger.closeCodes).toContain(CloseCode.AuthorRefused));
		expect(forger.errors).toContain('author_refused');
		forger.destroy();
		await coordinator.save();
		expect(paragraphText(coordinator.doc).toString()).toBe(before);
		expect(await storedText()).toBe(before);
		expect((await owners()).get(coordinator.doc.clientID)).toBe(fixture.alice.id);
	});

	it('keeps the map out of members’ hands: PocketBase refuses their writes', async () => {
		const alice = await pb.userClient(fixture.alice.email, fixture.alice.password);
		await expect(
			alice.collection('document_authors').create({
				document: documentId,
				client_id: 12345,
				user: fixture.alice.id
			})
		).rejects.toMatchObject({ status: expect.any(Number) });
		expect((await owners()).has(12345)).toBe(false);
		// Readers may read it (the app shows names from it).
		const rows = await alice.collection('document_authors').getFullList();
		expect(rows.length).toBeGreaterThanOrEqual(3);
	});
});
