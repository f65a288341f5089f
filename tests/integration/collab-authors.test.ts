/**
 * Who wrote what, against the real stack (PocketBase, the production server on port 0, stock
 * y-websocket clients): the server records which user each Yjs client id belongs to from the
 * socket that brought its first text (an editor's edit, a partner's suggestion), durably before
 * the save ack; text sent under someone else's client id closes the socket with `author_refused`
 * and is neither applied nor stored; nobody writes the map through PocketBase's API. A
 * reconnecting editor's resend (sync step 2, raw socket) may carry others' text the server lost:
 * it is applied, but nobody's text is given to the editor who relays it; a partner's resend that
 * holds anything but their own suggestions under their own ids is refused with a named code.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../src/lib/collab/protocol';
import { EDITOR_SCHEMA_VERSION } from '../../src/lib/editor/schema-version';
import { connectRaw, type RawClient } from '../../server/testing/raw-client';
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

describe('who wrote what: a reconnecting client’s resend (raw sockets, sync step 2)', () => {
	const rawUrl = () =>
		`${server.url.replace('http', 'ws')}/collab/${documentId}?schema=${EDITOR_SCHEMA_VERSION}`;
	let nextId = 900_000_001;

	/** An id the server has never seen (what a fresh tab draws). */
	const freshId = () => nextId++;

	/** The update that `change`, made under `client` on top of `base`, adds to it. */
	function textUnder(base: Uint8Array, client: number, change: (doc: Y.Doc) => void): Uint8Array {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, base);
		doc.clientID = client;
		const known = Y.encodeStateVector(doc);
		change(doc);
		return Y.encodeStateAsUpdate(doc, known);
	}

	const append = (words: string, marks?: Record<string, unknown>) => (doc: Y.Doc) => {
		const text = paragraphText(doc);
		text.insert(text.length, words, marks);
	};

	/** A raw socket whose document already holds `updates` (what it kept while offline). */
	function resender(user: FixtureUser, updates: Uint8Array[], options = {}): RawClient {
		const raw = connectRaw(rawUrl(), { token: user.token, origin: ORIGIN, ...options });
		// Before the socket opens: its answer to the server's sync step 1 carries all of it.
		for (const update of updates) Y.applyUpdate(raw.doc, update);
		return raw;
	}

	/** The paragraph's characters, marks left out. */
	const plain = (doc: Y.Doc) =>
		(paragraphText(doc).toDelta() as { insert: string }[]).map((op) => op.insert).join('');

	const presence = (client: number) => [{ clientId: client, clock: 1, state: { cursor: null } }];

	/** Bob types and is recorded, then loses the socket: his next words never reach the server. */
	async function bobsLostWords(): Promise<{ client: number; update: Uint8Array }> {
		const bob = connect(fixture.bob);
		await bob.synced();
		paragraphText(bob.doc).insert(0, 'Bob : ');
		await bob.save();
		const client = bob.doc.clientID;
		bob.destroy();
		await vi.waitFor(() => expect(paragraphText(coordinator.doc).toString()).toMatch(/^Bob : /));
		return {
			client,
			update: textUnder(Y.encodeStateAsUpdate(coordinator.doc), client, append(' [de Bob]'))
		};
	}

	it('applies others’ text an editor relays, without giving it to the editor', async () => {
		await coordinator.save();
		const bob = await bobsLostWords();
		const base = Y.encodeStateAsUpdate(coordinator.doc);
		const unknownId = freshId();
		const unknown = textUnder(
			Y.mergeUpdates([base, bob.update]),
			unknownId,
			append(' [sans auteur]')
		);
		const ownId = freshId();
		const offline = textUnder(
			Y.mergeUpdates([base, bob.update, unknown]),
			ownId,
			append(' [écrit hors ligne]')
		);
		const alice = resender(fixture.alice, [base, bob.update, unknown, offline]);
		// A stock provider announces its presence as it opens, before answering the server.
		alice.ws.once('open', () => alice.sendAwareness(presence(ownId)));
		await alice.opened;
		await vi.waitFor(() =>
			expect(paragraphText(coordinator.doc).toString()).toContain(
				' [de Bob] [sans auteur] [écrit hors ligne]'
			)
		);
		alice.sendSaveRequest(1);
		await vi.waitFor(() => expect(alice.saved).toContain(1));
		const stored = await owners();
		expect(stored.get(bob.client)).toBe(fixture.bob.id);
		expect(stored.has(unknownId)).toBe(false);
		expect(stored.get(ownId)).toBe(fixture.alice.id);
		expect(await storedText()).toContain('[sans auteur] [écrit hors ligne]');
		const warned = (event: string) => logger.entries.find((entry) => entry.event === event);
		expect(warned('collab.author_foreign_resend')?.fields).toMatchObject({
			user: fixture.alice.id,
			clients: [bob.client]
		});
		expect(warned('collab.author_unknown_resend')?.fields).toMatchObject({
			user: fixture.alice.id,
			clients: [unknownId]
		});
		await alice.close();
	});

	it('records an editor’s own resent text once its presence names the id, even afterwards', async () => {
		await coordinator.save();
		const base = Y.encodeStateAsUpdate(coordinator.doc);
		const ownId = freshId();
		const offline = textUnder(base, ownId, append(' [avant la présence]'));
		const alice = resender(fixture.alice, [base, offline]);
		await alice.opened;
		await vi.waitFor(() =>
			expect(paragraphText(coordinator.doc).toString()).toContain('[avant la présence]')
		);
		expect((await owners()).has(ownId)).toBe(false);
		alice.sendAwareness(presence(ownId));
		alice.sendSaveRequest(1);
		await vi.waitFor(() => expect(alice.saved).toContain(1));
		expect((await owners()).get(ownId)).toBe(fixture.alice.id);
		await alice.close();
	});

	it('records relayed text as its writer’s once the writer reconnects and names its id', async () => {
		await coordinator.save();
		const base = Y.encodeStateAsUpdate(coordinator.doc);
		const bobsId = freshId();
		// Bob typed; the server lost it (and his id's owner); Alice's page relays it first.
		const lost = textUnder(base, bobsId, append(' [relayé puis réclamé]'));
		const alice = resender(fixture.alice, [base, lost]);
		const aliceId = freshId();
		alice.ws.once('open', () => alice.sendAwareness(presence(aliceId)));
		await vi.waitFor(() =>
			expect(paragraphText(coordinator.doc).toString()).toContain('[relayé puis réclamé]')
		);
		alice.sendSaveRequest(1);
		await vi.waitFor(() => expect(alice.saved).toContain(1));
		expect((await owners()).has(bobsId)).toBe(false);
		// Bob's page, still holding his id, reconnects: its resend brings nothing new.
		const bob = resender(fixture.bob, [base, lost]);
		bob.ws.once('open', () => bob.sendAwareness(presence(bobsId)));
		await bob.opened;
		bob.sendSaveRequest(1);
		await vi.waitFor(() => expect(bob.saved).toContain(1));
		expect((await owners()).get(bobsId)).toBe(fixture.bob.id);
		await Promise.all([alice.close(), bob.close()]);
	});

	it('refuses a partner’s resend of anything but their own suggestions, with a named code', async () => {
		await coordinator.save();
		const before = plain(coordinator.doc);
		const base = Y.encodeStateAsUpdate(coordinator.doc);
		const mark = { [INSERT_MARK]: { id: 'p9', author: partner.id, authorName: 'Paula', time: 2 } };

		// Their own suggestion, but under the coordinator's id: author_refused.
		const underAlice = textUnder(base, coordinator.doc.clientID, append(' [proposé]', mark));
		const forged = resender(partner, [base, underAlice]);
		expect((await forged.closed).code).toBe(CloseCode.AuthorRefused);
		expect(forged.errors.map((error) => error.id)).toContain('author_refused');

		// An editor's plain text the server lost, under an id nobody owns: suggestion_refused.
		const relayed = textUnder(base, freshId(), append(' [texte d’un éditeur]'));
		const relaying = resender(partner, [base, relayed]);
		expect((await relaying.closed).code).toBe(CloseCode.SuggestionRefused);

		// Their own suggestion under their own id still lands.
		const ownId = freshId();
		const suggestion = textUnder(base, ownId, append(' [ma suggestion]', mark));
		const honest = resender(partner, [base, suggestion]);
		honest.ws.once('open', () => honest.sendAwareness(presence(ownId)));
		await vi.waitFor(() => expect(plain(coordinator.doc)).toBe(`${before} [ma suggestion]`));
		honest.sendSaveRequest(1);
		await vi.waitFor(() => expect(honest.saved).toContain(1));
		expect((await owners()).get(ownId)).toBe(partner.id);
		const stored = new Y.Doc();
		for (const row of await new PocketBaseStore(pb.admin).load(documentId))
			Y.applyUpdate(stored, row.data);
		expect(plain(stored)).toBe(`${before} [ma suggestion]`);
		await honest.close();
	});
});
