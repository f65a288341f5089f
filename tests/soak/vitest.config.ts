/**
 * `npm run test:soak`: the reliability scenarios of `npm test`, many more times. Bounded:
 * TRAME_SOAK_MINUTES (default 5) per scenario; TRAME_SEED replays a failing run.
 */
import { defineConfig } from 'vitest/config';

const minutes = Number(process.env.TRAME_SOAK_MINUTES ?? 5);

export default defineConfig({
	test: {
		include: ['tests/soak/**/*.soak.test.ts'],
		environment: 'node',
		globalSetup: ['tests/support/global-setup.ts'],
		testTimeout: (minutes * 60 + 120) * 1000,
		hookTimeout: 120_000,
		maxWorkers: 1
	}
});
