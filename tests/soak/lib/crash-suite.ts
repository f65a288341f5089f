/**
 * Shared driver of the crash-durability runs (a couple of iterations in `npm test`, many in
 * `npm run test:soak`): a durable PocketBase, the real server as a child process, a fixture.
 */
import { createCollabFixture, type CollabFixture } from '../../support/collab-client';
import { startTrameServerProcess, type TrameServerProcess } from '../../support/trame-server';
import { runCrashIteration, type CrashReport, type CrashTarget } from './crash-scenario';
import { startDurablePocketBase, type DurablePocketBase } from './durable-pocketbase';
import { createRng } from './rng';

export interface CrashSuite {
	pb: DurablePocketBase;
	fixture: CollabFixture;
	server(): TrameServerProcess;
	/** Runs `count` iterations against `target`, seeded from `seed`; throws with the seed. */
	run(target: CrashTarget, count: number, seed: number): Promise<CrashReport[]>;
	/** All server output so far (every incarnation). */
	serverOutput(): string;
	dispose(): Promise<void>;
}

export async function startCrashSuite(tag: string): Promise<CrashSuite> {
	const pb = await startDurablePocketBase();
	const fixture = await createCollabFixture(pb, tag);
	let outputs = '';
	const start = (port?: number) =>
		startTrameServerProcess({
			pbUrl: pb.url,
			superuser: pb.superuser,
			port,
			// Compaction often, so crashes also land in the middle of compactions.
			env: { COLLAB_COMPACT_EVERY: '7', COLLAB_BATCH_WINDOW_MS: '5' }
		});
	let server = await start();
	const port = server.port;
	const env = {
		pb,
		fixture,
		tokens: [fixture.alice.token, fixture.bob.token],
		server: () => server,
		restartServer: async () => {
			outputs += server.output();
			server = await start(port);
			return server;
		}
	};
	return {
		pb,
		fixture,
		server: () => server,
		async run(target, count, seed) {
			const rng = createRng(seed);
			const reports: CrashReport[] = [];
			for (let i = 0; i < count; i++) {
				try {
					reports.push(await runCrashIteration(env, target, rng.fork(), i));
				} catch (error) {
					const message = error instanceof Error ? error.message : String(error);
					const recent = server
						.events()
						.filter((event) => event.level !== 'info' || event.event.startsWith('collab.storage'))
						.slice(-15)
						.map((event) => JSON.stringify(event))
						.join('\n');
					throw new Error(
						`crash iteration ${i} (${target}) failed; replay with TRAME_SEED=${seed}\n${message}\n` +
							`last server warnings:\n${recent}`,
						{ cause: error }
					);
				}
			}
			return reports;
		},
		serverOutput: () => outputs + server.output(),
		async dispose() {
			await server.kill();
			await pb.dispose();
		}
	};
}
