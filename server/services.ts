/**
 * What the Node server lends the SvelteKit app running in the same process: the collaboration
 * server's live documents and the import converter. The app is a separate bundle (its own copy
 * of every module), so the hand-over goes through one process-wide slot (`Symbol.for`), filled by
 * server/index.ts in production and by the Vite plugin in development.
 */
import type { LiveDocuments } from './collab/live-documents';
import type { ImportConverter } from './import/runner';

export interface ServerServices {
	liveDocuments: LiveDocuments | null;
	importConverter: ImportConverter | null;
}

const SLOT = Symbol.for('trame.server-services');

type Slot = { [SLOT]?: ServerServices };

export function provideServerServices(services: Partial<ServerServices>): void {
	const slot = globalThis as Slot;
	slot[SLOT] = { liveDocuments: null, importConverter: null, ...slot[SLOT], ...services };
}

export function serverServices(): ServerServices {
	return (globalThis as Slot)[SLOT] ?? { liveDocuments: null, importConverter: null };
}
