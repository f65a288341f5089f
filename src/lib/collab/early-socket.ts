/**
 * A WebSocket opened before the provider connects, so that the handshake, the server's access
 * check and its loading of the document overlap the page's start (hydration, the local copy's
 * load) instead of following it. Opened by the page's inline script (early-open-script.js) or, on
 * pages without it, when the session starts. Without a local copy (IndexedDB) the first sync
 * request (sync step 1, empty state vector) goes out as soon as the socket opens, and the
 * server's answer, the whole document, arrives meanwhile; with one, nothing is sent early: the
 * provider's sync step 1 carries the local state vector, so a warm open downloads only what it
 * lacks. The provider adopts the socket when it connects; frames received before are kept and
 * replayed to it in order. When the request went out early, the provider's own sync step 1 is not
 * sent: the early answer holds everything the server had, what comes later arrives as updates, and
 * a second answer (up to the whole document) would double the transfer. What the provider holds
 * and the server lacks still goes out, in its answer to the server's own sync step 1.
 */
import { MessageType } from './protocol';

/** y-protocols' sync step 1 (`messageYjsSyncStep1`). */
const SYNC_STEP_1 = 0;

/** The part of the WebSocket interface used here (the browser's, or `ws` in tests). */
export interface SocketLike {
	readonly readyState: number;
	readonly OPEN: number;
	binaryType: string;
	onopen: ((event: Event) => unknown) | null;
	onmessage: ((event: MessageEvent) => unknown) | null;
	addEventListener(type: 'message' | 'open', listener: (event: MessageEvent) => void): void;
	removeEventListener(type: 'message' | 'open', listener: (event: MessageEvent) => void): void;
	send(data: Uint8Array): void;
	close(): void;
}

/** A socket being opened early, and what it received and sent so far (the script's shape). */
export interface EarlyOpening<S extends SocketLike = WebSocket> {
	readonly url: string;
	readonly socket: S;
	/** Frames received so far, in order (until `release`). */
	readonly frames: MessageEvent[];
	/** The sync request sent on the socket, or null while none was. */
	readonly sent: Uint8Array | null;
	/** Resolves true when the browser held no local copy of the document (false when unsure). */
	readonly noLocalCopy: Promise<boolean>;
	/**
	 * The document's state fetched over HTTP instead of asked on the socket (the page's script,
	 * early-open-script.js), null when it was not fetched; resolves null when it could not be.
	 */
	readonly state?: Promise<ArrayBuffer | null> | null;
	/** Stops keeping frames and sending the request. */
	release(): void;
}

/**
 * Opens `url` now and sends `request` once it is open, if `noLocalCopy` resolves true by then
 * (or as soon as it does): what the page's inline script does, for pages without it.
 */
export function openEarly<S extends SocketLike>(
	url: string,
	open: (url: string) => S,
	request: Uint8Array,
	noLocalCopy: Promise<boolean>
): EarlyOpening<S> | null {
	let socket: S;
	try {
		socket = open(url);
	} catch {
		return null; // the provider opens its own socket later
	}
	socket.binaryType = 'arraybuffer';
	let missing = false;
	let released = false;
	let sent: Uint8Array | null = null;
	const frames: MessageEvent[] = [];
	const keep = (event: MessageEvent) => void frames.push(event);
	const send = () => {
		if (released || !missing || sent !== null || socket.readyState !== socket.OPEN) return;
		socket.send(request);
		sent = request;
	};
	socket.addEventListener('message', keep);
	socket.addEventListener('open', send);
	return {
		url,
		socket,
		frames,
		get sent() {
			return sent;
		},
		noLocalCopy: noLocalCopy.then(
			(value) => {
				missing = value;
				send();
				return value;
			},
			() => false
		),
		release: () => {
			released = true;
			socket.removeEventListener('message', keep);
			socket.removeEventListener('open', send);
		}
	};
}

export class EarlySocket<S extends SocketLike = WebSocket> {
	readonly url: string;
	readonly noLocalCopy: Promise<boolean>;
	/** See `EarlyOpening.state`. */
	readonly state: Promise<ArrayBuffer | null> | null;
	#opening: EarlyOpening<S> | null;
	#taken = false;

	/** `opening`: null when the socket could not be opened (the provider opens its own). */
	constructor(url: string, opening: EarlyOpening<S> | null) {
		this.url = url;
		this.#opening = opening;
		this.noLocalCopy = opening?.noLocalCopy ?? Promise.resolve(false);
		this.state = opening?.state ?? null;
	}

	/**
	 * The opening the page's inline script left in `scope[key]`, taken once (a later session on
	 * the same page opens its own). One for another URL is closed: null then.
	 */
	static fromPage(url: string, scope: object, key: string): EarlySocket | null {
		const slot = scope as Record<string, EarlyOpening | undefined>;
		const opening = slot[key];
		if (!opening) return null;
		delete slot[key];
		if (opening.url === url) return new EarlySocket(url, opening);
		opening.release();
		opening.socket.close();
		return null;
	}

	/**
	 * The socket, once, for the provider asking for the same URL while it is connecting or open;
	 * null otherwise (closed meanwhile, e.g. refused: the provider's own socket gets the reason).
	 */
	take(url: string): S | null {
		const socket = this.#opening?.socket;
		if (!socket || this.#taken || url !== this.url || socket.readyState > socket.OPEN) return null;
		this.#taken = true;
		return socket;
	}

	/**
	 * Call right after the provider connected (its handlers are set on `adopted`): delivers the
	 * `open` it missed and the frames kept so far. A socket the provider did not take is closed.
	 */
	handOver(adopted: unknown): void {
		const opening = this.#opening;
		this.#opening = null;
		if (!opening) return;
		opening.release();
		const { socket, frames, sent } = opening;
		if (adopted !== socket || !this.#taken) {
			if (!this.#taken) socket.close();
			return;
		}
		// Still connecting: the provider's own onopen fires, no request went out, nothing arrived.
		if (socket.readyState !== socket.OPEN) return;
		const open = () => socket.onopen?.(new Event('open'));
		if (sent === null) open();
		else withoutSyncStep1(socket, open);
		for (const frame of frames) {
			// The provider detaches its handlers when it closes the socket (e.g. a protocol error).
			if (!socket.onmessage || socket.readyState !== socket.OPEN) break;
			socket.onmessage(frame);
		}
	}

	/** Closes the socket unless the provider took it (destroy, or a retry before the adoption). */
	discard(): void {
		this.handOver(null);
	}
}

/**
 * Runs `open` (the provider's onopen) with the socket's `send` leaving out one sync step 1: the
 * request was already made on this socket, its answer is on its way or kept.
 */
function withoutSyncStep1(socket: SocketLike, open: () => void): void {
	const send = socket.send.bind(socket);
	let left = false;
	Object.defineProperty(socket, 'send', {
		configurable: true,
		writable: true,
		value: (data: Uint8Array) => {
			if (!left && isSyncStep1(data)) left = true;
			else send(data);
		}
	});
	try {
		open();
	} finally {
		delete (socket as { send?: unknown }).send;
	}
}

/** Whether `data` is a sync step 1 message (both leading varuints are single bytes). */
export function isSyncStep1(data: unknown): boolean {
	return data instanceof Uint8Array && data[0] === MessageType.Sync && data[1] === SYNC_STEP_1;
}
