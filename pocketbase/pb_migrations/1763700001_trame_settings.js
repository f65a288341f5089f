/// <reference path="../../.data/pb_data/types.d.ts" />
// App settings Trame relies on: the batch API (document compaction = one create + up to ~500
// deletes in one transaction) and rate limiting of the auth endpoints.

migrate(
	(app) => {
		const settings = app.settings();

		settings.meta.appName = 'Trame';

		settings.batch.enabled = true;
		settings.batch.maxRequests = 1000;
		settings.batch.timeout = 60;
		// A compacted snapshot is up to ~20 MB of base64, plus the deletes.
		settings.batch.maxBodySize = 64 * 1024 * 1024;

		// Superuser requests (the Trame server) are never limited. Keep the numbers loose enough
		// for the test suites that sign many users in from 127.0.0.1.
		settings.rateLimits.enabled = true;
		settings.rateLimits.rules = [
			{ label: '*:authWithPassword', audience: '', duration: 10, maxRequests: 30 },
			{ label: '*:auth', audience: '', duration: 10, maxRequests: 30 },
			{ label: '*:requestPasswordReset', audience: '', duration: 60, maxRequests: 10 },
			{ label: '*:requestVerification', audience: '', duration: 60, maxRequests: 10 },
			{ label: '*:requestEmailChange', audience: '', duration: 60, maxRequests: 10 },
			{ label: '*:requestOTP', audience: '', duration: 60, maxRequests: 10 },
			{ label: 'users:create', audience: '@guest', duration: 60, maxRequests: 20 }
		];

		app.save(settings);
	},
	(app) => {
		const settings = app.settings();
		settings.batch.enabled = false;
		settings.rateLimits.enabled = false;
		app.save(settings);
	}
);
