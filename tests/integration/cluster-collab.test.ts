/**
 * Several instances behind a real proxy on a real bus (Redis, HAProxy, PocketBase, three Trame
 * server processes): clients of one document spread over instances converge, kill -9 of the
 * instance holding a document, the bus stopped for 10 s, one instance's bus connection
 * black-holed. Every acknowledged update is in the store, every marker exactly once.
 * Needs Debian's redis-server and haproxy (.ci/run installs them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PocketBaseStore } from '../../server/storage/pocketbase-store';
import { within } from '../../server/testing/within';
import { createCollabFixture, type CollabFixture } from '../support/collab-client';
import { startTestCluster, type TestCluster } from '../support/cluster';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import { MARKER, Typist, markerCounts } from '../soak/lib/typist';
import { createRng, seedFromEnv, sleep, waitUntil } from '../soak/lib/rng';

let pb: TestPocketBase;
let fixture: CollabFixture;
let cluster: TestCluster;
const seed = seedFromEnv();
const rng = createRng(seed);
const typists: Typist[] = [];

beforeAll(async () => {
	console.log(`[cluster-collab] seed ${seed} (replay: TRAME_SEED=${seed})`);
	pb = await startTestPocketBase();
	fixture = await createCollabFixture(pb, 'cl');
	cluster = await startTestCluster({ pbUrl: pb.url, superuser: pb.superuser, instances: 3 });
}, 120_000);

afterAll(async () => {
	for (const typist of typists) typist.close();
	await cluster?.stop();
	await pb?.stop();
});

function typist(name: string, wsUrl: string, documentId: string, i: number): Typist {
	const tokens = [fixture.alice.token, fixture.bob.token];
	const t = new Typist(name, { wsUrl, documentId, token: tokens[i % 2]! }, rng.fork());
	typists.push(t);
	return t;
}

const instanceUrl = (index: number) => `ws://127.0.0.1:${cluster.instances[index]!.port}`;

async function storedDoc(documentId: string): Promise<Y.Doc> {
	const doc = new Y.Doc();
	for (const row of await new PocketBaseStore(pb.admin).load(documentId))
		Y.applyUpdate(doc, row.data);
	return doc;
}

/** Every acknowledged update of these authors is stored; no marker is stored twice. */
async function expectAckedStored(documentId: string, authors: Typist[], when: string) {
	// Acks seen before reading the store (later ones may be for rows written after the read).
	const acked = authors.flatMap((author) => author.ackedUpdates());
	const stored = await storedDoc(documentId);
	const snapshot = Y.snapshot(stored);
	for (const { update, marker } of acked) {
		if (!Y.snapshotContainsUpdate(snapshot, update))
			throw new Error(`${when}: acknowledged ${marker} is not stored`);
	}
	for (const [marker, count] of markerCounts(stored.getText('text').toString()))
		if (count !== 1) throw new Error(`${when}: ${marker} stored ${count} times`);
	return acked.length;
}

/** Typing stops, everything gets acknowledged, everyone converges on the stored text. */
async function expectConverged(documentId: string, authors: Typist[], when: string) {
	await Promise.all(authors.map((author) => author.stop()));
	await Promise.all(authors.map((author) => author.saveAll(20_000)));
	await waitUntil(
		() => authors.every((a) => a.ready && a.text === authors[0]!.text),
		10_000,
		`${when}: every client shows the same text`
	);
	const text = authors[0]!.text;
	for (const [marker, count] of markerCounts(text))
		if (count !== 1) throw new Error(`${when}: ${marker} shown ${count} times`);
	expect(text.replace(MARKER, '')).toBe('');
	expect(markerCounts(text).size).toBe(authors.reduce((sum, a) => sum + a.markers.length, 0));
	await expectAckedStored(documentId, authors, when);
	expect((await storedDoc(documentId)).getText('text').toString()).toBe(text);
}

/**
 * Each client sees the presence of all the others, while they move their cursors (as people do).
 * Moving matters after a reconnection: a y-websocket client that lost its connection marks the
 * others' states as removed one clock step ahead, so it accepts a peer's presence again only from
 * that peer's second change (or y-protocols' own renewal, every 15 s).
 */
async function expectPresence(authors: Typist[], when: string) {
	let step = 0;
	const move = () => {
		step++;
		authors.forEach((author, i) =>
			author.client.provider.awareness.setLocalStateField('cursor', { who: author.name, i, step })
		);
	};
	move();
	const moving = setInterval(move, 250);
	const ids = authors.map((author) => author.client.doc.clientID);
	await waitUntil(
		() =>
			authors.every((author) => {
				const states = author.client.provider.awareness.getStates();
				return ids.every((id) => states.get(id)?.cursor !== undefined);
			}),
		10_000,
		`${when}: every client sees the others' presence`
	)
		.catch(async (error: unknown) => {
			const seen = authors.map((author) => {
				const states = author.client.provider.awareness.getStates();
				return `${author.name} sees ${authors
					.filter((other) => states.get(other.client.doc.clientID)?.cursor !== undefined)
					.map((other) => other.name)
					.join(',')}`;
			});
			const healths = await Promise.all(
				cluster.instances.map((_, i) => cluster.healthOf(i).catch(() => 'down'))
			);
			throw new Error(`${String(error)}\n${seen.join('\n')}\n${JSON.stringify(healths)}`);
		})
		.finally(() => clearInterval(moving));
}

