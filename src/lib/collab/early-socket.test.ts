import { afterEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { EarlySocket, type SocketLike } from './early-socket';

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
		socket.on('message', (data) => received.push(String(data)));
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
		const early = new EarlySocket(server.url, open);
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
		const early = new EarlySocket(server.url, open);
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
		const early = new EarlySocket(server.url, open);
		expect(early.take(`${server.url}-other`)).toBeNull();
		const socket = early.take(server.url);
		expect(socket).not.toBeNull();
		expect(early.take(server.url)).toBeNull();
		early.handOver(socket);
		await until(() => socket!.readyState === socket!.OPEN); // handed over: kept open
		socket?.close();

		let opened: SocketLike | null = null;
		const unused = new EarlySocket(server.url, (url) => (opened = open(url)));
		await until(() => opened?.readyState === opened?.OPEN);
		unused.discard();
		expect(unused.take(server.url)).toBeNull();
		await until(() => opened !== null && opened.readyState > opened.OPEN);
	});

	it('is not handed out once closed: the caller opens its own socket', async () => {
		const server = await greetingServer();
		await server.close(); // nothing listens there any more: the connection is refused
		let opened: SocketLike | null = null;
		const early = new EarlySocket(server.url, (url) => (opened = open(url)));
		await until(() => opened !== null && opened.readyState > opened.OPEN);
		expect(early.take(server.url)).toBeNull();
	});
});
