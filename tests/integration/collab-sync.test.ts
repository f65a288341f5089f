/**
 * Live collaboration against the real stack (PocketBase + Trame server + stock y-websocket
 * clients): convergence, read-only enforcement, frame size limit.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../src/lib/collab/protocol';
import { EDITOR_SCHEMA_VERSION } from '../../src/lib/editor/schema-version';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import {
	connectCollabClient,
	createCollabFixture,
	type CollabClient,
	type CollabFixture
} from '../support/collab-client';
import { startTrameServer, type TrameServer } from '../../server/index';
import { silentLogger } from '../../server/log';
import { PocketBaseStore } from '../../server/storage/pocketbase-store';
import { connectRaw } from '../../server/testing/raw-client';

let pb: TestPocketBase;
let server: TrameServer;
let fixture: CollabFixture;
const clients: CollabClient[] = [];

beforeAll(async () => {
	pb = await startTestPocketBase();
	fixture = await createCollabFixture(pb, 'sync');
	server = await startTrameServer({
		port: 0,
		pbUrl: pb.url,
		superuser: pb.superuser,
		logger: silentLogger,
		buildDir: '/nonexistent'
	});
});

afterAll(async () => {
	for (const client of clients) client.destroy();
	await server?.close();
	await pb?.stop();
});

function connect(documentId: string, token: string): CollabClient {
	const client = connectCollabClient({
		wsUrl: server.url.replace('http', 'ws'),
		documentId,
		token
	});
	clients.push(client);
	return client;
}

/** The document as stored in PocketBase, read back like the server would at load. */
async function storedText(documentId: string): Promise<string> {
	const rows = await new PocketBaseStore(pb.admin).load(documentId);
	const doc = new Y.Doc();
	for (const row of rows) Y.applyUpdate(doc, row.data);
	return doc.getText('text').toString();
}

describe('collaboration (real stack)', () => {
	it('converges two editors and stores the result', async () => {
		const documentId = await fixture.newDocument('Convergence');
		const alice = connect(documentId, fixture.alice.token);
		const bob = connect(documentId, fixture.bob.token);
		await Promise.all([alice.synced(), bob.synced()]);
		for (let i = 0; i < 20; i++) {
			alice.doc.getText('text').insert(0, 'a');
			bob.doc.getText('text').insert(bob.text().length, 'b');
		}
		await vi.waitFor(() => {
			expect(alice.text()).toHaveLength(40);
			expect(bob.text()).toBe(alice.text());
		});
		await Promise.all([alice.save(), bob.save()]);
		expect(await storedText(documentId)).toBe(alice.text());
		// Presence carries the server-authenticated identity.
		alice.provider.awareness.setLocalStateField('user', { name: 'Not Alice' });
		await vi.waitFor(() => {
			const state = bob.provider.awareness.getStates().get(alice.doc.clientID);
			expect(state?.user).toMatchObject({ id: fixture.alice.id, name: 'Alice' });
		});
	});

	it("never lets an observer's update reach peers or storage", async () => {
		const documentId = await fixture.newDocument('Lecture seule');
		const alice = connect(documentId, fixture.alice.token);
		await alice.synced();
		alice.doc.getText('text').insert(0, 'official');
		await alice.save();
		const olga = connect(documentId, fixture.olga.token);
		await olga.synced();
		await vi.waitFor(() => expect(olga.text()).toBe('official'));
		olga.doc.getText('text').insert(0, 'OBSERVER-WAS-HERE ');
		// Olga's save request is never acknowledged: her update was refused.
		await expect(olga.save(1_000)).rejects.toThrow(/no Saved/);
		alice.doc.getText('text').insert(alice.text().length, '.');
		await alice.save();
		expect(alice.text()).toBe('official.');
		expect(await storedText(documentId)).toBe('official.');
		// A fresh reader sees the stored truth too.
		const bob = connect(documentId, fixture.bob.token);
		await bob.synced();
		expect(bob.text()).toBe('official.');
	});

	it('closes a connection sending a 16 MiB frame; its peer keeps working', async () => {
		const documentId = await fixture.newDocument('Trop gros');
		const alice = connect(documentId, fixture.alice.token);
		await alice.synced();
		const raw = connectRaw(
			`${server.url.replace('http', 'ws')}/collab/${documentId}?schema=${EDITOR_SCHEMA_VERSION}`,
			{
				token: fixture.bob.token
			}
		);
		await vi.waitFor(() => expect(raw.frames.length).toBeGreaterThan(0));
		raw.send(new Uint8Array(16 * 1024 * 1024));
		expect((await raw.closed).code).toBe(CloseCode.MessageTooBig);
		alice.doc.getText('text').insert(0, 'still fine');
		await alice.save();
		expect(await storedText(documentId)).toBe('still fine');
		expect(alice.provider.wsconnected).toBe(true);
	});

	it('stores, pages through and compacts many rows in PocketBase', async () => {
		const documentId = await fixture.newDocument('Beaucoup de lignes');
		const store = new PocketBaseStore(pb.admin, { pageSize: 100, maxBatchRequests: 100 });
		const source = new Y.Doc();
		const updates: Uint8Array[] = [];
		source.on('update', (update: Uint8Array) => updates.push(update));
		for (let i = 0; i < 250; i++) source.getText('text').insert(i, String(i % 10));
		const ids: string[] = [];
		for (const update of updates) ids.push(await store.append(documentId, update));
		const rows = await store.load(documentId);
		expect(rows.map((row) => row.id).sort()).toEqual([...ids].sort());
		// 1 create + 249 deletes: three batches, the first one atomic with the snapshot.
		await store.compact(documentId, Y.encodeStateAsUpdate(source), ids);
		const compacted = await store.load(documentId);
		expect(compacted).toHaveLength(1);
		expect(compacted[0]!.compacted).toBe(true);
		expect(await storedText(documentId)).toBe(source.getText('text').toString());
	});
});
