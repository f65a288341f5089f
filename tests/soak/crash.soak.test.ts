/** Soak: crash-durability iterations (server and PocketBase kills alternating) for a bounded time. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCrashSuite, type CrashSuite } from './lib/crash-suite';
import type { CrashReport } from './lib/crash-scenario';
import { seedFromEnv } from './lib/rng';

const budgetMs = Number(process.env.TRAME_SOAK_MINUTES ?? 5) * 60_000;
let suite: CrashSuite;

beforeAll(async () => {
	suite = await startCrashSuite('soak');
});

afterAll(async () => {
	await suite?.dispose();
});

it('loses no acknowledged update across many kill -9 (bounded time)', async () => {
	const seed = seedFromEnv();
	console.log(`[soak crash] seed ${seed} (replay: TRAME_SEED=${seed}), budget ${budgetMs} ms`);
	const reports: CrashReport[] = [];
	const deadline = Date.now() + budgetMs;
	for (let round = 0; Date.now() < deadline; round++) {
		const target = round % 2 === 0 ? 'server' : 'pocketbase';
		reports.push(...(await suite.run(target, 1, seed + round)));
	}
	const sum = (pick: (report: CrashReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
	console.log(
		`[soak crash] iterations=${reports.length} faults=${reports.length} ` +
			`ackedChecked=${sum((r) => r.ackedChecked)} finalChecked=${sum((r) => r.finalChecked)} ` +
			`maxConvergeMs=${Math.max(...reports.map((r) => r.convergeMs))}`
	);
	expect(reports.length).toBeGreaterThan(0);
});
