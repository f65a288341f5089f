/**
 * The collaboration relay between instances, on an in-process bus network: two or three
 * "instances" (a CollabDocument + ClusterRelay each) over one shared store, like a cluster over
 * one PocketBase. Integration tests (tests/integration/cluster-*.test.ts) run the same on Redis,
 * HAProxy and real processes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { decodeAwarenessUpdate } from './awareness-guard';
import { CollabDocument, type DocumentPeer } from './document';
import { ClusterRelay } from './relay';
import { MessageType } from '../../src/lib/collab/protocol';
import { MemoryBusNetwork, type MemoryBus } from '../cluster/memory-bus';
import { ControlledStore } from '../testing/fakes';
import { MemoryStore } from '../storage/memory-store';
import { silentLogger } from '../log';
import { SyncStep } from './wire';
import { within } from '../testing/within';
import { testDocumentOptions } from '../testing/document-options';

const DOC = 'relaydoc0000001';

interface Instance {
	bus: MemoryBus;
	store: ControlledStore;
	relay: ClusterRelay;
	document: CollabDocument;
}

interface Peer extends DocumentPeer {
	doc: Y.Doc;
	received: Uint8Array[];
	presence: Map<number, unknown>;
}

let network: MemoryBusNetwork;
let memory: MemoryStore;
const opened: Instance[] = [];

afterEach(() => {
	for (const instance of opened.splice(0)) instance.document.destroy();
});

function setup() {
	network = new MemoryBusNetwork();
	memory = new MemoryStore();
}

async function instance(name: string, timeoutMs = 300): Promise<Instance> {
	const bus = network.bus(name);
	const store = new ControlledStore(memory);
	const relay = new ClusterRelay({ bus, logger: silentLogger, remoteDurableTimeoutMs: timeoutMs });
	const document = await CollabDocument.load(
		DOC,
		testDocumentOptions({ store, storageGiveUpAfterMs: 60_000 })
	);
	relay.attach(document);
	const result = { bus, store, relay, document };
	opened.push(result);
	await network.settle();
	return result;
}

let peerKeys = 0;

/** A client of one instance: applies what the server sends it, like a y-websocket client. */
function peer(instance: Instance, userId = 'alice'): Peer {
	const key = ++peerKeys;
	const doc = new Y.Doc();
	const received: Uint8Array[] = [];
	const presence = new Map<number, unknown>();
	const p: Peer = {
		key,
		identity: { id: userId, name: userId, color: '#000000' },
		userId,
		requiredSeq: 0,
		remoteBarrier: null,
		doc,
		received,
		presence,
		send(message) {
			received.push(message);
			const decoder = decoding.createDecoder(message);
			const type = decoding.readVarUint(decoder);
			if (type === MessageType.Sync) {
				const step = decoding.readVarUint(decoder);
				if (step !== SyncStep.Step1)
					Y.applyUpdate(doc, decoding.readVarUint8Array(decoder), 'server');
			} else if (type === MessageType.Awareness) {
				for (const entry of decodeAwarenessUpdate(decoding.readVarUint8Array(decoder)))
					presence.set(entry.clientId, entry.state);
			}
		},
		closeWith() {}
	};
	instance.document.addPeer(p);
	// Its first sync: what the instance has.
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(instance.document.ydoc), 'server');
	return p;
}

/** The peer types; the instance applies it as this client's update. */
function type(instance: Instance, p: Peer, text: string): Uint8Array {
	let update: Uint8Array | null = null;
	const capture = (u: Uint8Array, origin: unknown) => {
		if (origin !== 'server') update = update ? Y.mergeUpdates([update, u]) : u;
	};
	p.doc.on('update', capture);
	p.doc.getText('text').insert(p.doc.getText('text').length, text);
	p.doc.off('update', capture);
	expect(instance.document.applyClientUpdate(update!, p)).toBe('applied');
	return update!;
}

function storedText(): Promise<string> {
	return memory.load(DOC).then((rows) => {
		const doc = new Y.Doc();
		for (const row of rows) Y.applyUpdate(doc, row.data);
		return doc.getText('text').toString();
	});
}

const text = (p: Peer) => p.doc.getText('text').toString();

async function settle(instances: Instance[]): Promise<void> {
	await network.settle();
	await Promise.all(instances.map((i) => i.document.queue.flush()));
	await network.settle();
}

