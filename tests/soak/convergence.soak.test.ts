/**
 * Soak: the convergence fuzz of tests/integration/reliability-convergence.test.ts, seed after
 * seed (a new document each), for TRAME_SOAK_MINUTES; prints the figures and the first failing
 * seed (`TRAME_SEED=<n>` replays from it).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCollabFixture, type CollabFixture } from '../support/collab-client';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import { startTrameServerProcess, type TrameServerProcess } from '../support/trame-server';
import { runConvergence, type ConvergenceReport } from './lib/convergence';
import { seedFromEnv, withSeed } from './lib/rng';

const budgetMs = Number(process.env.TRAME_SOAK_MINUTES ?? 5) * 60_000;
let pb: TestPocketBase;
let server: TrameServerProcess;
let fixture: CollabFixture;
let tokens: string[];

beforeAll(async () => {
	pb = await startTestPocketBase();
	fixture = await createCollabFixture(pb, 'soakconverge');
	const extra = await Promise.all(
		['Carole', 'David'].map(async (name) => {
			const email = `${name.toLowerCase()}.soakconverge@trame.test`;
			const password = `${name}-password-123`;
			const user = await pb.createUser({ email, password, name });
			await pb.addMember(fixture.experimentId, user.id, 'evaluator');
			return (await pb.userClient(email, password)).authStore.token;
		})
	);
	tokens = [fixture.alice.token, fixture.bob.token, ...extra];
	server = await startTrameServerProcess({ pbUrl: pb.url, superuser: pb.superuser });
});

afterAll(async () => {
	await server?.stop();
	await pb?.stop();
});

it('converges seed after seed (bounded time)', async () => {
	const first = seedFromEnv();
	console.log(`[soak convergence] first seed ${first}, budget ${budgetMs} ms`);
	const started = Date.now();
	const totals = { seeds: 0, edits: 0, reconnects: 0, readRepairs: 0, maxConvergeMs: 0 };
	const repaired: string[] = [];
	for (let seed = first; Date.now() - started < budgetMs; seed++) {
		const documentId = await fixture.newDocument(`Convergence ${seed}`);
		const report: ConvergenceReport = await withSeed('soak convergence', seed, (rng) =>
			runConvergence({
				wsUrl: server.wsUrl,
				documentId,
				tokens,
				readerToken: fixture.olga.token,
				rng,
				edits: 1_000
			})
		);
		totals.seeds++;
		totals.edits += report.editsApplied;
		totals.reconnects += report.reconnects;
		totals.readRepairs += report.readRepairs;
		totals.maxConvergeMs = Math.max(totals.maxConvergeMs, report.convergeMs);
		if (repaired.length < 50) repaired.push(...report.repairedNodes.map((n) => `${seed}:${n}`));
	}
	console.log(`[soak convergence] ${JSON.stringify({ ...totals, repaired })}`);
	expect(totals.seeds).toBeGreaterThan(0);
	expect(server.events().map((event) => event.event)).not.toContain('process.unhandled_rejection');
});
