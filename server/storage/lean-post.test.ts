import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import PocketBase, { ClientResponseError } from 'pocketbase';
import { LeanPoster } from './lean-post';

interface Seen {
	path: string;
	authorization: string | undefined;
	body: unknown;
}

/** A real HTTP server on port 0 answering each request with `answer(n)` (n counts from 0). */
async function serve(answer: (n: number) => [number, unknown]): Promise<{
	url: string;
	seen: Seen[];
	server: Server;
}> {
	const seen: Seen[] = [];
	const server = createServer((request: IncomingMessage, response: ServerResponse) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			seen.push({
				path: request.url ?? '',
				authorization: request.headers.authorization,
				body: JSON.parse(Buffer.concat(chunks).toString('utf8'))
			});
			const [status, body] = answer(seen.length - 1);
			response.writeHead(status, { 'content-type': 'application/json' });
			response.end(JSON.stringify(body));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}`, seen, server };
}

describe('LeanPoster', () => {
	const closing: (() => void)[] = [];
	afterEach(() => {
		for (const close of closing.splice(0)) close();
	});

	function poster(url: string, token = 'superuser-token'): LeanPoster {
		const pb = new PocketBase(url);
		pb.autoCancellation(false);
		pb.authStore.save(token, null);
		const lean = new LeanPoster(pb, 2_000);
		closing.push(() => lean.destroy());
		return lean;
	}

	it('posts JSON with the session and returns the parsed answer, on one kept-alive connection', async () => {
		const { url, seen, server } = await serve((n) => [200, { ids: [`row${n}`] }]);
		closing.push(() => server.close());
		const connections = new Set<unknown>();
		server.on('connection', (socket) => connections.add(socket));
		const lean = poster(url);
		expect(await lean.post('/api/trame/doc-rows', { rows: [{ data: 'AA==' }] })).toEqual({
			ids: ['row0']
		});
		expect(await lean.post('/api/trame/doc-rows', { rows: [] })).toEqual({ ids: ['row1'] });
		expect(seen[0]).toEqual({
			path: '/api/trame/doc-rows',
			authorization: 'superuser-token',
			body: { rows: [{ data: 'AA==' }] }
		});
		expect(connections.size).toBe(1);
	});

	it('reports a refused row as the SDK does, without sending it again', async () => {
		const refusal = { code: 400, message: 'refused', data: { index: 1, reason: 'no document' } };
		const { url, seen, server } = await serve(() => [400, refusal]);
		closing.push(() => server.close());
		const error = await poster(url)
			.post('/api/trame/doc-rows', { rows: [] })
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ClientResponseError);
		expect((error as ClientResponseError).status).toBe(400);
		expect((error as ClientResponseError).response.data).toEqual(refusal.data);
		expect(seen).toHaveLength(1);
	});

	it('hands a refused session to the SDK path (which renews it), once', async () => {
		const { url, seen, server } = await serve((n) => (n === 0 ? [401, {}] : [200, { ids: ['a'] }]));
		closing.push(() => server.close());
		expect(await poster(url).post('/api/trame/doc-rows', { rows: [] })).toEqual({ ids: ['a'] });
		expect(seen).toHaveLength(2);
		expect(seen[1]!.authorization).toBe('superuser-token');
	});

	it('fails like the SDK when PocketBase cannot be reached', async () => {
		const { url, server } = await serve(() => [200, {}]);
		await new Promise((resolve) => server.close(resolve));
		const error = await poster(url)
			.post('/api/trame/doc-rows', { rows: [] })
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ClientResponseError);
		expect((error as ClientResponseError).status).toBe(0);
	});
});
