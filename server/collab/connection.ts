/**
 * The core of the collaboration server: one WebSocket, from the completed upgrade to its close.
 *
 * 1. Admission (origin, document name, schema, session, access) while incoming frames are only
 *    buffered: a refused socket gets at most one `Error` message and a named close code, never a
 *    document or awareness byte.
 * 2. Session: y-websocket sync + awareness, with read-only connections' document updates dropped
 *    and comment-role ones limited to their own suggestions (suggestion-check.ts),
 *    awareness identity enforced, a document size cap, and `SaveRequest(k)` answered `Saved(k)`
 *    only once every update received on this socket before the request is durable.
 */
import type { RawData, WebSocket } from 'ws';
import * as decoding from 'lib0/decoding';
import { MessageType } from '../../src/lib/collab/protocol';
import type { AuthUser, ConnectionAccess } from '../auth/authenticator';
import { checkSchema } from './suggestion-check';
import { suggestionGuard, type SuggestionGuard } from './suggestion-guard';
import { hopTrace } from './hop-trace';
import type { Logger } from '../log';
import { admit, type AdmissionPolicy, type ConnectionRequest } from './admission';
import {
	colorForUser,
	applyAwarenessEntries,
	decodeAwarenessUpdate,
	type AwarenessIdentity
} from './awareness-guard';
import type { ApplyResult, CollabDocument, DocumentPeer } from './document';
import { CollabError, CollabErrorId } from './errors';
import { errorMessage } from './persistence';
import type { DocumentRegistry } from './registry';
import type { Barrier } from './remote-ledger';
import { DEFAULT_REQUEST_BUDGET, RequestBudget } from './request-budget';
import { syncStep1StateVector, type StoredSnapshot } from './stored-answer';
import { inspectUpdate, type UpdateInspection } from './update-check';
import { SyncStep, encodeError, encodeSaved, encodeSyncStep1, encodeSyncUpdate } from './wire';

export type { ConnectionRequest } from './admission';

export interface ConnectionDeps extends AdmissionPolicy {
	registry: DocumentRegistry;
	logger: Logger;
	/** Interval of WebSocket pings; a socket that missed one pong is terminated. */
	pingIntervalMs: number;
	/** True once the server is shutting down: new sockets are turned away. */
	isClosing(): boolean;
	/** True after the final flush: document updates are no longer accepted (nor acked). */
	isFrozen(): boolean;
	register(session: Session): void;
	unregister(session: Session): void;
	nextConnectionId(): number;
}

/**
 * Frames a client may send before it is admitted. A stock client sends two (sync step 1,
 * presence), plus one per keystroke if its user types while admission is slow; far more is a flood.
 */
const MAX_EARLY_MESSAGES = 256;
/**
 * Bytes buffered for a client before it is admitted. Past this the socket is paused (TCP
 * backpressure) until admission ends: an unauthenticated client cannot make the server hold more,
 * and a member pasting while admission is slow is not refused.
 */
const MAX_EARLY_BYTES = 1024 * 1024;
/** y-protocols' encoding of an update that changes nothing. */
const EMPTY_UPDATE_LENGTH = 2;

