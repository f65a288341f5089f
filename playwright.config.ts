import { defineConfig } from '@playwright/test';

export default defineConfig({
	testDir: 'tests/e2e',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	fullyParallel: false,
	workers: 1,
	retries: 0,
	// The JSON report lets `npm test` repeat why each test failed at the very end of its output.
	reporter: [['list'], ['json', { outputFile: 'test-results/e2e-report.json' }]],
	globalSetup: './tests/e2e/global-setup.ts',
	use: {
		baseURL: process.env.TRAME_E2E_BASE_URL,
		locale: 'fr-FR',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--disable-gpu',
				'--no-first-run'
			]
		}
	}
});
