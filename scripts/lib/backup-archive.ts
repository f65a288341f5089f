/**
 * What `npm run backup` and `npm run restore` share: what a PocketBase backup zip must look like before anything is written from it (its pb_data files at the root,
 * `data.db` among them, no path leaving the target directory).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { unzipSync } from 'fflate';

export class BackupArchiveError extends Error {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'BackupArchiveError';
	}
}

/** The archive's files (directories left out), keyed by their relative path. */
export function readBackupArchive(zip: Uint8Array, label: string): Map<string, Uint8Array> {
	let entries: Record<string, Uint8Array>;
	try {
		entries = unzipSync(zip);
	} catch (error) {
		throw new BackupArchiveError(`${label} is not a zip archive`, { cause: error });
	}
	const files = new Map<string, Uint8Array>();
	for (const [name, data] of Object.entries(entries)) {
		if (name.endsWith('/')) continue;
		const path = normalize(name);
		if (isAbsolute(path) || path === '..' || path.startsWith(`..${sep}`) || name.includes('\\')) {
			throw new BackupArchiveError(`${label} holds a path outside pb_data: ${name}`);
		}
		files.set(path, data);
	}
	if (!files.has('data.db')) {
		throw new BackupArchiveError(`${label} is not a PocketBase backup (no data.db at its root)`);
	}
	return files;
}

/** Throws unless the zip is a PocketBase backup that restore would accept. */
export function checkBackupArchive(zip: Uint8Array, label: string): void {
	readBackupArchive(zip, label);
}

/** Writes the archive's files under `dir` (which must not exist yet). */
export function extractBackupArchive(files: Map<string, Uint8Array>, dir: string): void {
	mkdirSync(dir, { recursive: false });
	for (const [path, data] of files) {
		const target = join(dir, path);
		mkdirSync(dirname(target), { recursive: true });
		writeFileSync(target, data, { mode: 0o600 });
	}
}