export async function handleConnection(
	ws: WebSocket,
	request: ConnectionRequest,
	deps: ConnectionDeps
): Promise<void> {
	const connection = deps.nextConnectionId();
	const log = deps.logger;
	const early: Uint8Array[] = [];
	let earlyBytes = 0;
	let session: Session | null = null;
	let closed = false;
	let refused = false;

	ws.on('error', (error) => {
		// ws reports oversized frames (then closes with 1009) and protocol violations here.
		log.warn('collab.socket_error', { connection, error: error.message });
	});
	ws.on('close', (code) => {
		closed = true;
		session?.onClose(code);
	});
	const refuse = (error: CollabError, document?: string) => {
		if (refused) return;
		refused = true;
		// Nothing buffered for a refused socket is ever read: let it go now.
		early.length = 0;
		// Read on, so the client's close frame completes the handshake (frames are discarded).
		if (ws.isPaused) ws.resume();
		log.info('collab.refused', { connection, document, reason: error.id, code: error.closeCode });
		sendAndClose(ws, error);
	};
	// Once admitted, the client's sync step 1 is answered from the stored rows while the document
	// loads (stored-answer.ts). `snapshot` is only ever set after admission.
	let snapshot: StoredSnapshot | null = null;
	let answered = false;
	const answerFromStored = () => {
		if (snapshot === null || session !== null || refused || closed) return;
		answerFirstRequest(snapshot);
		// An edit, a save request, a request the bytes cannot answer: the live document is needed
		// now (stored-answer.ts). Presence alone waits for it (no other peer is there yet).
		if (early.some((message) => message[0] !== MessageType.Awareness)) snapshot.need();
	};
	const answerFirstRequest = (snapshot: StoredSnapshot) => {
		if (answered || ws.readyState !== ws.OPEN) return;
		for (let at = 0; at < early.length; at++) {
			const stateVector = syncStep1StateVector(early[at]!);
			if (stateVector === null) continue;
			const answer = snapshot.answer(stateVector);
			// Not computable from the bytes: the session answers it from the live document.
			if (answer === null) return;
			early.splice(at, 1);
			answered = true;
			snapshot.sending(new Promise<void>((resolve) => ws.send(answer, () => resolve())));
			return;
		}
	};
	const onEarlyMessage = (data: RawData, isBinary: boolean) => {
		if (refused) return;
		if (!isBinary || early.length >= MAX_EARLY_MESSAGES) {
			refuse(new CollabError(CollabErrorId.ProtocolError, { reason: 'early_flood' }));
			return;
		}
		const bytes = toBytes(data);
		early.push(bytes);
		earlyBytes += bytes.byteLength;
		answerFromStored();
		if (earlyBytes > MAX_EARLY_BYTES && !ws.isPaused) {
			log.warn('collab.early_paused', { connection, bytes: earlyBytes });
			ws.pause();
		}
	};
	ws.on('message', onEarlyMessage);

	if (deps.isClosing()) return refuse(new CollabError(CollabErrorId.ServiceRestart));
	let admission;
	try {
		admission = await admit(request, deps);
	} catch (error) {
		const refusal = asCollabError(error, CollabErrorId.Unauthenticated);
		if (refusal.cause !== undefined) {
			log.warn('collab.auth_failed', { connection, error: errorMessage(refusal.cause) });
		}
		return refuse(refusal);
	}
	if (closed || refused) return;
	const { documentName } = admission;
	let document: CollabDocument;
	try {
		const acquiring = deps.registry.acquire(documentName, { deferBuild: true });
		void deps.registry.storedSnapshot(documentName)?.then((stored) => {
			snapshot = stored;
			answerFromStored();
		});
		document = await acquiring;
	} catch (error) {
		log.error('collab.load_failed', { document: documentName, error: errorMessage(error) });
		return refuse(new CollabError(CollabErrorId.StorageUnavailable), documentName);
	}
	if (closed || ws.readyState !== ws.OPEN || deps.isClosing()) {
		deps.registry.release(documentName);
		if (!closed) refuse(new CollabError(CollabErrorId.ServiceRestart), documentName);
		return;
	}
	const live = new Session(ws, connection, document, admission.user, admission.access, deps);
	session = live;
	ws.off('message', onEarlyMessage);
	ws.on('message', (data: RawData, isBinary: boolean) => live.receive(data, isBinary));
	live.start(answered);
	for (const message of early.splice(0)) live.receiveBytes(message);
	if (ws.isPaused) ws.resume();
}

/** A live, admitted connection to one document. */
export class Session implements DocumentPeer {
	readonly key: number;
	readonly userId: string;
	readonly identity: AwarenessIdentity;
	requiredSeq = 0;
	remoteBarrier: Barrier | null = null;
	private closing = false;
	private droppedUpdates = false;
	private loggedUnknownType = false;
	private alive = true;
	private pingTimer: ReturnType<typeof setInterval> | null = null;
	private readonly requests = new RequestBudget(DEFAULT_REQUEST_BUDGET, Date.now());
	/** Held by a comment-role socket from its start until it closes (keeps the check incremental). */
	private guard: SuggestionGuard | null = null;

	constructor(
		private readonly ws: WebSocket,
		readonly connectionId: number,
		readonly document: CollabDocument,
		readonly user: AuthUser,
		readonly access: ConnectionAccess,
		private readonly deps: ConnectionDeps
	) {
		this.key = connectionId;
		this.userId = user.id;
		this.identity = { id: user.id, name: user.name, color: colorForUser(user.id) };
	}

	get documentName(): string {
		return this.document.name;
	}

	get canEdit(): boolean {
		return this.access === 'edit';
	}

