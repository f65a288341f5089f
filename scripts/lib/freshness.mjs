// Decides whether the production build is older than its sources, to rebuild only when needed.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time below `path` (a file or a folder), ignoring generated folders. */
export function newestMtime(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
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
		'project.inlang',
		'svelte.config.js',
		'vite.config.ts',
		'package-lock.json'
	];
	const newestSource = Math.max(...sources.map((s) => newestMtime(join(root, s))));
	return newestSource > statSync(output).mtimeMs;
}
