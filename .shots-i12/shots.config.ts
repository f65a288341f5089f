import { defineConfig } from '@playwright/test';
export default defineConfig({
	testDir: '/work/wt/i12-decisions/.shots-i12',
	timeout: 300_000,
	workers: 1,
	reporter: [['list']],
	globalSetup: '/work/wt/i12-decisions/tests/e2e/global-setup.ts',
	use: {
		baseURL: process.env.TRAME_E2E_BASE_URL,
		locale: 'fr-FR',
		launchOptions: { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] }
	}
});
