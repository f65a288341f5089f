/**
 * What the document page needs to open its collaboration socket before its code runs (see
 * early-open-script.js): the inline script element, and the values it shares with the session
 * that adopts the socket (its URL, the local copy's name, the first sync request).
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { EDITOR_SCHEMA_VERSION } from '$lib/editor/schema-version';
import { MessageType, SCHEMA_VERSION_PARAM, collabPath, isDocumentName } from './protocol';
import { EARLY_OPEN_SCRIPT, LOCAL_COPY_MARKER_PREFIX } from './early-open-script.js';
import { localCopyName } from './local-copies';

export { localCopyName };

/** A PocketBase record id (a user's here). */
const RECORD_ID = /^[a-z0-9]{15}$/;

/**
 * Notes in localStorage that this browser holds (or is about to hold) the local copy `name`, so
 * that the page's script does not fetch the whole document over HTTP next time (it holds it).
 */
export function markLocalCopy(name: string): void {
	try {
		localStorage.setItem(`${LOCAL_COPY_MARKER_PREFIX}${name}`, '1');
	} catch {
		// Storage refused (private mode, quota): the next open fetches the state again; the socket
		// still brings only what the page lacks.
	}
}

/** Path and query of a document's collaboration socket, as the session's provider opens it. */
export function collabSocketPath(documentId: string): string {
	return `${collabPath(documentId)}?${SCHEMA_VERSION_PARAM}=${EDITOR_SCHEMA_VERSION}`;
}

/** The first sync request of a client holding nothing: sync step 1 with an empty state vector. */
export function emptySyncRequest(): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.Sync);
	encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
	encoding.writeVarUint8Array(encoder, Y.encodeStateVector(new Map()));
	return encoding.toUint8Array(encoder);
}

/**
 * The inline script element opening the socket of `documentId` for `userId` (whose local copy it
 * looks for; empty for a malformed id).
 */
export function earlyOpenScriptTag(documentId: string, userId: string): string {
	// The values go into attributes unescaped: a document's or user's id is [a-z0-9]{15}.
	if (!isDocumentName(documentId) || !RECORD_ID.test(userId)) return '';
	const data = [
		`data-path="${collabSocketPath(documentId)}"`,
		`data-local="${localCopyName(documentId, userId)}"`,
		`data-request="${emptySyncRequest().join(',')}"`
	];
	return `<script ${data.join(' ')}>${EARLY_OPEN_SCRIPT}</script>`;
}
