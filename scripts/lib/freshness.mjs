// Decides whether the production build is older than its sources, to rebuild only when needed.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Newest modification time below `path` (a file or a folder), ignoring generated folders.
 * @param {string} path
 * @returns {number}
 */
export function newestMtime(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	// Files only: a folder's own time changes when generated code inside it (src/lib/paraglide,
	// rewritten by every Vitest run) is recreated, which is not a source change.
	let newest = 0;
	for (const entry of readdirSync(path)) {
		if (entry === 'paraglide' || entry === 'node_modules') continue;
		newest = Math.max(newest, newestMtime(join(path, entry)));
	}
	return newest;
}

/** @param {string} root */
export function buildIsStale(root) {
	const output = join(root, 'build', 'handler.js');
	if (!existsSync(output)) return true;
	const sources = [
		'src',
		'static',
		'messages',
		'project.inlang/settings.json',
		'svelte.config.js',
		'vite.config.ts',
		'package-lock.json'
	];
	const newestSource = Math.max(...sources.map((s) => newestMtime(join(root, s))));
	return newestSource > statSync(output).mtimeMs;
}