	/** `answered`: whether this client was answered from the stored rows while the document loaded. */
	start(answered = false): void {
		this.document.addPeer(this);
		this.deps.register(this);
		this.deps.logger.info('collab.connected', {
			connection: this.connectionId,
			document: this.documentName,
			user: this.userId,
			access: this.access,
			...(answered ? { answeredFromStored: true } : {})
		});
		if (answered) {
			// What the live document holds beyond it (a migration, others' edits meanwhile).
			const beyond = this.document.updateBeyondStored();
			if (beyond !== null) this.send(encodeSyncUpdate(beyond));
		}
		// Ask writers (editors, and commenters for their suggestions) for what they have that we
		// lack; readers' updates would be dropped anyway.
		if (this.access !== 'read') this.send(encodeSyncStep1(this.document.ydoc));
		const presence = this.document.awarenessSnapshot();
		if (presence !== null) this.send(presence);
		// The check's editor schema (built once per process, ~10-20 ms) and the document's shadow
		// copy (suggestion-guard.ts) are made now, after this socket's first answers, rather than
		// inside a commenter's first keystroke, where they would hold up every peer's relay.
		if (this.access === 'comment') {
			checkSchema();
			this.suggestions();
		}
		this.ws.on('pong', () => {
			this.alive = true;
		});
		this.pingTimer = setInterval(() => {
			if (!this.alive) {
				this.deps.logger.info('collab.ping_timeout', { connection: this.connectionId });
				this.ws.terminate();
				return;
			}
			this.alive = false;
			this.ws.ping();
		}, this.deps.pingIntervalMs);
		this.pingTimer.unref();
	}

	receive(data: RawData, isBinary: boolean): void {
		if (!isBinary) {
			this.closeWith(new CollabError(CollabErrorId.ProtocolError, { reason: 'text_frame' }));
			return;
		}
		this.receiveBytes(toBytes(data));
	}

	receiveBytes(message: Uint8Array): void {
		if (this.closing) return;
		this.alive = true;
		try {
			const decoder = decoding.createDecoder(message);
			const type = decoding.readVarUint(decoder);
			switch (type) {
				case MessageType.Sync:
					this.onSync(decoder);
					break;
				case MessageType.Awareness:
					this.onAwareness(decoding.readVarUint8Array(decoder));
					break;
				case MessageType.QueryAwareness: {
					this.spendRequest();
					const presence = this.document.awarenessSnapshot();
					if (presence !== null) this.send(presence);
					break;
				}
				case MessageType.SaveRequest:
					this.onSaveRequest(decoding.readVarUint(decoder));
					break;
				default:
					// Forward compatibility: unknown types are ignored, not fatal.
					if (!this.loggedUnknownType) {
						this.loggedUnknownType = true;
						this.deps.logger.warn('collab.unknown_message', {
							connection: this.connectionId,
							type
						});
					}
			}
		} catch (error) {
			const refusal = asCollabError(error, CollabErrorId.ProtocolError);
			this.deps.logger.warn('collab.bad_message', {
				connection: this.connectionId,
				document: this.documentName,
				reason: refusal.id,
				error: errorMessage(refusal.cause ?? error)
			});
			this.closeWith(refusal);
		}
	}

	send(message: Uint8Array): void {
		if (this.ws.readyState !== this.ws.OPEN) return;
		this.ws.send(message, this.afterSend);
	}

	/** One callback for every send (a broadcast is a send per peer per tick: no closure each). */
	private readonly afterSend = (error?: Error | null): void => {
		if (error) this.deps.logger.warn('collab.send_failed', { connection: this.connectionId });
	};

	closeWith(error: CollabError): void {
		if (this.closing) return;
		this.closing = true;
		this.deps.logger.info('collab.closing', {
			connection: this.connectionId,
			document: this.documentName,
			user: this.userId,
			reason: error.id,
			code: error.closeCode
		});
		sendAndClose(this.ws, error);
	}

	/** Called once when the socket is closed, whoever closed it. */
	onClose(code: number): void {
		this.closing = true;
		this.guard?.release();
		this.guard = null;
		if (this.pingTimer !== null) clearInterval(this.pingTimer);
		this.document.removePeer(this);
		this.deps.unregister(this);
		this.deps.registry.release(this.documentName);
		this.deps.logger.info('collab.disconnected', {
			connection: this.connectionId,
			document: this.documentName,
			user: this.userId,
			code
		});
	}

	private onSync(decoder: decoding.Decoder): void {
		const step = decoding.readVarUint(decoder);
		const payload = decoding.readVarUint8Array(decoder);
		switch (step) {
			case SyncStep.Step1:
				this.spendRequest();
				this.send(this.document.syncStep2(payload));
				return;
			case SyncStep.Step2:
			case SyncStep.Update:
				this.onDocumentUpdate(payload, step === SyncStep.Update);
				return;
			default:
				throw new CollabError(CollabErrorId.ProtocolError, { reason: 'sync_step' });
		}
	}

	/**
	 * Requests that make the server reply with the document or the presence list are budgeted,
	 * before and after admission alike (early frames are replayed through here).
	 */
	private spendRequest(): void {
		if (!this.requests.take(Date.now())) {
			throw new CollabError(CollabErrorId.ProtocolError, { reason: 'request_flood' });
		}
	}

