import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { MessageType } from '../../src/lib/collab/protocol';
import { startHarness, type Harness } from '../testing/harness';
import type { RawClient } from '../testing/raw-client';
import type { DocumentMigrator } from './registry';
import { MAX_BUILD_DEFERRAL_MS, StoredSnapshot } from './stored-answer';
import { SLICE_FROM_BYTES } from './sliced-apply';
import { SyncStep } from './wire';

const DOC = 'doc000000000001';
const ALICE = { id: 'alice0000000001', name: 'Alice' };
const BOB = { id: 'bob000000000001', name: 'Bob' };

let h: Harness;
afterEach(() => h.stop());

/** A migration that waits for `release()` before changing the text: the load stays unfinished. */
function heldMigration() {
	let release!: () => void;
	const released = new Promise<void>((resolve) => (release = resolve));
	let planned = 0;
	const migrator: DocumentMigrator = {
		async plan() {
			planned++;
			return async (document) => {
				await released;
				document.ydoc.transact(() => document.ydoc.getText('text').insert(0, 'migrated '));
			};
		}
	};
	return { migrator, release, planned: () => planned };
}

/** The stored document: `hello world` typed by one client, then `!` appended by another. */
function storedDocument(): { doc: Y.Doc; base: Uint8Array } {
	const doc = new Y.Doc();
	doc.getText('text').insert(0, 'hello world');
	const base = Y.encodeStateAsUpdate(doc);
	const other = new Y.Doc();
	Y.applyUpdate(other, base);
	other.getText('text').insert(11, '!');
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
	return { doc, base };
}

async function setup(migrator: DocumentMigrator, rows: 'one' | 'several') {
	h = await startHarness({ migrator });
	h.auth.addUser('alice', ALICE);
	h.auth.grant(ALICE.id, DOC, 'edit');
	h.auth.addUser('bob', BOB);
	h.auth.grant(BOB.id, DOC, 'edit');
	const { doc, base } = storedDocument();
	if (rows === 'one') {
		// As an unload leaves it: one compacted row.
		await h.store.memory.compact(DOC, Y.encodeStateAsUpdate(doc), []);
	} else {
		// Rows appended since the last compaction.
		await h.store.memory.append(DOC, base);
		await h.store.memory.append(
			DOC,
			Y.encodeStateAsUpdate(doc, Y.encodeStateVectorFromUpdate(base))
		);
	}
	return { stored: doc, base };
}

/** Each sync message received: its step and payload. */
function syncMessages(client: RawClient): { step: number; payload: Uint8Array }[] {
	return client.frames.flatMap((frame) => {
		const decoder = decoding.createDecoder(frame);
		if (decoding.readVarUint(decoder) !== MessageType.Sync) return [];
		return [{ step: decoding.readVarUint(decoder), payload: decoding.readVarUint8Array(decoder) }];
	});
}

function syncSteps(client: RawClient): number[] {
	return syncMessages(client).map((message) => message.step);
}

function storedText(): string {
	const stored = new Y.Doc();
	for (const row of h.store.memory.rowsOf(DOC)) Y.applyUpdate(stored, row.data);
	return stored.getText('text').toString();
}

