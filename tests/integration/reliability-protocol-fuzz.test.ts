/**
 * Protocol fuzz (seeded, bounded in time): an editor and an observer send mutated y-protocol,
 * awareness and Trame frames through the real server. The process never crashes nor logs an
 * unhandled rejection, the observer's document and an untouched one stay byte-identical, and the
 * editor's document keeps its original text and still converges for everyone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EDITOR_SCHEMA_VERSION } from '../../src/lib/editor/schema-version';
import { PocketBaseStore } from '../../server/storage/pocketbase-store';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import {
	connectCollabClient,
	createCollabFixture,
	type CollabFixture
} from '../support/collab-client';
import { startTrameServerProcess, type TrameServerProcess } from '../support/trame-server';
import { fuzzDocument } from '../soak/lib/protocol-fuzz';
import { createRng, seedFromEnv } from '../soak/lib/rng';
import { within } from '../../server/testing/within';

/** Bound of every wait (generous: the machine may be shared and slow, never stuck). */
const WAIT_MS = 20_000;

const FUZZ_MS = Number(process.env.TRAME_FUZZ_MS ?? 6_000);
const seed = seedFromEnv();
let pb: TestPocketBase;
let server: TrameServerProcess;
let fixture: CollabFixture;

async function stored(id: string): Promise<{ text: string; state: string }> {
	const doc = new Y.Doc();
	for (const row of await new PocketBaseStore(pb.admin).load(id)) Y.applyUpdate(doc, row.data);
	return {
		text: doc.getText('text').toString(),
		state: Buffer.from(Y.encodeStateVector(doc)).toString('base64')
	};
}

async function write(id: string, text: string): Promise<void> {
	const client = connectCollabClient({
		wsUrl: server.wsUrl,
		documentId: id,
		token: fixture.alice.token
	});
	await within(
		client.synced(),
		WAIT_MS,
		() => `a writer to sync (close codes ${client.closeCodes})`
	);
	client.doc.getText('text').insert(0, text);
	await client.save();
	client.destroy();
}

beforeAll(async () => {
	pb = await startTestPocketBase();
	fixture = await createCollabFixture(pb, 'fuzz');
	server = await startTrameServerProcess({ pbUrl: pb.url, superuser: pb.superuser });
	console.log(`[protocol-fuzz] seed ${seed} (replay: TRAME_SEED=${seed}), ${FUZZ_MS} ms`);
});

afterAll(async () => {
	await server?.stop();
	await pb?.stop();
});

describe('protocol fuzz', () => {
	it('survives malformed frames without crash, leak or corruption', async () => {
		const [edited, readOnly, untouched] = await Promise.all([
			fixture.newDocument('Fuzz éditeur'),
			fixture.newDocument('Fuzz lecteur'),
			fixture.newDocument('Intact')
		]);
		await Promise.all([
			write(edited, '[original-edited]'),
			write(readOnly, '[original-read]'),
			write(untouched, '[original-untouched]')
		]);
		const before = { readOnly: await stored(readOnly), untouched: await stored(untouched) };
		const url = (id: string) => `${server.wsUrl}/collab/${id}?schema=${EDITOR_SCHEMA_VERSION}`;
		const rng = createRng(seed);
		let stats;
		try {
			stats = await Promise.all([
				fuzzDocument({
					url: url(edited),
					token: fixture.bob.token,
					rng: rng.fork(),
					durationMs: FUZZ_MS
				}),
				fuzzDocument({
					url: url(readOnly),
					token: fixture.olga.token,
					rng: rng.fork(),
					durationMs: FUZZ_MS
				})
			]);
		} catch (error) {
			throw new Error(`protocol fuzz failed; replay with TRAME_SEED=${seed}`, { cause: error });
		}
		console.log(`[protocol-fuzz] ${JSON.stringify(stats)}`);
		const context = `seed ${seed}:\n${server.output().slice(-3000)}`;

		expect(server.child.exitCode, context).toBeNull();
		const health = (await (
			await fetch(`${server.url}/health`, { signal: AbortSignal.timeout(WAIT_MS) })
		).json()) as { ok: boolean };
		expect(health.ok, context).toBe(true);
		const events = server.events().map((event) => event.event);
		expect(events, context).not.toContain('process.unhandled_rejection');
		expect(events, context).not.toContain('collab.connection_crashed');
		expect(events).toContain('collab.bad_message');
		expect(stats.reduce((sum, s) => sum + s.frames, 0)).toBeGreaterThan(100);

		expect(await stored(readOnly), context).toEqual(before.readOnly);
		expect(await stored(untouched), context).toEqual(before.untouched);
		// The editor may add valid content, never corrupt what was there: everyone converges on it.
		const alice = connectCollabClient({
			wsUrl: server.wsUrl,
			documentId: edited,
			token: fixture.alice.token
		});
		const bob = connectCollabClient({
			wsUrl: server.wsUrl,
			documentId: edited,
			token: fixture.bob.token
		});
		await within(
			Promise.all([alice.synced(), bob.synced()]),
			WAIT_MS,
			() =>
				`alice and bob to sync after the fuzz (close codes ${alice.closeCodes} / ${bob.closeCodes})`
		);
		alice.doc.getText('text').insert(0, '[after]');
		await alice.save();
		const text = alice.text();
		expect(text.split('[original-edited]').length - 1, context).toBe(1);
		const diagnosis = () =>
			`bob: connected=${bob.provider.wsconnected} synced=${bob.provider.synced} ` +
			`closes=[${bob.closeCodes}] pending=${bob.doc.store.pendingStructs !== null} ` +
			`vector=${Buffer.from(Y.encodeStateVector(bob.doc)).toString('base64')}; ` +
			`alice: vector=${Buffer.from(Y.encodeStateVector(alice.doc)).toString('base64')} ` +
			`pending=${alice.doc.store.pendingStructs !== null}\n${context}`;
		// The diagnosis is taken when the wait fails, not before it starts.
		await expect
			.poll(() => bob.text(), { timeout: WAIT_MS })
			.toBe(text)
			.catch((error: unknown) => {
				throw new Error(diagnosis(), { cause: error });
			});
		expect((await stored(edited)).text).toBe(text);
		alice.destroy();
		bob.destroy();
	}, 60_000);
});
