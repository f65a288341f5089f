/**
 * The document's state over HTTP: `GET /collab/<document>?schema=<n>` (the socket's own URL,
 * without the upgrade) answers what the socket answers a client holding nothing — the stored
 * state as it is (stored-answer.ts), or the live document's once it is loaded — after the same
 * admission (origin, document name, schema, session, access through `documentAccess()`), with
 * the same refusals. Only reads: every write still goes through the socket.
 *
 * Why: the document page's head script asks for it before the page's modules run, and the page
 * applies it before its provider connects, so the provider's sync step 1 carries the state's
 * vector and the socket only brings what changed since. Chromium hands a 1 MB WebSocket message
 * to the page in ~110 small tasks of its main thread, interleaved with the page's start-up
 * (module evaluation, hydration: tasks of 200–350 ms), so the message arrived after the editor
 * existed; an HTTP body arrives in 1–4 large chunks (S3B, README "the answer's way to the page").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as Y from 'yjs';
import { admit, type AdmissionPolicy } from './admission';
import { CollabError, CollabErrorId } from './errors';
import type { DocumentRegistry } from './registry';

/** HTTP status of each refusal (the socket closes with the matching close code instead). */
export function stateRefusalStatus(id: CollabErrorId): number {
	switch (id) {
		case CollabErrorId.Unauthenticated:
			return 401;
		case CollabErrorId.OriginNotAllowed:
		case CollabErrorId.Forbidden:
			return 403;
		case CollabErrorId.DocumentNotFound:
			return 404;
		case CollabErrorId.SchemaMismatch:
			return 409;
		default:
			return 503;
	}
}

/**
 * The state a client holding nothing gets: the stored bytes while the document loads, else the
 * live document's. The document is acquired (its load started, as a socket's would) and released.
 */
export async function documentState(
	registry: DocumentRegistry,
	documentName: string
): Promise<Uint8Array> {
	const acquiring = registry.acquire(documentName, { deferBuild: true });
	try {
		const stored = await registry.storedSnapshot(documentName);
		const update = stored?.update ?? null;
		if (update !== null) return update;
		return Y.encodeStateAsUpdate((await acquiring).ydoc);
	} finally {
		acquiring.then(
			() => registry.release(documentName),
			() => {}
		);
	}
}

/** Answers `request` (a GET of a collaboration URL without upgrade). */
export async function answerStateRequest(
	request: IncomingMessage,
	response: ServerResponse,
	deps: AdmissionPolicy & { registry: DocumentRegistry; isClosing(): boolean }
): Promise<void> {
	// Never cached, and never readable by another site's page (even with the user's cookies).
	const headers = {
		'cache-control': 'no-store',
		'x-content-type-options': 'nosniff',
		'cross-origin-resource-policy': 'same-origin'
	};
	const refuse = (error: CollabError) =>
		void response.writeHead(stateRefusalStatus(error.id), headers).end();
	if (deps.isClosing()) return refuse(new CollabError(CollabErrorId.ServiceRestart));
	let documentName: string;
	try {
		({ documentName } = await admit(
			{
				url: request.url ?? '/',
				headers: request.headers,
				remoteAddress: request.socket.remoteAddress
			},
			deps
		));
	} catch (error) {
		return refuse(
			error instanceof CollabError ? error : new CollabError(CollabErrorId.Unauthenticated)
		);
	}
	let state: Uint8Array;
	try {
		state = await documentState(deps.registry, documentName);
	} catch {
		return refuse(new CollabError(CollabErrorId.StorageUnavailable));
	}
	response
		.writeHead(200, {
			...headers,
			'content-type': 'application/octet-stream',
			'content-length': String(state.byteLength)
		})
		.end(state);
}
