/**
 * The early sync request against the real collaboration server and a stock `WebsocketProvider`:
 * the document is transferred once, whether its answer arrived before the provider adopted the
 * socket or is still on its way, and the provider ends in sync with nothing lost.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { COLLAB_PATH, SCHEMA_VERSION_PARAM } from './protocol';
import { EDITOR_SCHEMA_VERSION } from '$lib/editor/schema-version';
import { startHarness, type Harness } from '../../../server/testing/harness';
import { EarlySocket, openEarly, type SocketLike } from './early-socket';
import { emptySyncRequest } from './early-open';

const DOC = 'doc000000000001';
const ALICE = { id: 'alice0000000001', name: 'Alice' };
/** Large enough that a second full answer could not hide among the small frames. */
const TEXT = 'Le protocole du Labo. '.repeat(10_000);

let h: Harness;
afterEach(async () => {
	await h.stop();
});

async function storedDocument(): Promise<void> {
	h = await startHarness();
	h.auth.addUser('alice', ALICE);
	h.auth.grant(ALICE.id, DOC, 'edit');
	const doc = new Y.Doc();
	doc.getText('text').insert(0, TEXT);
	await h.store.memory.compact(DOC, Y.encodeStateAsUpdate(doc), []);
}

/**
 * An early socket as the session opens it, and the sizes of frames received. `noLocalCopy`: true
 * asks for the document on the socket; false never asks (a local copy, or the state fetched).
 */
function openEarlySocket(url: string, noLocalCopy = true) {
	const received: number[] = [];
	const opening = openEarly(
		url,
		(target) => {
			const ws = new WebSocket(target, { headers: { authorization: 'Bearer alice' } });
			ws.on('error', () => {});
			ws.on('message', (data: Buffer) => received.push(data.byteLength));
			return ws as unknown as SocketLike;
		},
		emptySyncRequest(),
		Promise.resolve(noLocalCopy)
	);
	return { early: new EarlySocket(url, opening), opening: opening!, received };
}

/** A provider whose sockets are the early one (as CollabSession's `adoptingSocket`). */
function adoptingProvider(early: EarlySocket<SocketLike>, doc: Y.Doc): WebsocketProvider {
	const Adopting = function (url: string) {
		const socket = early.take(url);
		if (!socket) throw new Error('the early socket was not adopted');
		return socket;
	} as unknown as typeof globalThis.WebSocket;
	return new WebsocketProvider(`ws://127.0.0.1:${h.port}${COLLAB_PATH}`, DOC, doc, {
		connect: false,
		disableBc: true,
		params: { [SCHEMA_VERSION_PARAM]: String(EDITOR_SCHEMA_VERSION) },
		WebSocketPolyfill: Adopting
	});
}

describe('the first sync request sent by the early socket', () => {
	it.each([
		['already received', true],
		['still on its way', false]
	])('transfers the document once when its answer is %s at the adoption', async (_, wait) => {
		await storedDocument();
		// Reading the stored rows takes a while: the answer cannot have come before the adoption.
		if (!wait) h.store.loadDelayMs = 300;
		const { early, opening, received } = openEarlySocket(h.url(DOC));
		await vi.waitFor(() => expect(opening.sent).not.toBeNull());
		const large = () => received.filter((size) => size > TEXT.length).length;
		if (wait) await vi.waitFor(() => expect(large()).toBe(1));
		else expect(large()).toBe(0);
		const doc = new Y.Doc();
		const provider = adoptingProvider(early, doc);
		provider.connect();
		early.handOver(provider.ws);
		await vi.waitFor(() => expect(provider.synced).toBe(true));
		expect(doc.getText('text').toString()).toBe(TEXT);

		// An edit made afterwards reaches another client: the socket works as any other.
		doc.getText('text').insert(0, 'Bonjour. ');
		const other = h.connect(DOC, { token: 'alice' });
		await other.opened;
		other.sendStep1();
		await vi.waitFor(() => expect(other.text()).toBe(`Bonjour. ${TEXT}`));
		expect(large()).toBe(1);
		provider.destroy();
	});
});

describe("the document's state fetched over HTTP (no local copy marked)", () => {
	it('transfers the document once: the socket only brings what changed since', async () => {
		await storedDocument();
		// The page's script: the state over HTTP, the socket opened without asking.
		const response = await fetch(h.url(DOC).replace(/^ws:/, 'http:'), {
			headers: { authorization: 'Bearer alice' }
		});
		expect(response.status).toBe(200);
		const state = new Uint8Array(await response.arrayBuffer());
		// What the script does when it fetched: it never asks on the socket.
		const { early, opening, received } = openEarlySocket(h.url(DOC), false);
		// Someone else edits meanwhile: the socket must bring that, and only that.
		h.auth.grant(ALICE.id, DOC, 'edit');
		const other = h.connect(DOC, { token: 'alice' });
		await other.opened;
		other.sendStep1();
		await vi.waitFor(() => expect(other.text()).toBe(TEXT));
		other.edit((doc) => doc.getText('text').insert(0, 'Entre-temps. '));

		// The session: the state applied as the server's, then the provider connects.
		const doc = new Y.Doc();
		const provider = adoptingProvider(early, doc);
		Y.applyUpdate(doc, state, provider);
		provider.connect();
		early.handOver(provider.ws);
		await vi.waitFor(() => expect(provider.synced).toBe(true));
		await vi.waitFor(() => expect(doc.getText('text').toString()).toBe(`Entre-temps. ${TEXT}`));
		expect(opening.sent).toBeNull();
		expect(received.filter((size) => size > TEXT.length)).toEqual([]);

		// An edit made afterwards reaches the other client: the socket works as any other.
		doc.getText('text').insert(0, 'Bonjour. ');
		await vi.waitFor(() => expect(other.text()).toBe(`Bonjour. Entre-temps. ${TEXT}`));
		provider.destroy();
	});
});
