/**
 * A socket that reaches the server while it is still setting up its collaboration server (after
 * a restart every client retries at once) waits for it and is served, instead of getting the
 * HTTP handler's answer (a failed handshake, then a reconnect backoff).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import {
	createCollabFixture,
	connectCollabClient,
	type CollabFixture
} from '../support/collab-client';
import { startTrameServer, type TrameServer } from '../../server/index';
import { createMemoryLogger } from '../../server/log';

let pb: TestPocketBase;
let fixture: CollabFixture;
let documentId: string;
let proxy: Server;
let server: TrameServer | null = null;
/** Requests to PocketBase wait while this is set (the server's setup is held). */
let held: Promise<void> | null = null;
let proxied = 0;

/** Forwards to PocketBase, holding every request while `held` is set. */
function startHoldingProxy(target: string): Promise<number> {
	proxy = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', async () => {
			proxied++;
			await held;
			const headers = Object.fromEntries(
				Object.entries(req.headers).filter(
					(entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host'
				)
			);
			const response = await fetch(`${target}${req.url}`, {
				method: req.method,
				headers,
				body: chunks.length > 0 ? Buffer.concat(chunks) : undefined
			});
			res.writeHead(response.status, {
				'content-type': response.headers.get('content-type') ?? ''
			});
			res.end(Buffer.from(await response.arrayBuffer()));
		});
	});
	return new Promise((resolve) =>
		proxy.listen(0, '127.0.0.1', () => resolve((proxy.address() as AddressInfo).port))
	);
}

function freePort(): Promise<number> {
	const probe = createServer();
	return new Promise((resolve) =>
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as AddressInfo;
			probe.close(() => resolve(port));
		})
	);
}

beforeAll(async () => {
	pb = await startTestPocketBase();
	fixture = await createCollabFixture(pb, 'startup');
	documentId = await fixture.newDocument();
});

afterAll(async () => {
	await server?.close();
	proxy?.close();
	await pb?.stop();
});

describe('server start', () => {
	it('serves a socket that arrived before the collaboration server was set up', async () => {
		const proxyPort = await startHoldingProxy(pb.url);
		let release!: () => void;
		held = new Promise((resolve) => (release = resolve));
		const port = await freePort();
		const starting = startTrameServer({
			port,
			origin: 'http://trame.test',
			pbUrl: `http://127.0.0.1:${proxyPort}`,
			superuser: pb.superuser,
			logger: createMemoryLogger(),
			buildDir: '/nonexistent'
		});
		// Listening (it listens before setting up), its superuser sign-in held: the collaboration
		// server is not set up yet.
		await vi.waitFor(() => expect(proxied).toBeGreaterThan(0));
		const client = connectCollabClient({
			wsUrl: `ws://127.0.0.1:${port}`,
			documentId,
			token: fixture.alice.token
		});
		let opens = 0;
		client.provider.on('status', ({ status }: { status: string }) => {
			if (status === 'connected') opens++;
		});
		await new Promise((resolve) => setTimeout(resolve, 200));
		release();
		held = null;
		server = await starting;
		await client.synced();
		// Its first socket was the one served: no failed handshake, no backoff.
		expect(opens).toBe(1);
		expect(client.closeCodes).toEqual([]);
		client.destroy();
	});
});
