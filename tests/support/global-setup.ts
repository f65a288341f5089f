/**
 * Vitest globalSetup of the integration project: makes sure the PocketBase binary exists and is
 * up to date (built with Go, or the verified official release) once, before any test file starts
 * its own PocketBase — so integration tests work on a fresh clone.
 */
import { ensureMailpitBinary } from '../../scripts/lib/mailpit.mjs';
import { ensurePocketBaseBinary } from '../../scripts/lib/pocketbase.mjs';

export default async function setup(): Promise<void> {
	await ensurePocketBaseBinary({ log: (message) => console.log(`[pocketbase] ${message}`) });
	ensureMailpitBinary({ log: (message) => console.log(`[mailpit] ${message}`) });
}