	private suggestions(): SuggestionGuard {
		if (!this.guard) {
			this.guard = suggestionGuard(this.document.ydoc);
			this.guard.retain();
		}
		return this.guard;
	}

	private onDocumentUpdate(update: Uint8Array, incremental: boolean): void {
		const receivedAt = hopTrace?.now() ?? 0;
		let checked: SuggestionGuard | null = null;
		// Decoded once for the check and the live document alike (undefined: the document decodes it).
		let inspection: UpdateInspection | undefined;
		let checkedAt = 0;
		if (this.access === 'comment' && update.byteLength > EMPTY_UPDATE_LENGTH) {
			checked = this.suggestions();
			try {
				inspection = inspectUpdate(update);
			} catch {
				// Not decodable: the whole-document check refuses it ('unreadable').
			}
			let violation: ReturnType<SuggestionGuard['check']>;
			try {
				violation = checked.check(update, this.userId, inspection ?? null);
			} catch (error) {
				// Whatever the check did to its shadow is not the live document's.
				checked.resync();
				throw error;
			}
			checkedAt = hopTrace?.now() ?? 0;
			if (violation !== null) {
				this.deps.logger.warn('collab.suggestion_refused', {
					connection: this.connectionId,
					document: this.documentName,
					user: this.userId,
					reason: violation
				});
				this.closeWith(new CollabError(CollabErrorId.SuggestionRefused, { reason: violation }));
				return;
			}
		} else if (!this.canEdit) {
			if (update.byteLength <= EMPTY_UPDATE_LENGTH) return;
			if (!this.droppedUpdates) {
				this.deps.logger.warn('collab.readonly_update_dropped', {
					connection: this.connectionId,
					document: this.documentName,
					user: this.userId,
					access: this.access
				});
			}
			this.droppedUpdates = true;
			return;
		}
		if (this.deps.isFrozen()) {
			// Shutting down after the final flush: not applied, so never acked; the client resends.
			this.droppedUpdates = true;
			checked?.resync();
			return;
		}
		let result: ApplyResult;
		try {
			result = this.document.applyClientUpdate(update, this, incremental, inspection);
		} catch (error) {
			checked?.resync();
			throw error;
		}
		if (hopTrace && result === 'applied') hopTrace.applied(update, receivedAt, checkedAt);
		// The guard's shadow took the whole update; the live document did not.
		if (result !== 'applied') checked?.resync();
		if (result === 'incomplete') this.onIncompleteUpdate(incremental);
		if (result === 'too_large') {
			this.closeWith(
				new CollabError(CollabErrorId.DocumentTooLarge, {
					maxBytes: this.deps.registry.maxDocumentBytes
				})
			);
		}
	}

	/**
	 * Part of the update depended on content the server lacks (dropped by the document). An
	 * incremental update: the client reconnects and its sync step 2, computed against what the
	 * server has, carries the part with its dependencies. A sync step 2 already did: the rest is
	 * content the client itself could not integrate, so no ack on this socket can be honest.
	 */
	private onIncompleteUpdate(incremental: boolean): void {
		this.deps.logger.warn('collab.update_incomplete', {
			connection: this.connectionId,
			document: this.documentName,
			incremental
		});
		if (incremental) this.closeWith(new CollabError(CollabErrorId.Resync));
		else this.droppedUpdates = true;
	}

	private onAwareness(update: Uint8Array): void {
		const receivedAt = hopTrace?.now() ?? 0;
		const entries = decodeAwarenessUpdate(update);
		const kept = this.document.guard.filter(this, entries);
		if (kept.length === 0) return;
		const guardedAt = hopTrace?.now() ?? 0;
		applyAwarenessEntries(this.document.awareness, kept, this);
		hopTrace?.presenceApplied(kept, receivedAt, guardedAt);
		this.document.presenceBound(this);
	}

	private onSaveRequest(requestId: number): void {
		if (this.droppedUpdates) {
			// Honest acks: some of this socket's updates were refused, so they will never be stored.
			return;
		}
		void this.document.waitDurable(this).then(() => {
			this.send(encodeSaved(requestId));
		});
	}
}

function sendAndClose(ws: WebSocket, error: CollabError): void {
	if (ws.readyState === ws.OPEN) {
		ws.send(encodeError(error.id, error.details));
		ws.close(error.closeCode, error.id);
	} else if (ws.readyState === ws.CONNECTING) {
		ws.terminate();
	}
}

function asCollabError(error: unknown, fallback: CollabErrorId): CollabError {
	if (error instanceof CollabError) return error;
	return new CollabError(fallback, {}, { cause: error });
}

function toBytes(data: RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
