/**
 * Where the app finds the collaboration server's `DocumentChanges` (server/collab/server-change.ts):
 * the app and the collaboration server share one process, so the server that creates the
 * collaboration server provides it here — server/index.ts in production, the Vite plugin
 * (src/lib/server/dev-collab.ts) in dev — and app code asks for it when it needs to read or change
 * a live document. One holder per process even if this module is loaded twice (the app's bundle
 * and the server's own import, or Vite's SSR reloads), like the live hub. No SvelteKit imports.
 */
import type { DocumentChanges } from '../../../server/collab/server-change';

const KEY = Symbol.for('trame.documentChanges');
const holder = globalThis as typeof globalThis & { [KEY]?: DocumentChanges | null };

/** Called by whoever created the collaboration server (null when it closes). */
export function provideDocumentChanges(documents: DocumentChanges | null): void {
	holder[KEY] = documents;
}

/** The live documents' server-side reads and changes, or null while no collaboration server runs. */
export function documentChanges(): DocumentChanges | null {
	return holder[KEY] ?? null;
}
