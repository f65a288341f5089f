/**
 * One browser session on a collaborative document: the Y.Doc, its local IndexedDB copy, the
 * WebSocket connection to `/collab/<id>` and the truthful save status. Reactive ($state) so the
 * editor component only renders it.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { EDITOR_SCHEMA_VERSION } from '$lib/editor/schema-version';
import {
	COLLAB_PATH,
	CloseCode,
	MessageType,
	SCHEMA_VERSION_PARAM,
	collabPath,
	isTerminalCloseCode
} from './protocol';
import { SaveTracker, saveStatus, type SaveStatus } from './save-tracker';
import { EarlySocket, openEarly } from './early-socket';
import { emptySyncRequest, localCopyName, markLocalCopy } from './early-open';
import { EARLY_OPEN_GLOBAL } from './early-open-script.js';
import { noteUnsent, registerOpenCopy } from './local-copies';
import { sendOwnPresenceOnly } from './own-presence';
import { skipEmptyFormattingCleanup } from './formatting-cleanup';

export interface PresenceIdentity {
	id: string;
	name: string;
	color: string;
}

export interface Peer extends PresenceIdentity {
	self: boolean;
}

/** Why the connection stopped for good (until the user acts). */
export type TerminalReason =
	'unauthenticated' | 'forbidden' | 'not_found' | 'origin' | 'too_large' | 'schema' | 'protocol';

const TERMINAL_REASONS: Readonly<Record<number, TerminalReason>> = {
	[CloseCode.Unauthenticated]: 'unauthenticated',
	[CloseCode.Forbidden]: 'forbidden',
	[CloseCode.DocumentNotFound]: 'not_found',
	[CloseCode.OriginNotAllowed]: 'origin',
	[CloseCode.DocumentTooLarge]: 'too_large',
	[CloseCode.MessageTooBig]: 'too_large',
	[CloseCode.SchemaMismatch]: 'schema'
};

/** Largest wait for the local copy before connecting anyway (IndexedDB can hang or be absent). */
const LOCAL_LOAD_TIMEOUT_MS = 3000;

export interface CollabSessionOptions {
	documentId: string;
	/** The signed-in user (`id`: their user id, which also scopes the local copy to them). */
	identity: PresenceIdentity;
	/** The document's title, named when signing out would erase its unsent edits. */
	title?: string;
	/** The server closed with AccessChanged: the session reconnects; reload the page's access. */
	onAccessChanged?: () => void;
}

function isPresenceIdentity(value: unknown): value is PresenceIdentity {
	if (typeof value !== 'object' || value === null) return false;
	const v = value as Record<string, unknown>;
	return typeof v.id === 'string' && typeof v.name === 'string' && typeof v.color === 'string';
}

export class CollabSession {
	saveStatus = $state<SaveStatus>('offline');
	peers = $state<Peer[]>([]);
	terminal = $state<TerminalReason | null>(null);
	/** The local copy (IndexedDB) has been loaded, could not be, or there is none: connecting. */
	localLoaded = $state(false);
	/** Synced with the server at least once in this session (its socket, or the fetched state). */
	everSynced = $state(false);

	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	readonly #persistence: IndexeddbPersistence | null;
	/** Resolves true when this browser held no local copy of the document before this session. */
	readonly #noLocalCopy: Promise<boolean>;
	readonly #tracker: SaveTracker;
	readonly #options: CollabSessionOptions;
	#early: EarlySocket | null = null;
	#destroyed = false;
	/** Someone typed since everything was last acknowledged (loading the local copy is not typing). */
	#typedUnsent = false;
	/** The copy may be noted as holding unsent edits (a previous visit's note, until the first save). */
	#unsentNoted = true;
	readonly #unregisterCopy: () => void;

