/**
 * Playwright global setup: a real PocketBase in a temp dir, the demo data seeded through its API,
 * and the real Trame server (production build + collaboration endpoint) on a free port.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePort } from '../../scripts/lib/pocketbase.mjs';
import { seedDemo } from '../../scripts/seed';
import { startTestPocketBase } from '../support/pocketbase';
import { startTrameServerProcess } from '../support/trame-server';

export default async function globalSetup(): Promise<() => Promise<void>> {
	// TRAME_E2E_BUILD_DIR: a private copy of the build, so a parallel `npm run build` cannot pull
	// the files from under this run's server.
	const buildDir = process.env.TRAME_E2E_BUILD_DIR ?? join(process.cwd(), 'build');
	if (!existsSync(join(buildDir, 'handler.js')))
		throw new Error('No production build: run `npm run build` first (npm test does).');

	const pocketbase = await startTestPocketBase();
	const seed = await seedDemo(pocketbase.url, pocketbase.superuser);
	const port = await findFreePort();
	const origin = `http://127.0.0.1:${port}`;
	const server = await startTrameServerProcess({
		pbUrl: pocketbase.url,
		superuser: pocketbase.superuser,
		port,
		origin,
		// A "day" of an asynchronous consent window lasts 4 s here (tests/e2e/decisions.test.ts).
		env: { TRAME_BUILD_DIR: buildDir, TRAME_ASYNC_DAY_MS: '4000' }
	});

	process.env.TRAME_E2E_BASE_URL = origin;
	process.env.TRAME_E2E_PB_URL = pocketbase.url;
	process.env.TRAME_E2E_SEED = JSON.stringify(seed);
	process.env.TRAME_E2E_SUPERUSER = JSON.stringify(pocketbase.superuser);

	return async () => {
		await server.stop();
		await pocketbase.stop();
	};
}
