/**
 * Acknowledged means durable: markers acked by the server survive a graceful restart and a
 * `kill -9` of the server process, each exactly once. The server runs as a child process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import {
	connectCollabClient,
	createCollabFixture,
	type CollabClient,
	type CollabFixture
} from '../support/collab-client';
import { startTrameServerProcess, type TrameServerProcess } from '../support/trame-server';

let pb: TestPocketBase;
let fixture: CollabFixture;
let server: TrameServerProcess | null = null;

beforeAll(async () => {
	pb = await startTestPocketBase();
	fixture = await createCollabFixture(pb, 'dur');
});

afterAll(async () => {
	await server?.kill();
	await pb?.stop();
});

function start(port?: number): Promise<TrameServerProcess> {
	return startTrameServerProcess({
		pbUrl: pb.url,
		superuser: pb.superuser,
		port,
		env: { COLLAB_COMPACT_EVERY: '7' }
	});
}

/** Inserts markers one by one, each acknowledged before the next. */
async function writeAckedMarkers(client: CollabClient, prefix: string, count: number) {
	const markers: string[] = [];
	for (let i = 0; i < count; i++) {
		const marker = `[${prefix}-${i}]`;
		client.doc.getText('text').insert(client.text().length, marker);
		await client.save();
		markers.push(marker);
	}
	return markers;
}

function occurrences(text: string, marker: string): number {
	return text.split(marker).length - 1;
}

/** A brand-new client (no local state to resend) reads what the server has. */
async function readFresh(documentId: string, wsUrl: string): Promise<string> {
	const reader = connectCollabClient({ wsUrl, documentId, token: fixture.bob.token });
	await reader.synced();
	const text = reader.text();
	reader.destroy();
	return text;
}

describe('durability of acknowledged updates', () => {
	it('survives a graceful restart (SIGTERM flushes, exits 0)', async () => {
		const documentId = await fixture.newDocument('Redémarrage');
		server = await start();
		const port = server.port;
		const alice = connectCollabClient({
			wsUrl: server.wsUrl,
			documentId,
			token: fixture.alice.token
		});
		await alice.synced();
		const markers = await writeAckedMarkers(alice, 'g', 20);
		// Unacked tail: written right before the signal; the graceful stop flushes it too.
		alice.doc.getText('text').insert(alice.text().length, '[tail]');
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(await server.stop()).toBe(0);
		alice.destroy();
		expect(server.events().some((e) => e.event === 'collab.shutdown_flushed')).toBe(true);

		server = await start(port);
		const text = await readFresh(documentId, server.wsUrl);
		const health = (await (await fetch(`${server.url}/health`)).json()) as Record<string, unknown>;
		expect(health).toMatchObject({ ok: true, documents: expect.any(Number) });
		expect(JSON.stringify(health)).not.toMatch(/password|token/i);
		for (const marker of [...markers, '[tail]']) expect(occurrences(text, marker)).toBe(1);
	});

	it('survives kill -9 right after the acks', async () => {
		const documentId = await fixture.newDocument('Crash');
		server ??= await start();
		const port = server.port;
		const alice = connectCollabClient({
			wsUrl: server.wsUrl,
			documentId,
			token: fixture.alice.token
		});
		const bob = connectCollabClient({ wsUrl: server.wsUrl, documentId, token: fixture.bob.token });
		await Promise.all([alice.synced(), bob.synced()]);
		const [fromAlice, fromBob] = await Promise.all([
			writeAckedMarkers(alice, 'a', 25),
			writeAckedMarkers(bob, 'b', 25)
		]);
		await server.kill();
		// The clients are gone too: nothing can be resent, only the store counts.
		alice.destroy();
		bob.destroy();

		server = await start(port);
		const text = await readFresh(documentId, server.wsUrl);
		for (const marker of [...fromAlice, ...fromBob]) expect(occurrences(text, marker)).toBe(1);
		// Compaction ran (every 7 rows) and lost nothing.
		const rows = await pb.admin.collection('doc_updates').getFullList({
			filter: pb.admin.filter('document = {:d}', { d: documentId })
		});
		expect(rows.some((row) => row.compacted)).toBe(true);
	});
});