	constructor(options: CollabSessionOptions) {
		this.#options = options;
		skipEmptyFormattingCleanup(this.doc);
		const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
		// WebsocketProvider appends `/<room>`: the URL is `collabPath(documentId)` on this origin.
		this.provider = new WebsocketProvider(
			`${scheme}//${location.host}${COLLAB_PATH}`,
			options.documentId,
			this.doc,
			{
				connect: false,
				disableBc: true,
				params: { [SCHEMA_VERSION_PARAM]: String(EDITOR_SCHEMA_VERSION) },
				shouldReconnect: (event) => !isTerminalCloseCode(event.code),
				WebSocketPolyfill: adoptingSocket(() => this.#early)
			}
		);
		if (!this.provider.url.includes(collabPath(options.documentId))) {
			throw new Error(`Unexpected collaboration URL ${this.provider.url}`);
		}

		this.#tracker = new SaveTracker(
			(k) => this.#sendSaveRequest(k),
			(state) => {
				this.saveStatus = saveStatus(state);
				this.#noteUnsent();
			}
		);

		this.provider.messageHandlers[MessageType.Saved] = (_encoder, decoder) => {
			this.#tracker.dispatch({ type: 'saved', k: decoding.readVarUint(decoder) });
		};
		this.provider.messageHandlers[MessageType.Error] = (_encoder, decoder) => {
			// The close code that follows drives what the page shows (session expired, access
			// removed…); the id is kept for whoever debugs, not reported as a browser problem.
			const id = decoding.readVarString(decoder);
			console.info(`[collab] server error: ${id}`);
		};

		this.provider.on('status', ({ status }) => {
			if (status === 'connected') this.#tracker.dispatch({ type: 'connected' });
			else if (status === 'disconnected') this.#tracker.dispatch({ type: 'disconnected' });
		});
		this.provider.on('sync', (synced) => {
			if (!synced) return;
			if (!this.everSynced) mark('trame:first-sync');
			this.everSynced = true;
			this.#tracker.dispatch({ type: 'synced' });
		});
		this.provider.on('connection-close', (event) => {
			if (!event) return;
			if (isTerminalCloseCode(event.code)) {
				this.terminal = TERMINAL_REASONS[event.code] ?? 'protocol';
				this.provider.shouldConnect = false;
				// A refused suggestion (e.g. withdrawn while an editor accepted it) must not come
				// back from the local copy after reloading: start again from the server's document.
				if (event.code === CloseCode.SuggestionRefused) {
					void this.#persistence?.clearData();
					noteUnsent(options.identity.id, options.documentId, '', false);
				}
			} else if (event.code === CloseCode.AccessChanged) {
				this.#options.onAccessChanged?.();
			}
		});

		// Registered after the provider's own listener, so a SaveRequest always follows the update
		// it covers on the socket.
		this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
			if (origin === this.provider) return;
			if (origin !== this.#persistence) this.#typedUnsent = true;
			this.#tracker.dispatch({ type: 'local-change' });
		});

		this.provider.awareness.on('change', () => this.#updatePeers());
		sendOwnPresenceOnly(this.provider);

		// The socket the page's inline script opened, with what it received so far.
		this.#early = EarlySocket.fromPage(this.provider.url, window, EARLY_OPEN_GLOBAL);

		// The browser knows before the socket does: show "offline" at once, reconnect when back.
		window.addEventListener('offline', this.#onOffline);
		window.addEventListener('online', this.#onOnline);

		// This person's copy only: another account's copy on this browser (a session that expired
		// with unsent edits) must neither show here nor go out as this person's edits.
		const localName = localCopyName(options.documentId, options.identity.id);
		// Asked before the persistence opens (and so creates) the database (the page's script
		// asked even earlier).
		this.#noLocalCopy = this.#early?.noLocalCopy ?? localCopyMissing(localName);
		let persistence: IndexeddbPersistence | null = null;
		try {
			// Before the copy exists: the next open of this page must not fetch the whole document
			// over HTTP (early-open-script.js).
			markLocalCopy(localName);
			persistence = new IndexeddbPersistence(localName, this.doc);
		} catch {
			persistence = null;
		}
		this.#persistence = persistence;
		// Signing out erases the copy: its connection to IndexedDB is closed first.
		this.#unregisterCopy = registerOpenCopy({
			settled: () => this.saveStatus !== 'saving',
			close: () => void this.#persistence?.destroy()
		});
	}

