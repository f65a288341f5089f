import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, MessageType } from '../../src/lib/collab/protocol';
import { startHarness, type Harness } from '../testing/harness';
import type { RawClient } from '../testing/raw-client';

const DOC = 'doc000000000001';
const ALICE = { id: 'alice0000000001', name: 'Alice' };
const BOB = { id: 'bob000000000001', name: 'Bob' };
const OLGA = { id: 'olga00000000001', name: 'Olga (observer)' };

let h: Harness;

async function setup(overrides: Parameters<typeof startHarness>[0] = {}) {
	h = await startHarness(overrides);
	h.auth.addUser('alice', ALICE);
	h.auth.addUser('bob', BOB);
	h.auth.addUser('olga', OLGA);
	h.auth.grant(ALICE.id, DOC, 'edit');
	h.auth.grant(BOB.id, DOC, 'edit');
	h.auth.grant(OLGA.id, DOC, 'read');
}

async function open(token: string): Promise<RawClient> {
	const client = h.connect(DOC, { token });
	await client.opened;
	client.sendStep1();
	return client;
}

function storedText(): string {
	const doc = new Y.Doc();
	for (const row of h.store.memory.rowsOf(DOC)) Y.applyUpdate(doc, row.data);
	return doc.getText('text').toString();
}

afterEach(() => h.stop());

describe('sync between editors', () => {
	beforeEach(() => setup());

	it('broadcasts updates and converges', async () => {
		const alice = await open('alice');
		const bob = await open('bob');
		alice.edit((doc) => doc.getText('text').insert(0, 'hello '));
		bob.edit((doc) => doc.getText('text').insert(0, 'world'));
		await vi.waitFor(() => {
			expect(alice.text()).toHaveLength(11);
			expect(bob.text()).toBe(alice.text());
		});
		await vi.waitFor(() => expect(storedText()).toBe(alice.text()));
	});

	it('serves the stored state to a late joiner', async () => {
		const alice = await open('alice');
		alice.edit((doc) => doc.getText('text').insert(0, 'persisted'));
		await vi.waitFor(() => expect(h.store.appends).toBe(1));
		const bob = await open('bob');
		await vi.waitFor(() => expect(bob.text()).toBe('persisted'));
	});

	it('loads a document once under concurrent connects', async () => {
		h.store.loadDelayMs = 50;
		const clients = await Promise.all([1, 2, 3, 4, 5].map(() => open('alice')));
		await vi.waitFor(() => expect(h.collab.stats().connections).toBe(5));
		expect(h.store.loads).toBe(1);
		expect(clients).toHaveLength(5);
	});
});

describe('save acknowledgements', () => {
	beforeEach(() => setup());

	it('acks only after the store has resolved the append', async () => {
		const alice = await open('alice');
		await vi.waitFor(() => expect(alice.frames.length).toBeGreaterThan(0));
		h.store.hold();
		alice.edit((doc) => doc.getText('text').insert(0, 'a'));
		alice.sendSaveRequest(1);
		await vi.waitFor(() => expect(h.store.heldCount).toBe(1));
		await new Promise((r) => setTimeout(r, 50));
		expect(alice.saved).toEqual([]);
		h.store.release();
		await vi.waitFor(() => expect(alice.saved).toEqual([1]));
		expect(storedText()).toBe('a');
	});

	it('acks at once when nothing of the socket is pending', async () => {
		const alice = await open('alice');
		alice.sendSaveRequest(7);
		await vi.waitFor(() => expect(alice.saved).toEqual([7]));
	});

	it('waits for updates already pending from another socket that this one also sent', async () => {
		const alice = await open('alice');
		const bob = await open('bob');
		await vi.waitFor(() => expect(bob.frames.length).toBeGreaterThan(0));
		h.store.hold();
		const update = alice.edit((doc) => doc.getText('text').insert(0, 'x'));
		await vi.waitFor(() => expect(h.store.heldCount).toBe(1));
		// Bob re-sends the same content (as after a reconnect): no new update, but not durable yet.
		bob.sendUpdate(update);
		bob.sendSaveRequest(1);
		await new Promise((r) => setTimeout(r, 50));
		expect(bob.saved).toEqual([]);
		h.store.release();
		await vi.waitFor(() => expect(bob.saved).toEqual([1]));
	});

	it('batches many updates into few appends (one write in flight)', async () => {
		const alice = await open('alice');
		await vi.waitFor(() => expect(alice.frames.length).toBeGreaterThan(0));
		h.store.hold();
		alice.edit((doc) => doc.getText('text').insert(0, '0'));
		await vi.waitFor(() => expect(h.store.heldCount).toBe(1));
		for (let i = 1; i <= 200; i++) alice.edit((doc) => doc.getText('text').insert(i, 'x'));
		alice.sendSaveRequest(1);
		await new Promise((r) => setTimeout(r, 100));
		h.store.release();
		await vi.waitFor(() => expect(alice.saved).toEqual([1]));
		expect(h.store.appends).toBe(2);
		expect(storedText()).toHaveLength(201);
	});

	it('does not ack while the store fails, retries, then acks', async () => {
		await h.stop();
		await setup({ storageRetry: { baseDelayMs: 10, maxDelayMs: 20, giveUpAfterMs: 60_000 } });
		const alice = await open('alice');
		h.store.failNext = 3;
		alice.edit((doc) => doc.getText('text').insert(0, 'retry me'));
		alice.sendSaveRequest(1);
		await vi.waitFor(() => expect(alice.saved).toEqual([1]));
		expect(storedText()).toBe('retry me');
		expect(h.logger.entries.filter((e) => e.event === 'collab.storage_failed')).toHaveLength(3);
	});

	it('closes unsaved sockets with StorageUnavailable when storage keeps failing', async () => {
		await h.stop();
		await setup({ storageRetry: { baseDelayMs: 10, maxDelayMs: 20, giveUpAfterMs: 100 } });
		const alice = await open('alice');
		const bob = await open('bob');
		h.store.failing = true;
		alice.edit((doc) => doc.getText('text').insert(0, 'lost?'));
		alice.sendSaveRequest(1);
		expect((await alice.closed).code).toBe(CloseCode.StorageUnavailable);
		expect(alice.saved).toEqual([]);
		// Bob had nothing pending: he stays.
		expect(bob.ws.readyState).toBe(bob.ws.OPEN);
		h.store.failing = false;
		bob.sendSaveRequest(1);
		await vi.waitFor(() => expect(storedText()).toBe('lost?'));
	});
});

