/**
 * `npm run backup`: asks the running PocketBase for a backup (its backup API: a consistent zip of
 * pb_data taken by PocketBase itself, so no half-written SQLite page), downloads it with a
 * superuser file token into `<TRAME_DATA_DIR>/backups/`, checks it, and prints its path.
 *
 * PocketBase: `PB_URL`, or `http://127.0.0.1:${PB_PORT ?? 8090}`. Superuser: PB_SUPERUSER_EMAIL /
 * PB_SUPERUSER_PASSWORD, or `<TRAME_DATA_DIR>/secrets.json` (written by `npm start`).
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import PocketBase from 'pocketbase';
import { ConfigError, readConfig, superuserCredentials } from '../server/config.mjs';
import { checkBackupArchive } from './lib/backup-archive';

export interface BackupResult {
	path: string;
	bytes: number;
}

export class BackupError extends Error {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'BackupError';
	}
}

/** `trame-2026-11-21t06-46-26-837z.zip`: PocketBase accepts only [a-z0-9_-] names ending in .zip. */
export function backupName(now: Date): string {
	return `trame-${now.toISOString().toLowerCase().replace(/[:.]/g, '-')}.zip`;
}

export async function backup(now = new Date()): Promise<BackupResult> {
	const config = readConfig();
	const { dataDir, pbUrl: url } = config;
	let superuser: { email: string; password: string };
	try {
		// Never generated here: a fresh password would not be PocketBase's.
		superuser = superuserCredentials(config);
	} catch (error) {
		if (error instanceof ConfigError) throw new BackupError(error.message, { cause: error });
		throw error;
	}
	const pb = new PocketBase(url);
	pb.autoCancellation(false);
	try {
		await pb.collection('_superusers').authWithPassword(superuser.email, superuser.password);
	} catch (error) {
		throw new BackupError(`Cannot sign in to PocketBase at ${url} as ${superuser.email}`, {
			cause: error
		});
	}

	const name = backupName(now);
	await pb.backups.create(name);
	const token = await pb.files.getToken();
	const response = await fetch(pb.backups.getDownloadURL(token, name), {
		signal: AbortSignal.timeout(600_000)
	});
	if (!response.ok) throw new BackupError(`Downloading backup ${name} failed: ${response.status}`);
	const zip = new Uint8Array(await response.arrayBuffer());
	checkBackupArchive(zip, name);

	const dir = join(dataDir, 'backups');
	mkdirSync(dir, { recursive: true });
	const path = join(dir, name);
	const partial = `${path}.partial`;
	try {
		writeFileSync(partial, zip, { mode: 0o600 });
		renameSync(partial, path);
	} finally {
		rmSync(partial, { force: true });
	}
	// The copy outside pb_data is the backup; PocketBase's own copy would only grow pb_data.
	await pb.backups.delete(name);
	return { path, bytes: zip.byteLength };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	backup().then(
		({ path, bytes }) => {
			console.error(`Sauvegarde enregistrée (${(bytes / 1024).toFixed(0)} Kio) :`);
			// The path alone on stdout, for scripts: `file=$(npm run -s backup)`.
			console.log(path);
		},
		(error: unknown) => {
			console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
			if (error instanceof Error && error.cause) console.error(String(error.cause));
			process.exit(1);
		}
	);
}