	/**
	 * Keeps the note of unsent edits true (local-copies.ts): written at the first keystroke not
	 * yet acknowledged, removed once the server acknowledged everything.
	 */
	#noteUnsent(): void {
		if (this.saveStatus === 'saved') {
			this.#typedUnsent = false;
			if (this.#unsentNoted)
				noteUnsent(this.#options.identity.id, this.#options.documentId, '', false);
			this.#unsentNoted = false;
		} else if (this.#typedUnsent && !this.#unsentNoted) {
			noteUnsent(
				this.#options.identity.id,
				this.#options.documentId,
				this.#options.title ?? '',
				true
			);
			this.#unsentNoted = true;
		}
	}

	/**
	 * Loads the local copy, then connects (so offline edits go out in the first sync); without a
	 * local copy there is nothing to wait for and it connects at once. The socket itself is opened
	 * at once (or was, by the page's script) and adopted on connecting (early-socket.ts): the
	 * handshake, the server's loading of the document and, without a local copy, the transfer of
	 * the whole document overlap the page's start and the local load. `ready`: connecting waits
	 * for it too (the editor that shows the document: its extensions set up before the text comes).
	 */
	start(ready: Promise<unknown> = Promise.resolve()): void {
		this.#updatePeers();
		const connectNow = () => {
			if (this.#destroyed || this.localLoaded) return;
			this.localLoaded = true;
			mark('trame:connect');
			this.provider.connect();
			this.#early?.handOver(this.provider.ws);
			this.#early = null;
		};
		const started = Promise.all([ready, this.#applyFetchedState(ready)]);
		const connect = () => void started.then(connectNow, connectNow);
		if (!this.#persistence) {
			connect();
			return;
		}
		if (!this.#early) {
			mark('trame:socket');
			const opening = openEarly(
				this.provider.url,
				(url) => new WebSocket(url),
				emptySyncRequest(),
				this.#noLocalCopy
			);
			this.#early = new EarlySocket(this.provider.url, opening);
		}
		this.#persistence.whenSynced.then(connect, connect);
		// No local copy, so no offline edits to wait for: sync now, the local copy fills meanwhile.
		void this.#noLocalCopy.then((missing) => {
			if (missing) connect();
		});
		setTimeout(connect, LOCAL_LOAD_TIMEOUT_MS);
	}

	/**
	 * The state the page's script fetched instead of asking on the socket (early-open-script.js),
	 * applied as the server's (not sent back, not a local change) before the provider connects,
	 * so that its sync step 1 carries the state's vector. It is what the socket's first answer
	 * would have been (the stored state, server/collab/state-route.ts): the document is loaded;
	 * what the server holds beyond it comes through the provider, and edits made meanwhile go out
	 * in its sync (as offline edits do). Applied once the editor exists (it then builds the text
	 * once), in a task of its own: right after hydration SvelteKit reads the scroll position,
	 * which would lay the whole text out synchronously (~110 ms for 1 MB, S3B).
	 */
	#applyFetchedState(ready: Promise<unknown>): Promise<void> {
		const state = this.#early?.state;
		if (!state) return Promise.resolve();
		const settled = ready.then(
			() => {},
			() => {}
		);
		// A state that does not come (a stalled server) does not hold the connection: without it
		// the provider asks on the socket, as a page without the fetch does.
		const capped = Promise.race([
			state,
			new Promise<null>((resolve) => setTimeout(() => resolve(null), LOCAL_LOAD_TIMEOUT_MS))
		]);
		return Promise.all([capped, settled])
			.then(
				([bytes]) => new Promise<ArrayBuffer | null>((resolve) => setTimeout(() => resolve(bytes)))
			)
			.then((bytes) => {
				if (!bytes || this.#destroyed) return;
				Y.applyUpdate(this.doc, new Uint8Array(bytes), this.provider);
				if (!this.everSynced) mark('trame:first-sync');
				this.everSynced = true;
			})
			.catch(() => {});
	}

	#onOffline = () => {
		if (this.provider.shouldConnect) this.provider.disconnect();
	};

	#onOnline = () => {
		if (!this.#destroyed && this.localLoaded && this.terminal === null) this.provider.connect();
	};

	/** Drops the current socket and connects again (the user's "try again" on a slow load). */
	reconnect(): void {
		if (this.#destroyed || this.terminal !== null) return;
		this.#early?.discard();
		this.#early = null;
		this.provider.disconnect();
		this.localLoaded = true;
		this.provider.connect();
	}

	destroy(): void {
		this.#destroyed = true;
		this.#early?.discard();
		this.#early = null;
		window.removeEventListener('offline', this.#onOffline);
		window.removeEventListener('online', this.#onOnline);
		this.#unregisterCopy();
		this.provider.destroy();
		this.#persistence?.destroy();
		this.doc.destroy();
	}

	#sendSaveRequest(k: number): void {
		const ws = this.provider.ws;
		if (!this.provider.wsconnected || !ws || ws.readyState !== WebSocket.OPEN) return;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MessageType.SaveRequest);
		encoding.writeVarUint(encoder, k);
		ws.send(encoding.toUint8Array(encoder));
	}

	#updatePeers(): void {
		const selfId = this.doc.clientID;
		const self = this.#options.identity;
		const peers: Peer[] = [{ ...self, self: true }];
		for (const [clientId, state] of this.provider.awareness.getStates()) {
			if (clientId === selfId) continue;
			const user: unknown = (state as { user?: unknown }).user;
			// One entry per person, however many tabs they have open.
			if (!isPresenceIdentity(user) || peers.some((peer) => peer.id === user.id)) continue;
			peers.push({ id: user.id, name: user.name, color: user.color, self: false });
		}
		this.peers = peers;
	}
}

/** A milestone of opening a document (User Timing: read by the bench and in DevTools). */
export function mark(name: string): void {
	performance.mark?.(name);
}

/** Whether IndexedDB has no database `name` (false when it cannot tell: then the load is awaited). */
async function localCopyMissing(name: string): Promise<boolean> {
	try {
		if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return false;
		const databases = await indexedDB.databases();
		return !databases.some((database) => database.name === name);
	} catch {
		return false;
	}
}

/** The provider's WebSocket class: the early socket while it is still usable, a new one otherwise. */
function adoptingSocket(early: () => EarlySocket | null): typeof WebSocket {
	return class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			const socket = early()?.take(String(url));
			if (socket) return socket;
			super(url, protocols);
		}
	};
}
