/**
 * Crash durability (seeded): kill -9 of the collaboration server, and separately of PocketBase,
 * at random moments while five authors type and two of them close at the same instant. Every
 * acknowledged update is in the store, survivors converge within 5 s, no marker is duplicated.
 * `npm run test:soak` runs many more iterations of the same scenario.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCrashSuite, type CrashSuite } from '../soak/lib/crash-suite';
import { seedFromEnv } from '../soak/lib/rng';

let suite: CrashSuite;
const seed = seedFromEnv();

beforeAll(async () => {
	suite = await startCrashSuite('crash');
	console.log(`[reliability-crash] seed ${seed} (replay: TRAME_SEED=${seed})`);
});

afterAll(async () => {
	await suite?.dispose();
});

describe('crash durability', () => {
	it('loses no acknowledged update when the collaboration server is killed (-9)', async () => {
		const reports = await suite.run('server', 2, seed);
		console.log('[reliability-crash] server', JSON.stringify(reports));
		expect(reports.every((report) => report.ackedChecked > 0)).toBe(true);
		expect(reports.every((report) => report.convergeMs <= 5_000)).toBe(true);
	}, 180_000);

	it('loses no acknowledged update when PocketBase is killed (-9)', async () => {
		const reports = await suite.run('pocketbase', 2, seed + 1);
		console.log('[reliability-crash] pocketbase', JSON.stringify(reports));
		expect(reports.every((report) => report.ackedChecked > 0)).toBe(true);
		expect(reports.every((report) => report.convergeMs <= 5_000)).toBe(true);
	}, 180_000);
});
