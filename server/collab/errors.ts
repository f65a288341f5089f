/**
 * Named refusals of the collaboration server. Each has a stable id (sent to the client in the
 * `Error` message and written in logs) and the close code the socket is closed with.
 */
import { CloseCode } from '../../src/lib/collab/protocol';

export const CollabErrorId = {
	OriginNotAllowed: 'origin_not_allowed',
	DocumentNotFound: 'document_not_found',
	SchemaMismatch: 'schema_mismatch',
	Unauthenticated: 'unauthenticated',
	Forbidden: 'forbidden',
	AccessChanged: 'access_changed',
	Resync: 'resync',
	DocumentTooLarge: 'document_too_large',
	SuggestionRefused: 'suggestion_refused',
	AuthorRefused: 'author_refused',
	ProtocolError: 'protocol_error',
	StorageUnavailable: 'storage_unavailable',
	ServiceRestart: 'service_restart'
} as const;
export type CollabErrorId = (typeof CollabErrorId)[keyof typeof CollabErrorId];

const CLOSE_CODES: Readonly<Record<CollabErrorId, CloseCode>> = {
	origin_not_allowed: CloseCode.OriginNotAllowed,
	document_not_found: CloseCode.DocumentNotFound,
	schema_mismatch: CloseCode.SchemaMismatch,
	unauthenticated: CloseCode.Unauthenticated,
	forbidden: CloseCode.Forbidden,
	access_changed: CloseCode.AccessChanged,
	resync: CloseCode.Resync,
	document_too_large: CloseCode.DocumentTooLarge,
	suggestion_refused: CloseCode.SuggestionRefused,
	author_refused: CloseCode.AuthorRefused,
	protocol_error: CloseCode.ProtocolError,
	storage_unavailable: CloseCode.StorageUnavailable,
	service_restart: CloseCode.ServiceRestart
};

export class CollabError extends Error {
	readonly id: CollabErrorId;
	readonly closeCode: CloseCode;
	/** Safe to send to the client (never secrets). */
	readonly details: Record<string, unknown>;

	constructor(id: CollabErrorId, details: Record<string, unknown> = {}, options?: ErrorOptions) {
		super(id, options);
		this.name = 'CollabError';
		this.id = id;
		this.closeCode = CLOSE_CODES[id];
		this.details = details;
	}
}

export function closeCodeOf(id: CollabErrorId): CloseCode {
	return CLOSE_CODES[id];
}

/** Close reasons are limited to 123 bytes by RFC 6455; the id always fits. */
export function closeReasonOf(id: CollabErrorId): string {
	return id;
}
