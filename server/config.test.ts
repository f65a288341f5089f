import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, PROJECT_ROOT, readConfig, superuserCredentials } from './config.mjs';

describe('readConfig', () => {
	it('defaults: one data directory under the project, PocketBase on 127.0.0.1:8090', () => {
		const config = readConfig({});
		expect(config.dataDir).toBe(join(PROJECT_ROOT, '.data'));
		expect(config.secretsFile).toBe(join(PROJECT_ROOT, '.data', 'secrets.json'));
		expect(config.pbUrl).toBe('http://127.0.0.1:8090');
		expect(config.port).toBe(3000);
		expect(config.host).toBe('127.0.0.1');
		expect(config.origin).toBe('http://localhost:3000');
		expect(config.originFromEnv).toBe(false);
		expect(config.superuserFromEnv).toBeNull();
		expect(config.collab).toEqual({
			idleUnloadMs: undefined,
			compactEvery: undefined,
			accessRecheckMs: undefined,
			batchWindowMs: undefined,
			minWriteIntervalMs: undefined,
			writeGridMs: undefined,
			autoVersionPauseMs: undefined
		});
	});

	it('the data directory does not depend on the working directory', () => {
		const before = process.cwd();
		try {
			process.chdir(tmpdir());
			expect(readConfig({}).dataDir).toBe(join(PROJECT_ROOT, '.data'));
			expect(readConfig({ TRAME_DATA_DIR: 'relative/dir' }).dataDir).toBe(
				join(tmpdir(), 'relative', 'dir')
			);
		} finally {
			process.chdir(before);
		}
	});

	it.each([
		[{}, 'http://127.0.0.1:8090'],
		[{ PB_PORT: '9000' }, 'http://127.0.0.1:9000'],
		[{ PB_URL: 'http://pb.local:8091/', PB_PORT: '9000' }, 'http://pb.local:8091'],
		[{ PB_URL: '  ', PB_PORT: '9001' }, 'http://127.0.0.1:9001']
	])('PocketBase URL of %j → %s', (env, url) => {
		expect(readConfig(env).pbUrl).toBe(url);
	});

	it('the origin follows the port, `npm run dev` defaults to 5173', () => {
		expect(readConfig({ PORT: '4000' }).origin).toBe('http://localhost:4000');
		expect(readConfig({}, { dev: true }).port).toBe(5173);
		const set = readConfig({ ORIGIN: 'https://trame.example.org/' });
		expect(set.origin).toBe('https://trame.example.org');
		expect(set.originFromEnv).toBe(true);
		expect(
			readConfig({ TRAME_ALLOWED_ORIGINS: ' https://a.test, ,https://b.test ' }).extraOrigins
		).toEqual(['https://a.test', 'https://b.test']);
	});

	it('reads every collaboration tunable', () => {
		const config = readConfig({
			COLLAB_IDLE_UNLOAD_MS: '1000',
			COLLAB_COMPACT_EVERY: '50',
			COLLAB_ACCESS_RECHECK_MS: '200',
			COLLAB_BATCH_WINDOW_MS: '5',
			COLLAB_MIN_WRITE_INTERVAL_MS: '0',
			COLLAB_WRITE_GRID_MS: '0',
			TRAME_AUTO_VERSION_PAUSE_MS: '300'
		});
		expect(config.collab).toEqual({
			idleUnloadMs: 1000,
			compactEvery: 50,
			accessRecheckMs: 200,
			batchWindowMs: 5,
			minWriteIntervalMs: 0,
			writeGridMs: 0,
			autoVersionPauseMs: 300
		});
	});

	it('accounts, mail catcher and cluster settings', () => {
		const config = readConfig({
			SMTP_HOST: 'smtp.example.org',
			OIDC_ISSUER: 'https://idp.example.org',
			MAIL_SENDER_NAME: 'Labo',
			HOME: '/root',
			PRIVACY_CONTACT: ' dpo@example.org ',
			MAILPIT_SMTP_PORT: '2025',
			TRAME_REDIS_URL: 'redis://127.0.0.1:6379',
			TRAME_INSTANCE_ID: 'i2',
			TRAME_INSTANCES: '4'
		});
		expect(config.accountsEnv).toEqual({
			SMTP_HOST: 'smtp.example.org',
			OIDC_ISSUER: 'https://idp.example.org',
			MAIL_SENDER_NAME: 'Labo'
		});
		expect(config.privacyContact).toBe('dpo@example.org');
		expect(config.mailpit).toEqual({ smtpPort: 2025, httpPort: 8025 });
		expect(config.cluster).toEqual({
			redisUrl: 'redis://127.0.0.1:6379',
			instanceId: 'i2',
			remoteDurableTimeoutMs: undefined
		});
		expect(config.clusterLauncher.instances).toBe(4);
		expect(readConfig({}).cluster).toBeNull();
	});

	it.each([
		['COLLAB_IDLE_UNLOAD_MS', 'soon'],
		['COLLAB_WRITE_GRID_MS', '-1'],
		['PB_PORT', '80000'],
		['PORT', '3000.5']
	])('refuses %s=%s with a message naming it', (name, value) => {
		expect(() => readConfig({ [name]: value })).toThrow(ConfigError);
		expect(() => readConfig({ [name]: value })).toThrow(name);
	});

	it('superuser: both environment variables, else secrets.json of the data directory', () => {
		const dir = mkdtempSync(join(tmpdir(), 'trame-config-'));
		try {
			expect(() => superuserCredentials(readConfig({ TRAME_DATA_DIR: dir }))).toThrow(
				/PB_SUPERUSER_EMAIL/
			);
			writeFileSync(
				join(dir, 'secrets.json'),
				JSON.stringify({ superuserEmail: 'file@trame.test', superuserPassword: 'from-file' })
			);
			expect(superuserCredentials(readConfig({ TRAME_DATA_DIR: dir }))).toEqual({
				email: 'file@trame.test',
				password: 'from-file'
			});
			// One variable alone does not override half of the file.
			expect(
				superuserCredentials(readConfig({ TRAME_DATA_DIR: dir, PB_SUPERUSER_EMAIL: 'x@y.z' }))
			).toEqual({ email: 'file@trame.test', password: 'from-file' });
			expect(
				superuserCredentials(
					readConfig({
						TRAME_DATA_DIR: dir,
						PB_SUPERUSER_EMAIL: 'env@trame.test',
						PB_SUPERUSER_PASSWORD: 'from-env'
					})
				)
			).toEqual({ email: 'env@trame.test', password: 'from-env' });
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('one reader of the environment', () => {
	const scanned = ['server', 'scripts', 'src/lib/server', 'vite.config.ts'];
	const owned =
		/process\.env(\.|\[')(PORT|HOST|ORIGIN|PB_|TRAME_|COLLAB_|CHROMIUM_PATH|SOFFICE_PATH|SMTP_|MAIL_SENDER_|OIDC_|PRIVACY_CONTACT|MAILPIT_)/;
	function walk(path: string): string[] {
		const full = join(PROJECT_ROOT, path);
		if (!statSync(full).isDirectory()) return [path];
		return readdirSync(full).flatMap((entry) => walk(join(path, entry)));
	}

	it('no module but server/config.mjs reads a configuration variable', () => {
		const files = scanned
			.flatMap(walk)
			.filter((file) => /\.(ts|mjs|js)$/.test(file) && !file.endsWith('.test.ts'));
		expect(files.length).toBeGreaterThan(20);
		const readers = files.filter(
			(file) =>
				relative('.', file) !== join('server', 'config.mjs') &&
				owned.test(readFileSync(join(PROJECT_ROOT, file), 'utf8'))
		);
		expect(readers).toEqual([]);
	});
});
