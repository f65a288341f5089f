/** Soak: protocol fuzz for a bounded time (the integration test, with a longer budget). */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EDITOR_SCHEMA_VERSION } from '../../src/lib/editor/schema-version';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import { createCollabFixture, type CollabFixture } from '../support/collab-client';
import { startTrameServerProcess, type TrameServerProcess } from '../support/trame-server';
import { fuzzDocument } from './lib/protocol-fuzz';
import { createRng, seedFromEnv } from './lib/rng';

const budgetMs = Number(process.env.TRAME_SOAK_MINUTES ?? 5) * 60_000;
let pb: TestPocketBase;
let server: TrameServerProcess;
let fixture: CollabFixture;

beforeAll(async () => {
	pb = await startTestPocketBase();
	fixture = await createCollabFixture(pb, 'soakfuzz');
	server = await startTrameServerProcess({ pbUrl: pb.url, superuser: pb.superuser });
});

afterAll(async () => {
	await server?.stop();
	await pb?.stop();
});

it('never crashes on malformed frames (bounded time)', async () => {
	const seed = seedFromEnv();
	console.log(`[soak fuzz] seed ${seed} (replay: TRAME_SEED=${seed}), budget ${budgetMs} ms`);
	const documentId = await fixture.newDocument('Fuzz longue durée');
	const url = `${server.wsUrl}/collab/${documentId}?schema=${EDITOR_SCHEMA_VERSION}`;
	const rng = createRng(seed);
	const stats = await Promise.all(
		[fixture.bob.token, fixture.olga.token].map((token) =>
			fuzzDocument({ url, token, rng: rng.fork(), durationMs: budgetMs })
		)
	);
	console.log(`[soak fuzz] ${JSON.stringify(stats)}`);
	expect(server.child.exitCode).toBeNull();
	const events = server.events().map((event) => event.event);
	expect(events).not.toContain('process.unhandled_rejection');
	expect(events).not.toContain('collab.connection_crashed');
});
