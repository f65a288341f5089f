/**
 * One crash-durability iteration: five authors type on one document through the real server;
 * at a random moment the collaboration server (or PocketBase) is killed with SIGKILL while two
 * authors close at the same instant. Then, before anyone can resend anything, the store must hold
 * every update that had been acknowledged; after the restart the three survivors must converge
 * within 5 s on a text where every marker appears exactly once.
 */
import * as Y from 'yjs';
import { PocketBaseStore } from '../../../server/storage/pocketbase-store';
import { connectCollabClient, type CollabFixture } from '../../support/collab-client';
import type { TrameServerProcess } from '../../support/trame-server';
import type { DurablePocketBase } from './durable-pocketbase';
import { within } from '../../../server/testing/within';
import { sleep, waitUntil, type Rng } from './rng';
import { MARKER, Typist, markerCounts } from './typist';

export type CrashTarget = 'server' | 'pocketbase';

export interface CrashEnv {
	pb: DurablePocketBase;
	fixture: CollabFixture;
	/** Editor tokens to spread over the authors. */
	tokens: string[];
	server(): TrameServerProcess;
	/** Starts the server again on the same port (after a kill). */
	restartServer(): Promise<TrameServerProcess>;
}

export interface CrashReport {
	target: CrashTarget;
	typingMs: number;
	/** Acknowledged updates proven present in the store right after the crash. */
	ackedChecked: number;
	/** Updates checked in the final store (every surviving author's, every acked one). */
	finalChecked: number;
	markers: number;
	convergeMs: number;
}

/** The stored document, as the server would load it after a restart. */
export async function storedDoc(pb: DurablePocketBase, documentId: string): Promise<Y.Doc> {
	const rows = await new PocketBaseStore(pb.admin).load(documentId);
	const doc = new Y.Doc({ gc: false });
	for (const row of rows) Y.applyUpdate(doc, row.data);
	return doc;
}

function assertContains(
	doc: Y.Doc,
	entries: { update: Uint8Array; marker: string }[],
	when: string
) {
	const snapshot = Y.snapshot(doc);
	const counts = markerCounts(doc.getText('text').toString());
	for (const { update, marker } of entries) {
		if (!Y.snapshotContainsUpdate(snapshot, update)) {
			throw new Error(`${when}: acknowledged update of ${marker} is missing from the store`);
		}
		if (counts.get(marker) !== 1) {
			throw new Error(`${when}: ${marker} appears ${counts.get(marker) ?? 0} times in the store`);
		}
	}
}

function assertNoDuplicate(text: string, when: string) {
	for (const [marker, count] of markerCounts(text)) {
		if (count !== 1) throw new Error(`${when}: ${marker} appears ${count} times`);
	}
	const stripped = text.replace(MARKER, '');
	if (stripped !== '')
		throw new Error(`${when}: stray text ${JSON.stringify(stripped.slice(0, 40))}`);
}

export async function runCrashIteration(
	env: CrashEnv,
	target: CrashTarget,
	rng: Rng,
	iteration: number
): Promise<CrashReport> {
	const documentId = await env.fixture.newDocument(`Crash ${target} ${iteration}`);
	const typists = Array.from(
		{ length: 5 },
		(_, i) =>
			new Typist(
				`i${iteration}t${i}`,
				{ wsUrl: env.server().wsUrl, documentId, token: env.tokens[i % env.tokens.length]! },
				rng.fork()
			)
	);
	try {
		await within(
			Promise.all(typists.map((typist) => typist.client.synced())),
			20_000,
			() =>
				`the 5 authors to sync (close codes: ${typists.map((t) => t.client.closeCodes).join(' | ')})`
		);
		for (const typist of typists) typist.start();
		const typingMs = rng.int(200, 1500);
		await sleep(typingMs);

		// The fault: kill -9 and two authors gone, in the same tick.
		const leaving = new Set<Typist>();
		while (leaving.size < 2) leaving.add(rng.pick(typists));
		const killed = target === 'server' ? env.server().kill() : env.pb.kill();
		for (const typist of leaving) typist.close();
		await within(killed, 20_000, `kill -9 of the ${target} to complete`);
		const survivors = typists.filter((typist) => !leaving.has(typist));

		// Survivors keep typing while it is down (their edits stay local or unacknowledged).
		await sleep(rng.int(100, 800));
		let ackedChecked = 0;
		if (target === 'server') {
			// Nobody can resend now: only what is stored counts.
			const acked = typists.flatMap((typist) => typist.ackedUpdates());
			assertContains(await storedDoc(env.pb, documentId), acked, 'after kill -9 of the server');
			ackedChecked = acked.length;
			await env.restartServer();
		} else {
			await env.pb.restart();
			// Acks seen so far were given after PocketBase confirmed the write: they must be there.
			const acked = typists.flatMap((typist) => typist.ackedUpdates());
			assertContains(await storedDoc(env.pb, documentId), acked, 'after kill -9 of PocketBase');
			ackedChecked = acked.length;
		}
		const recovered = Date.now();
		const continueMs = rng.int(0, 400);
		await sleep(continueMs);
		await Promise.all(survivors.map((typist) => typist.stop()));

		// Survivors converge (same state vector, same text) within 5 s of the restart…
		await waitUntil(
			() => {
				const first = survivors[0]!;
				return survivors.every(
					(typist) =>
						typist.ready &&
						typist.stateVector() === first.stateVector() &&
						typist.text === first.text
				);
			},
			5_000 + continueMs,
			'survivors converge'
		);
		const convergeMs = Date.now() - recovered - continueMs;
		// …and everything they wrote gets acknowledged (storage retries back off after an outage).
		await Promise.all(survivors.map((typist) => typist.saveAll(60_000)));

		const stored = await storedDoc(env.pb, documentId);
		const storedText = stored.getText('text').toString();
		const finalEntries = [
			...typists.filter((typist) => leaving.has(typist)).flatMap((typist) => typist.ackedUpdates()),
			...survivors.flatMap((typist) =>
				typist.updates.map((update, i) => ({ update, marker: typist.markers[i]! }))
			)
		];
		assertContains(stored, finalEntries, 'final store');
		assertNoDuplicate(storedText, 'final store');
		if (survivors[0]!.text !== storedText) throw new Error('survivors differ from the store');
		// A newcomer is admitted after the restart (the server's PocketBase session survived it).
		const reader = connectCollabClient({
			wsUrl: env.server().wsUrl,
			documentId,
			token: env.tokens[0]!
		});
		try {
			await waitUntil(
				() => reader.provider.synced,
				5_000,
				`newcomer admitted (${reader.closeCodes})`
			);
			if (reader.text() !== storedText) throw new Error('a newcomer reads another text');
		} finally {
			reader.destroy();
		}
		return {
			target,
			typingMs,
			ackedChecked,
			finalChecked: finalEntries.length,
			markers: markerCounts(storedText).size,
			convergeMs
		};
	} finally {
		for (const typist of typists) typist.close();
	}
}