describe('a sync step 1 answered from the stored rows while the document loads', () => {
	it.each(['one', 'several'] as const)(
		'gives a fresh client exactly the stored document (%s row), then what the load changed',
		async (rows) => {
			const held = heldMigration();
			const { stored } = await setup(held.migrator, rows);
			const alice = h.connect(DOC, { token: 'alice' });
			await alice.opened;
			alice.sendStep1();
			// The live document is not ready (its migration waits), yet the whole text arrived.
			await vi.waitFor(() => expect(alice.text()).toBe('hello world!'));
			expect(syncSteps(alice)).toEqual([SyncStep.Step2]);
			expect(Y.encodeStateVector(alice.doc)).toEqual(Y.encodeStateVector(stored));
			held.release();
			await vi.waitFor(() => expect(alice.text()).toBe('migrated hello world!'));
			// Then a session like any other: edits are stored and acked.
			alice.edit((doc) => doc.getText('text').insert(alice.text().length, '?'));
			alice.sendSaveRequest(1);
			await vi.waitFor(() => expect(alice.saved).toEqual([1]));
			expect(storedText()).toBe('migrated hello world!?');
			expect(held.planned()).toBe(1);
		}
	);

	it('gives a client holding part of the document only the diff', async () => {
		const held = heldMigration();
		const { base } = await setup(held.migrator, 'one');
		const alice = h.connect(DOC, { token: 'alice' });
		// Its local copy: the document before the `!`.
		Y.applyUpdate(alice.doc, base);
		await alice.opened;
		alice.sendStep1();
		await vi.waitFor(() => expect(alice.text()).toBe('hello world!'));
		const [answer] = syncMessages(alice);
		expect(answer!.step).toBe(SyncStep.Step2);
		// Only the missing struct travelled, not the text it already had.
		const { structs } = Y.decodeUpdate(answer!.payload);
		expect(structs.map((struct) => struct.length)).toEqual([1]);
		held.release();
		await vi.waitFor(() => expect(alice.text()).toBe('migrated hello world!'));
	});

	it('loses no write sent while the document is being built', async () => {
		const held = heldMigration();
		await setup(held.migrator, 'one');
		const alice = h.connect(DOC, { token: 'alice' });
		await alice.opened;
		alice.sendStep1();
		await vi.waitFor(() => expect(alice.text()).toBe('hello world!'));
		// Typed on the stored state before the server's document exists.
		alice.edit((doc) => doc.getText('text').insert(0, '> '));
		alice.sendSaveRequest(3);
		const bob = h.connect(DOC, { token: 'bob' });
		await bob.opened;
		bob.sendStep1();
		await vi.waitFor(() => expect(bob.text()).toBe('hello world!'));
		expect(alice.saved).toEqual([]);
		held.release();
		await vi.waitFor(() => expect(alice.saved).toEqual([3]));
		await vi.waitFor(() => expect(bob.text()).toBe(alice.text()));
		// Both inserts at position 0 are concurrent: Yjs orders them by client id.
		expect(['migrated > hello world!', '> migrated hello world!']).toContain(alice.text());
		expect(storedText()).toBe(alice.text());
	});

	it('sends nothing more when the load changed nothing', async () => {
		await setup({ plan: async () => null }, 'one');
		const alice = h.connect(DOC, { token: 'alice' });
		await alice.opened;
		alice.sendStep1();
		alice.sendSaveRequest(7);
		await vi.waitFor(() => expect(alice.saved).toEqual([7]));
		expect(alice.text()).toBe('hello world!');
		// One step 2 (the stored answer or the live one), the server's step 1, no extra update.
		expect(syncSteps(alice).filter((step) => step === SyncStep.Update)).toEqual([]);
		expect(syncSteps(alice).filter((step) => step === SyncStep.Step2)).toHaveLength(1);
	});

	it('never answers a refused client from the store', async () => {
		await setup({ plan: async () => null }, 'one');
		const stranger = h.connect(DOC, { token: 'nobody' });
		await stranger.opened.catch(() => {});
		stranger.sendStep1();
		await stranger.closed;
		expect(syncSteps(stranger)).toEqual([]);
		expect(stranger.types.every((type) => type === MessageType.Error)).toBe(true);
	});
});

