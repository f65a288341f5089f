/**
 * `npm run restore -- <backup.zip>`: replaces `<TRAME_DATA_DIR>/pb_data` with the backup's
 * content. PocketBase must be stopped (restoring under a running one would let it overwrite the
 * restored files): it refuses while anything answers on PocketBase's configured address. The
 * current pb_data is kept as `pb_data.before-restore-<time>`, never deleted.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readConfig } from '../server/config.mjs';
import { extractBackupArchive, readBackupArchive } from './lib/backup-archive';

export class RestoreError extends Error {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'RestoreError';
	}
}

export interface RestoreResult {
	pbData: string;
	/** Where the previous pb_data went, or null if there was none. */
	previous: string | null;
	files: number;
}

/** True if something answers HTTP on the URL (any status): PocketBase may be running there. */
async function answers(url: string): Promise<boolean> {
	try {
		await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
		return true;
	} catch {
		return false;
	}
}

function stamp(now: Date): string {
	return now.toISOString().replace(/[:.]/g, '-');
}

export async function restore(file: string, now = new Date()): Promise<RestoreResult> {
	const config = readConfig();
	const url = config.pbUrl;
	if (await answers(url)) {
		throw new RestoreError(
			`PocketBase answers at ${url}: stop Trame (and PocketBase) before restoring.`
		);
	}
	const source = resolve(file);
	if (!existsSync(source)) throw new RestoreError(`No such backup: ${source}`);
	// Checked whole before anything on disk changes.
	const files = readBackupArchive(new Uint8Array(readFileSync(source)), source);

	const dataDir = config.dataDir;
	mkdirSync(dataDir, { recursive: true });
	const pbData = join(dataDir, 'pb_data');
	const incoming = join(dataDir, `pb_data.restoring-${stamp(now)}`);
	try {
		extractBackupArchive(files, incoming);
	} catch (error) {
		rmSync(incoming, { recursive: true, force: true });
		throw new RestoreError(`Could not write the restored files in ${dataDir}`, { cause: error });
	}
	let previous: string | null = null;
	if (existsSync(pbData)) {
		previous = join(dataDir, `pb_data.before-restore-${stamp(now)}`);
		renameSync(pbData, previous);
	}
	renameSync(incoming, pbData);
	return { pbData, previous, files: files.size };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const file = process.argv[2];
	if (!file) {
		console.error('Usage : npm run restore -- <fichier de sauvegarde .zip>');
		process.exit(2);
	}
	restore(file).then(
		({ pbData, previous, files }) => {
			console.log(`Restauré (${files} fichiers) dans ${pbData}`);
			if (previous) console.log(`Données précédentes conservées dans ${previous}`);
		},
		(error: unknown) => {
			console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
			process.exit(1);
		}
	);
}
