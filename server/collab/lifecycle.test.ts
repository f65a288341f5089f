import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../src/lib/collab/protocol';
import { startHarness, type Harness } from '../testing/harness';
import type { RawClient } from '../testing/raw-client';

const DOC = 'doc000000000001';
const ALICE = { id: 'alice0000000001', name: 'Alice' };
const BOB = { id: 'bob000000000001', name: 'Bob' };

let h: Harness;
afterEach(() => h.stop());

async function setup(overrides: Parameters<typeof startHarness>[0] = {}) {
	h = await startHarness(overrides);
	h.auth.addUser('alice', ALICE);
	h.auth.addUser('bob', BOB);
	h.auth.grant(ALICE.id, DOC, 'edit');
	h.auth.grant(BOB.id, DOC, 'edit');
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

describe('document lifecycle', () => {
	it('unloads an idle document after flushing and compacting it', async () => {
		await setup({ idleUnloadMs: 50, batchWindowMs: 0 });
		const alice = await open('alice');
		for (let i = 0; i < 5; i++) {
			alice.edit((doc) => doc.getText('text').insert(0, String(i)));
			await vi.waitFor(() => expect(h.store.appends).toBe(i + 1));
		}
		expect(h.collab.stats().documents).toBe(1);
		await alice.close();
		await vi.waitFor(() => expect(h.collab.stats().documents).toBe(0));
		expect(h.store.memory.rowsOf(DOC)).toHaveLength(1);
		expect(h.store.memory.rowsOf(DOC)[0]!.compacted).toBe(true);
		expect(storedText()).toBe('43210');
		// It loads again from the snapshot.
		const bob = await open('bob');
		await vi.waitFor(() => expect(bob.text()).toBe('43210'));
	});

	it('does not unload a document someone reconnected to', async () => {
		await setup({ idleUnloadMs: 30 });
		const alice = await open('alice');
		await alice.close();
		const bob = await open('bob');
		await new Promise((r) => setTimeout(r, 80));
		expect(h.collab.stats().documents).toBe(1);
		bob.edit((doc) => doc.getText('text').insert(0, 'alive'));
		bob.sendSaveRequest(1);
		await vi.waitFor(() => expect(bob.saved).toEqual([1]));
	});

	it('compacts every N rows into one snapshot row, keeping the content', async () => {
		await setup({ compactEvery: 10, batchWindowMs: 0 });
		const alice = await open('alice');
		for (let i = 0; i < 25; i++) {
			alice.edit((doc) => doc.getText('text').insert(i, 'a'));
			alice.sendSaveRequest(i);
			await vi.waitFor(() => expect(alice.saved).toContain(i));
		}
		await vi.waitFor(() => expect(h.store.compactions).toBe(2));
		const rows = h.store.memory.rowsOf(DOC);
		expect(rows.length).toBeLessThan(10);
		expect(rows.filter((r) => r.compacted)).toHaveLength(1);
		expect(storedText()).toBe('a'.repeat(25));
	});

	it('closes with AccessChanged when a member is removed or their role changes', async () => {
		await setup();
		const alice = await open('alice');
		const bob = await open('bob');
		h.auth.grant(BOB.id, DOC, null);
		h.auth.grant(ALICE.id, DOC, 'read');
		await h.collab.recheckAccess();
		expect((await bob.closed).code).toBe(CloseCode.AccessChanged);
		expect((await alice.closed).code).toBe(CloseCode.AccessChanged);
		// Alice reconnects and gets her new, read-only access.
		const again = await open('alice');
		again.edit((doc) => doc.getText('text').insert(0, 'nope'));
		await new Promise((r) => setTimeout(r, 50));
		expect(storedText()).toBe('');
	});

	it('close() flushes pending writes, acks them, then closes with ServiceRestart', async () => {
		await setup({ batchWindowMs: 100 });
		const alice = await open('alice');
		await vi.waitFor(() => expect(alice.frames.length).toBeGreaterThan(0));
		h.store.hold();
		alice.edit((doc) => doc.getText('text').insert(0, 'last words'));
		alice.sendSaveRequest(1);
		// Received and waiting in the batch window (a fixed sleep lost the race on a loaded machine).
		await vi.waitFor(() => expect(h.collab.stats().pendingUpdates).toBe(1));
		const closing = h.collab.close();
		await vi.waitFor(() => expect(h.store.heldCount).toBe(1));
		h.store.release();
		await closing;
		expect((await alice.closed).code).toBe(CloseCode.ServiceRestart);
		expect(alice.saved).toEqual([1]);
		expect(storedText()).toBe('last words');
	});

	it('turns away new sockets while closing', async () => {
		await setup();
		h.store.hold();
		const alice = await open('alice');
		alice.edit((doc) => doc.getText('text').insert(0, 'x'));
		await vi.waitFor(() => expect(h.store.heldCount).toBe(1));
		const closing = h.collab.close();
		const late = h.connect(DOC, { token: 'bob' });
		expect((await late.closed).code).toBe(CloseCode.ServiceRestart);
		expect(late.types).toEqual([102]);
		h.store.release();
		await closing;
	});
});
