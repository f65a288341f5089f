// Installs npm dependencies when they are missing or older than the lock file, so `npm start`
// and `npm test` work on a fresh clone with no other step.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** @param {string} root @param {(msg: string) => void} log */
export function ensureNodeModules(root, log) {
	const marker = join(root, 'node_modules', '.package-lock.json');
	const lock = join(root, 'package-lock.json');
	if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
	log('Installation des dépendances npm…');
	const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
		cwd: root,
		stdio: 'inherit'
	});
	if (result.status !== 0) throw new Error('npm ci failed');
}
