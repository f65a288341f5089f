#!/usr/bin/env node
// `npm test`: sets up what the tests need (npm packages, the PocketBase and Mailpit binaries,
// generated code),
// then runs every check in order — static checks, unit and integration tests (Vitest, real
// PocketBase and collaboration server), the production build and the Playwright e2e suite.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { ensureNodeModules } from './lib/deps.mjs';
import { printE2eFailures } from './lib/e2e-failures.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = (/** @type {string} */ msg) => console.log(`\n[test] ${msg}`);

ensureNodeModules(root, log);
const { missingSystemTools, describeMissing } = await import('./lib/system-tools.mjs');
const missingTools = missingSystemTools();
if (missingTools.length > 0) {
	console.error(
		`\n[test] Programmes manquants / missing programs:\n  ${describeMissing(missingTools)}`
	);
	process.exit(1);
}
const { ensurePocketBaseBinary } = await import('./lib/pocketbase.mjs');
await ensurePocketBaseBinary({ log });
// The real SMTP server the account and invitation tests read their mail from.
const { ensureMailpitBinary } = await import('./lib/mailpit.mjs');
ensureMailpitBinary({ log });
// The cluster tests need Debian's redis-server and haproxy, the durable-ack test strace: say so
// clearly (in French and English) before any test starts rather than fail in the middle.
const only = process.argv.slice(2);
const wants = (/** @type {string} */ step) =>
	only.length === 0 || only.some((word) => step.toLowerCase().includes(word.toLowerCase()));
const { requireClusterTools, ClusterToolMissing } = await import('./lib/cluster.mjs');
if (wants('Integration tests')) {
	try {
		requireClusterTools(['redis', 'haproxy']);
		if (spawnSync('strace', ['-V'], { stdio: 'ignore' }).error)
			throw new ClusterToolMissing(
				"Il manque strace pour le test des accusés d'enregistrement : sudo apt-get install strace\n" +
					'Missing strace for the durable-ack test: sudo apt-get install strace'
			);
	} catch (error) {
		if (!(error instanceof ClusterToolMissing)) throw error;
		console.error(`\n[test] ${error.message}`);
		process.exit(1);
	}
}

/** @type {Array<[string, string, string[]]>} */
const steps = [
	['Generated code (Paraglide, SvelteKit types)', 'npm', ['run', 'prepare:generated']],
	['Formatting and lint', 'npm', ['run', 'lint']],
	['Type check (svelte-check)', 'npm', ['run', 'check']],
	['Unit tests', 'npx', ['vitest', 'run', '--project', 'unit']],
	// Before the integration tests: some of them run the real production server.
	['Production build', 'npm', ['run', 'build']],
	[
		'Integration tests (real PocketBase + collaboration server)',
		'npx',
		['vitest', 'run', '--project', 'integration']
	],
	['End-to-end tests (Playwright, Chromium)', 'npx', ['playwright', 'test']]
];

const results = [];
for (const [name, command, args] of steps) {
	if (!wants(name)) continue;
	log(name);
	const started = Date.now();
	const result = spawnSync(command, args, {
		cwd: root,
		stdio: 'inherit',
		env: { ...process.env, FORCE_COLOR: '0' }
	});
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	results.push({ name, ok: result.status === 0, seconds });
	if (result.status !== 0) break;
}

console.log('\n[test] Summary');
for (const { name, ok, seconds } of results)
	console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name} (${seconds} s)`);
if (results.some((r) => !r.ok && r.name.startsWith('End-to-end')))
	printE2eFailures(join(root, 'test-results', 'e2e-report.json'), root);
const failed = results.filter((r) => !r.ok).length;
process.exit(failed === 0 ? 0 : 1);
