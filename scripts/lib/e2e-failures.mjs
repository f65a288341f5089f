import { existsSync, readFileSync } from 'node:fs';

/**
 * Why each e2e test failed, repeated after the summary from Playwright's JSON report: a long run's
 * log is often read from its end only, where the list reporter's details are long gone.
 * @param {string} file Playwright's JSON report
 * @param {string} root the repository (paths are shown relative to it)
 */
export function printE2eFailures(file, root) {
	if (!existsSync(file)) return;
	/** @type {{ suites?: any[] }} */
	const report = JSON.parse(readFileSync(file, 'utf8'));
	const failures = [];
	const walk = (/** @type {any} */ suite, /** @type {string[]} */ path) => {
		for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
		for (const spec of suite.specs ?? [])
			for (const test of spec.tests ?? [])
				if (test.status === 'unexpected' || test.status === 'flaky')
					failures.push({ title: [...path, spec.title].filter(Boolean).join(' › '), test });
	};
	walk(report, []);
	if (failures.length === 0) return;
	console.log('\n[test] Why the e2e tests failed');
	for (const { title, test } of failures) {
		console.log(`\n  ${test.status === 'flaky' ? 'FLAKY' : 'FAILED'}: ${title}`);
		const last = test.results?.at(-1);
		const message = (last?.errors ?? [last?.error])
			.filter(Boolean)
			.map((/** @type {any} */ e) => e.message ?? '')
			.join('\n')
			// eslint-disable-next-line no-control-regex
			.replace(/\u001b\[[0-9;]*m/g, '');
		for (const line of message.split('\n').slice(0, 25)) console.log(`    ${line}`);
		const at = last?.errors?.find((/** @type {any} */ e) => e.location)?.location;
		if (at) console.log(`    at ${at.file.replace(`${root}/`, '')}:${at.line}`);
		const stdout = (last?.stdout ?? []).map((/** @type {any} */ s) => s.text ?? '').join('');
		if (stdout.trim())
			console.log(`    stdout: ${stdout.trim().split('\n').slice(-5).join(' | ')}`);
	}
}