describe('a large stored document (built in slices)', () => {
	/** Stored as one compacted row larger than SLICE_FROM_BYTES. */
	async function setupLarge(): Promise<string> {
		h = await startHarness();
		h.auth.addUser('alice', ALICE);
		h.auth.grant(ALICE.id, DOC, 'edit');
		const doc = new Y.Doc();
		const text = 'Le protocole du Labo. '.repeat(Math.ceil((2 * SLICE_FROM_BYTES) / 22));
		doc.getText('text').insert(0, text);
		await h.store.memory.compact(DOC, Y.encodeStateAsUpdate(doc), []);
		return text;
	}
	const built = () => h.logger.entries.some((entry) => entry.event === 'collab.document_loaded');

	it('is built once its client sends more than its first request, not while it only reads', async () => {
		const text = await setupLarge();
		const alice = h.connect(DOC, { token: 'alice' });
		await alice.opened;
		alice.sendStep1();
		await vi.waitFor(() => expect(alice.text()).toBe(text));
		// The whole document came from the stored bytes; the server has not built its own yet.
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(built()).toBe(false);
		alice.edit((doc) => doc.getText('text').insert(0, '> '));
		alice.sendSaveRequest(1);
		await vi.waitFor(() => expect(alice.saved).toEqual([1]));
		expect(built()).toBe(true);
		expect(storedText()).toBe(`> ${text}`);
		expect(syncSteps(alice).filter((step) => step === SyncStep.Step2)).toHaveLength(1);
	});

	it('is built anyway after MAX_BUILD_DEFERRAL_MS when its client sends nothing more', async () => {
		const text = await setupLarge();
		const alice = h.connect(DOC, { token: 'alice' });
		await alice.opened;
		const asked = Date.now();
		alice.sendStep1();
		await vi.waitFor(() => expect(alice.text()).toBe(text));
		await vi.waitFor(() => expect(built()).toBe(true), { timeout: MAX_BUILD_DEFERRAL_MS + 3000 });
		expect(Date.now() - asked).toBeGreaterThanOrEqual(MAX_BUILD_DEFERRAL_MS - 20);
	});

	it('is built at once when its client sent more than its request before the answer', async () => {
		await setupLarge();
		const alice = h.connect(DOC, { token: 'alice' });
		await alice.opened;
		// Asking for the others' presence: the live document answers it.
		alice.send(new Uint8Array([MessageType.QueryAwareness]));
		alice.sendStep1();
		await vi.waitFor(() => expect(built()).toBe(true), { timeout: MAX_BUILD_DEFERRAL_MS / 2 });
	});

	it('does not hold a shutdown back: the waiting build goes ahead', async () => {
		const text = await setupLarge();
		const alice = h.connect(DOC, { token: 'alice' });
		await alice.opened;
		alice.sendStep1();
		await vi.waitFor(() => expect(alice.text()).toBe(text));
		const closing = Date.now();
		await h.collab.close();
		expect(built()).toBe(true);
		expect(Date.now() - closing).toBeLessThan(MAX_BUILD_DEFERRAL_MS / 2);
	});

	it("waits with the client's own presence, then delivers it", async () => {
		const text = await setupLarge();
		const alice = h.connect(DOC, { token: 'alice' });
		await alice.opened;
		alice.sendStep1();
		alice.sendAwareness([{ clientId: 1001, clock: 1, state: { user: { name: 'Alice' } } }]);
		await vi.waitFor(() => expect(alice.text()).toBe(text));
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(built()).toBe(false);
		const bob = h.connect(DOC, { token: 'alice' });
		await bob.opened;
		bob.sendStep1();
		await vi.waitFor(() => expect(built()).toBe(true), { timeout: MAX_BUILD_DEFERRAL_MS + 3000 });
		bob.send(new Uint8Array([MessageType.QueryAwareness]));
		await vi.waitFor(() =>
			expect(bob.awareness.flat().map((entry) => entry.clientId)).toContain(1001)
		);
	});
});

describe('StoredSnapshot', () => {
	it('encodes one answer per state vector, shared by every client holding that state', () => {
		const { doc, base } = storedDocument();
		const snapshot = StoredSnapshot.of([{ data: Y.encodeStateAsUpdate(doc) }])!;
		const partial = Y.encodeStateVectorFromUpdate(base);
		const first = snapshot.answer(partial);
		expect(snapshot.answer(Uint8Array.from(partial))).toBe(first);
		expect(snapshot.answer(new Uint8Array([0]))).not.toBe(first);
	});

	it('answers nothing it cannot compute from the bytes (the live document answers)', () => {
		const snapshot = StoredSnapshot.of([
			{ data: new Uint8Array([1, 2, 3]) },
			{ data: new Uint8Array([9]) }
		])!;
		expect(snapshot.answer(new Uint8Array([0]))).toBeNull();
		expect(StoredSnapshot.of([])).toBeNull();
	});

	it('says when the answers sent so far are written out, never waiting long for a slow client', async () => {
		const snapshot = StoredSnapshot.of([{ data: Y.encodeStateAsUpdate(storedDocument().doc) }])!;
		await snapshot.whenSent();
		let written!: () => void;
		snapshot.sending(new Promise<void>((resolve) => (written = resolve)));
		let done = false;
		const sent = snapshot.whenSent().then(() => (done = true));
		await new Promise((resolve) => setTimeout(resolve, 10));
		expect(done).toBe(false);
		written();
		await sent;
		// A send that never completes holds the build back 100 ms at most.
		snapshot.sending(new Promise<void>(() => {}));
		const start = performance.now();
		await snapshot.whenSent();
		expect(performance.now() - start).toBeLessThan(1000);
	});
});