describe('a cluster of three instances behind HAProxy on Redis', () => {
	it('makes 6 clients of one document spread over the instances converge', async () => {
		const documentId = await fixture.newDocument('Réparti');
		const authors = Array.from({ length: 6 }, (_, i) =>
			typist(`s${i}`, instanceUrl(i % 3), documentId, i)
		);
		await within(Promise.all(authors.map((a) => a.client.synced())), 20_000, 'clients synced');
		await expectPresence(authors, 'spread');
		for (const author of authors) author.start();
		await sleep(1_500);
		await expectConverged(documentId, authors, 'spread');
		// Each instance holds the document and stores only its own clients' updates.
		for (let i = 0; i < 3; i++) expect((await cluster.healthOf(i)).documents).toBe(1);
		for (const author of authors) author.close();
	}, 90_000);

	it('fails over within 3 s when the instance holding a document is killed (-9)', async () => {
		const documentId = await fixture.newDocument('Bascule');
		// Through the proxy: all on the document's instance. Plus one misrouted client elsewhere,
		// so another instance holds updates relayed but maybe not yet stored by the dead one.
		const viaProxy = Array.from({ length: 4 }, (_, i) =>
			typist(`k${i}`, cluster.wsUrl, documentId, i)
		);
		await within(Promise.all(viaProxy.map((a) => a.client.synced())), 20_000, 'clients synced');
		const healths = await Promise.all([0, 1, 2].map((i) => cluster.healthOf(i)));
		const holder = healths.findIndex((h) => h.connections >= 4);
		expect(holder).toBeGreaterThanOrEqual(0);
		const other = (holder + 1) % 3;
		const misrouted = typist('k4', instanceUrl(other), documentId, 4);
		await within(misrouted.client.synced(), 20_000, 'misrouted client synced');
		const authors = [...viaProxy, misrouted];
		for (const author of authors) author.start();
		await sleep(rng.int(600, 1_200));

		const killedAt = Date.now();
		await cluster.kill(holder);
		try {
			// What was acknowledged before the kill is stored already.
			const ackedBefore = await expectAckedStored(documentId, authors, 'right after kill -9');
			expect(ackedBefore).toBeGreaterThan(0);
			// Reconnected: each socket open again, through the proxy, on a live instance.
			await waitUntil(
				() => viaProxy.every((a) => a.client.provider.wsconnected),
				3_000,
				'clients reconnected through the proxy'
			);
			const reconnectedMs = Date.now() - killedAt;
			await waitUntil(() => viaProxy.every((a) => a.ready), 10_000, 'clients synced again');
			console.log(
				`[cluster-collab] reconnected ${reconnectedMs} ms, synced ${Date.now() - killedAt} ms after kill -9`
			);
			await expectPresence(authors, 'after failover');
			await expectConverged(documentId, authors, 'after failover');
		} finally {
			for (const author of authors) author.close();
			await cluster.restart(holder);
		}
	}, 90_000);

	it('keeps serving through a 10 s bus outage and converges when it is back', async () => {
		const documentId = await fixture.newDocument('Panne du bus');
		const authors = [0, 0, 1, 1].map((instance, i) =>
			typist(`b${i}`, instanceUrl(instance), documentId, i)
		);
		await within(Promise.all(authors.map((a) => a.client.synced())), 20_000, 'clients synced');
		for (const author of authors) author.start();
		await sleep(500);
		await cluster.redis.stop();
		const down = Date.now();
		let restarted = false;
		try {
			await waitUntil(
				async () => (await cluster.healthOf(0).catch(() => null))?.bus === 'down',
				5_000,
				'bus down'
			);
			// Instances keep serving: typing on one instance still reaches its own clients, and acks
			// keep coming (remote updates unconfirmed for 3 s are stored by the receiving instance).
			const ackedAtStop = authors.map((a) => a.acked);
			await sleep(Math.max(0, 10_000 - (Date.now() - down)));
			await authors[0]!.stop();
			await authors[1]!.stop();
			await waitUntil(
				() => authors[0]!.text.includes(authors[1]!.markers.at(-1)!),
				5_000,
				'same-instance peers see each other during the outage'
			);
			expect(authors.every((a, i) => a.acked > ackedAtStop[i]!)).toBe(true);
			await cluster.redis.start();
			restarted = true;
			await waitUntil(
				async () =>
					(await Promise.all([0, 1, 2].map((i) => cluster.healthOf(i).catch(() => null)))).every(
						(h) => h?.bus === 'up'
					),
				10_000,
				'bus back on every instance'
			);
			await expectConverged(documentId, authors, 'after the bus outage');
		} finally {
			if (!restarted) await cluster.redis.start();
			for (const author of authors) author.close();
		}
	}, 90_000);

	it('loses no acknowledged update when one instance is cut off the bus', async () => {
		const documentId = await fixture.newDocument('Partition');
		const authors = [0, 0, 1, 2].map((instance, i) =>
			typist(`p${i}`, instanceUrl(instance), documentId, i)
		);
		await within(Promise.all(authors.map((a) => a.client.synced())), 20_000, 'clients synced');
		for (const author of authors) author.start();
		await sleep(400);
		cluster.instances[0]!.link.block();
		try {
			await sleep(rng.int(3_000, 5_000));
			await expectAckedStored(documentId, authors, 'during the partition');
		} finally {
			cluster.instances[0]!.link.unblock();
		}
		try {
			await expectConverged(documentId, authors, 'after the partition');
		} finally {
			for (const author of authors) author.close();
		}
	}, 90_000);
});
