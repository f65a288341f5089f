/**
 * Wire constants of Trame's collaboration endpoint, shared by the browser and the server.
 *
 * The endpoint speaks the y-websocket protocol (sync + awareness) so a stock `WebsocketProvider`
 * can connect. Trame adds two message types for durable-save acknowledgement: the client sends
 * SaveRequest(k) after its local changes; the server answers Saved(k) only once every update it
 * received on that socket before the request is durably stored. Stock clients never send
 * SaveRequest, so they never receive a message type they do not know.
 */

/** Path prefix of the collaboration endpoint, on the same origin as the app. */
export const COLLAB_PATH = '/collab';

/** Query parameter carrying the editor schema version in the upgrade URL. */
export const SCHEMA_VERSION_PARAM = 'schema';

export const MessageType = {
	/** y-protocols sync (step 1, step 2, update). */
	Sync: 0,
	/** y-protocols awareness update. */
	Awareness: 1,
	/** y-websocket auth message (permission denied); not sent by Trame. */
	Auth: 2,
	/** y-websocket query awareness. */
	QueryAwareness: 3,
	/** Client → server: varuint request id. */
	SaveRequest: 100,
	/** Server → client: varuint request id, all earlier updates of this socket are durable. */
	Saved: 101,
	/** Server → client: varstring error id, then varstring JSON details; sent before a close. */
	Error: 102
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/**
 * WebSocket close codes. 4000–4999 are application codes. Stock y-websocket (3.x) clients stop
 * reconnecting on 4400–4499, so every code there means "reconnecting cannot succeed without user
 * action"; codes outside that range (4301, 4302, 4503) make clients reconnect.
 */
export const CloseCode = {
	/** Normal close. */
	Normal: 1000,
	/** Server going away (restart, SIGTERM): reconnect. */
	ServiceRestart: 1012,
	/** Frame larger than the server's maxPayload (set by `ws`). */
	MessageTooBig: 1009,
	/** Malformed message from the client. */
	ProtocolError: 4400,
	/** No session, bad or expired session. */
	Unauthenticated: 4401,
	/** Authenticated but not a member of the document's experiment. */
	Forbidden: 4403,
	/** Document does not exist (archived documents stay readable, read-only). */
	DocumentNotFound: 4404,
	/** Origin header not in the allowlist. */
	OriginNotAllowed: 4405,
	/** The member's role changed or they were removed: reconnect to get the new access. */
	AccessChanged: 4301,
	/** The client sent an update whose dependencies the server lacks: reconnect and sync again. */
	Resync: 4302,
	/** The client's editor schema version differs from the server's. */
	SchemaMismatch: 4409,
	/**
	 * A comment-role client sent an update that is not only its own suggestions (a direct edit, a
	 * deletion, a suggestion under someone else's name): refused, not stored.
	 */
	SuggestionRefused: 4422,
	/**
	 * The update brings text under a Yjs client id that belongs to another person (who wrote what,
	 * see server/collab/authorship.ts): refused, not stored.
	 */
	AuthorRefused: 4423,
	/** Applying the client's update would push the document over the size cap. */
	DocumentTooLarge: 4413,
	/** The server could not store the update durably; the client will resend on reconnect. */
	StorageUnavailable: 4503
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/**
 * Close codes after which reconnecting automatically is pointless: y-websocket's own rule, plus
 * 1009 (the same oversized state would be resent on reconnect, a loop). Pass it to
 * `WebsocketProvider`'s `shouldReconnect` option as `(event) => !isTerminalCloseCode(event.code)`.
 */
export function isTerminalCloseCode(code: number): boolean {
	return (code >= 4400 && code < 4500) || code === CloseCode.MessageTooBig;
}

/** Largest WebSocket frame the server accepts (a 16 MiB frame must be refused). */
export const MAX_MESSAGE_BYTES = 12 * 1024 * 1024;

/** Largest encoded document (Yjs update with history) the server keeps. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** Documents are addressed by their PocketBase record id: 15 chars of [a-z0-9]. */
const DOCUMENT_NAME = /^[a-z0-9]{15}$/;

export function isDocumentName(name: string): boolean {
	return DOCUMENT_NAME.test(name);
}

/** Path of the collaboration endpoint for one document, e.g. `/collab/abc123def456ghi`. */
export function collabPath(documentId: string): string {
	return `${COLLAB_PATH}/${documentId}`;
}

/** Extracts the document name from an upgrade request path, or null if it is not one. */
export function documentNameFromPath(pathname: string): string | null {
	const prefix = `${COLLAB_PATH}/`;
	if (!pathname.startsWith(prefix)) return null;
	const name = pathname.slice(prefix.length);
	return isDocumentName(name) ? name : null;
}

/**
 * Name of the HttpOnly cookie holding the user's PocketBase auth token. The app sets it at sign-in;
 * the browser sends it with the WebSocket upgrade (same origin). Non-browser clients send either
 * this cookie or `Authorization: Bearer <token>` on the upgrade request — never a token in the URL.
 */
export const SESSION_COOKIE = 'trame_session';