describe('collaboration relay between instances', () => {
	it('relays a client update to the other instance, stores it once and never echoes it', async () => {
		setup();
		const a = await instance('a');
		const b = await instance('b');
		const pa = peer(a);
		const pb = peer(b, 'bob');
		type(a, pa, 'Bonjour');
		await settle([a, b]);
		expect(text(pb)).toBe('Bonjour');
		expect(a.store.appends).toBe(1);
		expect(b.store.appends).toBe(0);
		// The author gets no copy of its own update back, from either instance.
		expect(pa.received).toHaveLength(0);
		type(b, pb, ' à tous');
		await settle([a, b]);
		expect(text(pa)).toBe('Bonjour à tous');
		expect(b.store.appends).toBe(1);
		expect(a.store.appends).toBe(1);
		expect(await storedText()).toBe('Bonjour à tous');
	});

	it('publishes nothing while no other instance holds the document', async () => {
		setup();
		const a = await instance('a');
		const pa = peer(a);
		const before = network.published.length;
		type(a, pa, 'seul');
		await settle([a]);
		expect(network.published.length).toBe(before);
	});

	it('brings a newcomer instance up to date with what is not stored yet', async () => {
		setup();
		const a = await instance('a');
		const pa = peer(a);
		type(a, pa, 'stocké ');
		await settle([a]);
		a.store.hold();
		type(a, pa, 'en vol');
		const b = await instance('b');
		const pb = peer(b, 'bob');
		await settle([b]);
		await within(
			(async () => {
				while (text(pb) !== 'stocké en vol') await new Promise((r) => setTimeout(r, 5));
			})(),
			2_000,
			'the newcomer to receive the unstored text'
		);
		a.store.release();
		await settle([a, b]);
		expect(b.store.appends).toBe(0);
		expect(await storedText()).toBe('stocké en vol');
	});

	it('relays presence with the authenticated identity, and forgets it when the instance leaves', async () => {
		setup();
		const a = await instance('a');
		const b = await instance('b');
		const pa = peer(a);
		const pb = peer(b, 'bob');
		const entries = a.document.guard.filter(pa, [
			{ clientId: 77, clock: 1, state: { cursor: 3, user: { name: 'Usurpateur' } } }
		]);
		const { applyAwarenessUpdate } = await import('y-protocols/awareness');
		const { encodeAwarenessUpdate } = await import('./awareness-guard');
		applyAwarenessUpdate(a.document.awareness, encodeAwarenessUpdate(entries), pa);
		await settle([a, b]);
		expect(pb.presence.get(77)).toMatchObject({ cursor: 3, user: { id: 'alice', name: 'alice' } });
		// A client of another user on b cannot take over that id.
		expect(
			b.document.guard.filter(pb, [{ clientId: 77, clock: 5, state: { cursor: 0 } }])
		).toHaveLength(0);
		a.document.destroy();
		await settle([b]);
		expect(pb.presence.get(77)).toBeNull();
	});

	it('never acknowledges a resent update before it is stored, even when its instance died', async () => {
		setup();
		const a = await instance('a', 200);
		const b = await instance('b', 200);
		const pa = peer(a);
		peer(b, 'bob');
		a.store.hold();
		const update = type(a, pa, 'jamais perdu');
		await network.settle();
		// a dies before storing it: cut off for good, its write never completes.
		a.bus.setPartitioned(true);
		// The client reconnects to b and resends it (its sync step 2): b already has it.
		const moved = peer(b, 'alice');
		expect(b.document.applyClientUpdate(update, moved)).toBe('applied');
		let acked = false;
		const ack = b.document.waitDurable(moved).then(() => (acked = true));
		await new Promise((r) => setTimeout(r, 50));
		expect(acked).toBe(false);
		await within(ack, 3_000, 'the ack after b stored the orphaned update');
		expect(b.store.appends).toBe(1);
		expect(await storedText()).toBe('jamais perdu');
	});

	it('stores nothing twice when the slow instance had stored it after all', async () => {
		setup();
		const a = await instance('a', 100);
		const b = await instance('b', 100);
		const pa = peer(a);
		peer(b, 'bob');
		type(a, pa, 'une fois');
		await network.settle();
		// Stored by a, but its confirmation is lost: b's check finds it in the store.
		a.bus.setPartitioned(true);
		await a.document.queue.flush();
		await new Promise((r) => setTimeout(r, 300));
		expect(b.store.appends).toBe(0);
		expect(a.store.appends).toBe(1);
	});

	it('converges after a partition, each side having stored its own clients', async () => {
		setup();
		const a = await instance('a');
		const b = await instance('b');
		const pa = peer(a);
		const pb = peer(b, 'bob');
		type(a, pa, 'A');
		await settle([a, b]);
		a.bus.setPartitioned(true);
		type(a, pa, '1');
		type(b, pb, '2');
		await settle([a, b]);
		expect(text(pa)).not.toBe(text(pb));
		a.bus.setPartitioned(false);
		await settle([a, b]);
		await network.settle();
		expect(text(pa)).toBe(text(pb));
		expect(text(pa)).toHaveLength(3);
		expect(a.store.appends).toBe(2);
		expect(b.store.appends).toBe(1);
		expect((await storedText()).length).toBe(3);
	});
});
