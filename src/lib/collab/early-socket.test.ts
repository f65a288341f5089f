import { afterEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { MessageType } from './protocol';
import { emptySyncRequest } from './early-open';
import { EarlySocket, openEarly, type EarlyOpening, type SocketLike } from './early-socket';
import {
	EARLY_OPEN_GLOBAL,
	EARLY_OPEN_SCRIPT,
	LOCAL_COPY_MARKER_PREFIX
} from './early-open-script.js';

/** A real server on 127.0.0.1 that greets every connection with two frames and records the rest. */
async function greetingServer() {
	const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
	await new Promise<void>((resolve) => server.once('listening', () => resolve()));
	const received: string[] = [];
	let connections = 0;
	server.on('connection', (socket) => {
		connections++;
		socket.send(Buffer.from('hello-1'));
		socket.send(Buffer.from('hello-2'));
		socket.on('message', (data: Buffer) => received.push(name(data)));
	});
	const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/doc`;
	return {
		url,
		received,
		connections: () => connections,
		close: () =>
			new Promise<void>((resolve) => {
				for (const client of server.clients) client.terminate();
				server.close(() => resolve());
			})
	};
}

/** Node's `ws` throws on an unheard 'error' event (browsers do not): listen, as browsers' do. */
const open = (url: string) => {
	const socket = new WebSocket(url);
	socket.on('error', () => {});
	return socket as unknown as SocketLike;
};
const text = (event: MessageEvent) => Buffer.from(event.data as ArrayBuffer).toString();
const bytes = (value: string) => new Uint8Array(Buffer.from(value));
/** The request of a client holding nothing, and the sync step 1 of a provider holding a text. */
const request = emptySyncRequest();
const providerStep1 = (() => {
	const doc = new Y.Doc();
	doc.getText('text').insert(0, 'local');
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.Sync);
	syncProtocol.writeSyncStep1(encoder, doc);
	return encoding.toUint8Array(encoder);
})();
/** How the test server names what it received. */
function name(data: Uint8Array): string {
	const bytes = Buffer.from(data);
	if (bytes.equals(Buffer.from(request))) return 'request';
	if (bytes.equals(Buffer.from(providerStep1))) return 'step1';
	return bytes.toString();
}
/** An early socket to `url` (`request` sent once open if `noLocalCopy` says so). */
const earlySocket = (url: string, opener = open, noLocalCopy = Promise.resolve(false)) =>
	new EarlySocket(url, openEarly(url, opener, request, noLocalCopy));
const until = async (check: () => boolean) => {
	for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
	expect(check()).toBe(true);
};

describe('EarlySocket', () => {
	let stop: (() => Promise<void>) | null = null;
	afterEach(async () => {
		await stop?.();
		stop = null;
	});

	it('hands an open socket over: the missed open first, then the kept frames in order', async () => {
		const server = await greetingServer();
		stop = server.close;
		const early = earlySocket(server.url);
		const raw = early.take(server.url);
		expect(raw).not.toBeNull();
		const socket = raw!;
		const seen: string[] = [];
		// Frames arrive before anyone listens through onmessage; they must not be lost.
		await until(() => socket.readyState === socket.OPEN);
		await new Promise((r) => setTimeout(r, 50));
		socket.onopen = () => seen.push('open');
		socket.onmessage = (event) => seen.push(text(event));
		early.handOver(socket);
		expect(seen).toEqual(['open', 'hello-1', 'hello-2']);
		expect(server.connections()).toBe(1);
		socket.close();
	});

	it('lets a still-connecting socket open by itself, without replaying anything twice', async () => {
		const server = await greetingServer();
		stop = server.close;
		const early = earlySocket(server.url);
		const socket = early.take(server.url)!;
		const seen: string[] = [];
		socket.onopen = () => seen.push('open');
		socket.onmessage = (event) => seen.push(text(event));
		early.handOver(socket);
		await until(() => seen.length === 3);
		expect(seen).toEqual(['open', 'hello-1', 'hello-2']);
		socket.close();
	});

	it('is taken once, for its own URL only, and closed when not taken', async () => {
		const server = await greetingServer();
		stop = server.close;
		const early = earlySocket(server.url);
		expect(early.take(`${server.url}-other`)).toBeNull();
		const socket = early.take(server.url);
		expect(socket).not.toBeNull();
		expect(early.take(server.url)).toBeNull();
		early.handOver(socket);
		await until(() => socket!.readyState === socket!.OPEN); // handed over: kept open
		socket?.close();

		let opened: SocketLike | null = null;
		const unused = earlySocket(server.url, (url) => (opened = open(url)));
		await until(() => opened?.readyState === opened?.OPEN);
		unused.discard();
		expect(unused.take(server.url)).toBeNull();
		await until(() => opened !== null && opened.readyState > opened.OPEN);
	});

	it('is not handed out once closed: the caller opens its own socket', async () => {
		const server = await greetingServer();
		await server.close(); // nothing listens there any more: the connection is refused
		let opened: SocketLike | null = null;
		const early = earlySocket(server.url, (url) => (opened = open(url)));
		await until(() => opened !== null && opened.readyState > opened.OPEN);
		expect(early.take(server.url)).toBeNull();
	});

	it('asks at once without a local copy; the adopter does not ask again', async () => {
		const server = await greetingServer();
		stop = server.close;
		const early = earlySocket(server.url, open, Promise.resolve(true));
		const socket = early.take(server.url)!;
		await until(() => server.received.length === 1);
		await new Promise((r) => setTimeout(r, 50));
		const seen: string[] = [];
		socket.onopen = () => {
			seen.push('open');
			socket.send(providerStep1); // the provider's own sync step 1: already asked
			socket.send(bytes('presence'));
		};
		socket.onmessage = (event) => seen.push(text(event));
		early.handOver(socket);
		socket.send(providerStep1); // afterwards the socket sends everything again
		await until(() => server.received.length === 3);
		expect(server.received).toEqual(['request', 'presence', 'step1']);
		expect(seen).toEqual(['open', 'hello-1', 'hello-2']);
		socket.close();
	});

	it('does not ask with a local copy: the adopter asks, with its state vector', async () => {
		const server = await greetingServer();
		stop = server.close;
		const early = earlySocket(server.url, open, Promise.resolve(false));
		const socket = early.take(server.url)!;
		await until(() => socket.readyState === socket.OPEN);
		await new Promise((r) => setTimeout(r, 50));
		expect(server.received).toEqual([]);
		socket.onopen = () => socket.send(providerStep1);
		early.handOver(socket);
		await until(() => server.received.length === 1);
		expect(server.received).toEqual(['step1']);
		socket.close();
	});

	it('asks when the local check answers after the socket opened', async () => {
		const server = await greetingServer();
		stop = server.close;
		let answer!: (missing: boolean) => void;
		const checked = new Promise<boolean>((resolve) => (answer = resolve));
		const early = earlySocket(server.url, open, checked);
		const socket = early.take(server.url)!;
		await until(() => socket.readyState === socket.OPEN);
		expect(server.received).toEqual([]);
		answer(true);
		await until(() => server.received.length === 1);
		expect(server.received).toEqual(['request']);
		early.handOver(socket);
		socket.close();
	});

	it('never asks once adopted while still connecting: the adopter asks on open', async () => {
		const server = await greetingServer();
		stop = server.close;
		const early = earlySocket(server.url, open, Promise.resolve(true));
		const socket = early.take(server.url)!;
		expect(socket.readyState).not.toBe(socket.OPEN);
		socket.onopen = () => socket.send(providerStep1);
		early.handOver(socket);
		await until(() => server.received.length === 1);
		await new Promise((r) => setTimeout(r, 50));
		expect(server.received).toEqual(['step1']);
		socket.close();
	});
});

/** ws' WebSocket as the page's script constructs it, listening to errors as browsers' do. */
class PageWebSocket extends WebSocket {
	constructor(url: string) {
		super(url);
		this.on('error', () => {});
	}
}

/** A page's localStorage (a Map behind the Storage methods the script uses). */
function pageStorage(entries: Record<string, string> = {}) {
	const items = new Map(Object.entries(entries));
	return {
		items,
		getItem: (key: string) => items.get(key) ?? null,
		setItem: (key: string, value: string) => void items.set(key, value),
		removeItem: (key: string) => void items.delete(key)
	};
}

/** The marker of the test document's local copy (early-open-script.js). */
const MARKER = `${LOCAL_COPY_MARKER_PREFIX}trame-document-doc000000000001`;

/**
 * Runs the page's inline script with the given data attributes, local databases, localStorage
 * (by default one saying the browser may hold the copy: nothing fetched) and fetch (recorded).
 */
function runPageScript(
	dataset: Record<string, string>,
	databases: () => Promise<{ name: string }[]>,
	storage = pageStorage({ [MARKER]: '1' }),
	fetchState: (
		path: string
	) => Promise<{ status: number; arrayBuffer(): Promise<ArrayBuffer> }> = () =>
		Promise.reject(new Error('not expected'))
) {
	const scope: Record<string, unknown> = {};
	const marks: string[] = [];
	const fetched: string[] = [];
	const run = new Function(
		'document',
		'location',
		'WebSocket',
		'indexedDB',
		'performance',
		'window',
		'localStorage',
		'fetch',
		EARLY_OPEN_SCRIPT
	) as (...globals: unknown[]) => void;
	const host = new URL(dataset.url ?? 'ws://127.0.0.1').host;
	run(
		{ currentScript: { dataset } },
		{ protocol: 'http:', host },
		PageWebSocket,
		{ databases },
		{ mark: (name: string) => marks.push(name) },
		scope,
		storage,
		(path: string) => {
			fetched.push(path);
			return fetchState(path);
		}
	);
	return {
		scope,
		marks,
		fetched,
		storage,
		opening: scope[EARLY_OPEN_GLOBAL] as EarlyOpening<SocketLike> | undefined
	};
}

describe("the document page's inline script", () => {
	let stop: (() => Promise<void>) | null = null;
	afterEach(async () => {
		await stop?.();
		stop = null;
	});

	const data = (url: string) => ({
		url,
		path: new URL(url).pathname,
		local: 'trame-document-doc000000000001',
		request: request.join(',')
	});

	it('opens the socket, asks without a local copy and leaves it for the session', async () => {
		const server = await greetingServer();
		stop = server.close;
		const { scope, marks, opening } = runPageScript(data(server.url), async () => [
			{ name: 'trame-document-other' }
		]);
		expect(marks).toEqual(['trame:socket']);
		expect(opening?.url).toBe(server.url);
		expect(await opening!.noLocalCopy).toBe(true);
		await until(() => server.received.length === 1);
		expect(server.received).toEqual(['request']);

		const early = EarlySocket.fromPage(server.url, scope, EARLY_OPEN_GLOBAL)!;
		expect(scope[EARLY_OPEN_GLOBAL]).toBeUndefined(); // taken once
		const socket = early.take(server.url)!;
		await until(() => opening!.frames.length === 2);
		const seen: string[] = [];
		socket.onopen = () => socket.send(providerStep1);
		socket.onmessage = (event) => seen.push(text(event));
		early.handOver(socket);
		expect(seen).toEqual(['hello-1', 'hello-2']);
		await new Promise((r) => setTimeout(r, 50));
		expect(server.received).toEqual(['request']);
		socket.close();
	});

	it('does not ask when the browser holds a local copy, or cannot tell', async () => {
		const server = await greetingServer();
		stop = server.close;
		const held = runPageScript(data(server.url), async () => [
			{ name: 'trame-document-doc000000000001' }
		]);
		const unsure = runPageScript(data(server.url), () => Promise.reject(new Error('no')));
		expect(await held.opening!.noLocalCopy).toBe(false);
		expect(await unsure.opening!.noLocalCopy).toBe(false);
		await until(() => server.connections() === 2);
		await new Promise((r) => setTimeout(r, 50));
		expect(server.received).toEqual([]);
		held.opening!.socket.close();
		unsure.opening!.socket.close();
	});

	it('fetches the state over HTTP instead of asking on the socket when no copy is marked', async () => {
		const server = await greetingServer();
		stop = server.close;
		const state = new Uint8Array([1, 2, 3]).buffer;
		const { opening, fetched, storage } = runPageScript(
			data(server.url),
			async () => [],
			pageStorage(),
			async () => ({ status: 200, arrayBuffer: async () => state })
		);
		// The socket's own URL, as HTTP (same path and query: the same admission).
		expect(fetched).toEqual([new URL(server.url).pathname]);
		expect(await opening!.state).toBe(state);
		expect(await opening!.noLocalCopy).toBe(true);
		await until(() => server.connections() === 1);
		await new Promise((r) => setTimeout(r, 50));
		// Nothing asked on the socket: the provider asks with the fetched state's vector.
		expect(server.received).toEqual([]);
		expect(opening!.sent).toBeNull();
		expect(storage.items.has(MARKER)).toBe(false);
		opening!.socket.close();
	});

	it('hands over no state when the server refuses it, and keeps the marker true to IndexedDB', async () => {
		const server = await greetingServer();
		stop = server.close;
		const refused = runPageScript(
			data(server.url),
			async () => [],
			pageStorage(),
			async () => ({
				status: 401,
				arrayBuffer: async () => new ArrayBuffer(0)
			})
		);
		const failed = runPageScript(
			data(server.url),
			async () => [{ name: 'trame-document-doc000000000001' }],
			pageStorage(),
			() => Promise.reject(new Error('offline'))
		);
		expect(await refused.opening!.state).toBeNull();
		expect(await failed.opening!.state).toBeNull();
		expect(await failed.opening!.noLocalCopy).toBe(false);
		// A copy found without its marker gets one: the next open does not fetch.
		expect(failed.storage.items.get(MARKER)).toBe('1');
		const marked = runPageScript(data(server.url), async () => []);
		expect(marked.fetched).toEqual([]);
		expect(marked.opening!.state).toBeNull();
		for (const run of [refused, failed, marked]) run.opening!.socket.close();
	});

	it("closes an opening for another document's URL", async () => {
		const server = await greetingServer();
		stop = server.close;
		const { scope, opening } = runPageScript(data(server.url), async () => []);
		expect(EarlySocket.fromPage(`${server.url}-other`, scope, EARLY_OPEN_GLOBAL)).toBeNull();
		await until(() => opening!.socket.readyState > opening!.socket.OPEN);
		expect(EarlySocket.fromPage(server.url, scope, EARLY_OPEN_GLOBAL)).toBeNull();
	});

	it('does nothing without its data attributes', () => {
		expect(runPageScript({}, async () => []).opening).toBeUndefined();
	});
});