describe('read-only connections', () => {
	beforeEach(() => setup());

	it('lets a reader read and see presence, drops its updates whole', async () => {
		const alice = await open('alice');
		alice.edit((doc) => doc.getText('text').insert(0, 'by alice'));
		const olga = await open('olga');
		await vi.waitFor(() => expect(olga.text()).toBe('by alice'));
		// The server does not ask a reader for its state.
		expect(olga.frames.some((f) => f[0] === MessageType.Sync && f[1] === 0)).toBe(false);
		olga.edit((doc) => doc.getText('text').insert(0, 'vandal '));
		olga.edit((doc) => doc.getText('text').insert(0, 'again '));
		olga.sendSaveRequest(1);
		alice.sendSaveRequest(1);
		await vi.waitFor(() => expect(alice.saved).toEqual([1]));
		await new Promise((r) => setTimeout(r, 50));
		expect(alice.text()).toBe('by alice');
		expect(storedText()).toBe('by alice');
		expect(olga.saved).toEqual([]);
		const drops = h.logger.entries.filter((e) => e.event === 'collab.readonly_update_dropped');
		expect(drops).toHaveLength(1);
		// Presence is allowed.
		olga.sendAwareness([{ clientId: 77, clock: 1, state: { cursor: 3 } }]);
		await vi.waitFor(() =>
			expect(alice.awareness.flat().some((e) => e.clientId === 77)).toBe(true)
		);
	});
});

describe('limits and malformed input', () => {
	it('refuses an update that would exceed the document cap; others unaffected', async () => {
		await setup({ limits: { maxDocumentBytes: 20_000 } });
		const alice = await open('alice');
		const bob = await open('bob');
		alice.edit((doc) => doc.getText('text').insert(0, 'small'));
		await vi.waitFor(() => expect(bob.text()).toBe('small'));
		alice.edit((doc) => doc.getText('text').insert(0, 'x'.repeat(30_000)));
		expect((await alice.closed).code).toBe(CloseCode.DocumentTooLarge);
		expect(alice.errors.map((e) => e.id)).toEqual(['document_too_large']);
		bob.edit((doc) => doc.getText('text').insert(5, '!'));
		bob.sendSaveRequest(1);
		await vi.waitFor(() => expect(bob.saved).toEqual([1]));
		expect(bob.text()).toBe('small!');
		expect(storedText()).toBe('small!');
	});

	it('lets many small updates grow the document up to the cap, not past it', async () => {
		await setup({ limits: { maxDocumentBytes: 5_000 } });
		const alice = await open('alice');
		for (let i = 0; i < 30; i++) {
			if (alice.closeEvent) break;
			alice.edit((doc) => doc.getText('text').insert(0, 'y'.repeat(200)));
			await new Promise((r) => setTimeout(r, 2));
		}
		expect((await alice.closed).code).toBe(CloseCode.DocumentTooLarge);
		await vi.waitFor(() => expect(h.store.memory.rowsOf(DOC).length).toBeGreaterThan(0));
		const stored = storedText().length;
		expect(stored).toBeGreaterThan(3_000);
		expect(stored).toBeLessThanOrEqual(5_000);
	});

	it('closes the socket with 1009 on a frame above maxPayload; peers keep working', async () => {
		await setup({ limits: { maxMessageBytes: 64 * 1024 } });
		const alice = await open('alice');
		const bob = await open('bob');
		alice.send(new Uint8Array(100 * 1024));
		expect((await alice.closed).code).toBe(CloseCode.MessageTooBig);
		bob.edit((doc) => doc.getText('text').insert(0, 'still here'));
		bob.sendSaveRequest(1);
		await vi.waitFor(() => expect(bob.saved).toEqual([1]));
	});

	it.each([
		['garbage', new Uint8Array([0, 2, 200, 1, 2, 3])],
		['truncated varint', new Uint8Array([0xff])],
		['bad sync step', new Uint8Array([0, 9, 0])],
		['bad update payload', new Uint8Array([0, 2, 4, 1, 2, 3, 4])],
		['bad awareness', new Uint8Array([1, 3, 1, 1, 1])],
		['bad state vector', new Uint8Array([0, 0, 3, 5, 1, 2])]
	])('closes on a malformed frame (%s) with ProtocolError', async (_name, frame) => {
		await setup();
		const alice = await open('alice');
		alice.edit((doc) => doc.getText('text').insert(0, 'intact'));
		alice.send(frame);
		expect((await alice.closed).code).toBe(CloseCode.ProtocolError);
		const bob = await open('bob');
		await vi.waitFor(() => expect(bob.text()).toBe('intact'));
	});

	it('closes on a text frame with ProtocolError', async () => {
		await setup();
		const alice = await open('alice');
		alice.ws.send('hello');
		expect((await alice.closed).code).toBe(CloseCode.ProtocolError);
	});
});
