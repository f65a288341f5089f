/**
 * A WebSocket opened while the local copy (IndexedDB) still loads, so that the handshake, the
 * server's access check and its loading of the document overlap that load instead of following
 * it. The provider adopts the socket when it connects (after the local load, as before): its sync
 * step 1 still carries the local state vector, so a warm open downloads only what it lacks.
 * Frames the server sent before the adoption are kept and replayed to the provider in order.
 */

/** The part of the WebSocket interface used here (the browser's, or `ws` in tests). */
export interface SocketLike {
	readonly readyState: number;
	readonly OPEN: number;
	binaryType: string;
	onopen: ((event: Event) => unknown) | null;
	onmessage: ((event: MessageEvent) => unknown) | null;
	addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
	removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
	close(): void;
}

export class EarlySocket<S extends SocketLike = WebSocket> {
	readonly url: string;
	#socket: S | null;
	#frames: MessageEvent[] = [];
	#taken = false;

	constructor(url: string, open: (url: string) => S) {
		this.url = url;
		let socket: S | null = null;
		try {
			socket = open(url);
			socket.binaryType = 'arraybuffer';
			socket.addEventListener('message', this.#keep);
		} catch {
			socket = null; // the provider opens its own socket later
		}
		this.#socket = socket;
	}

	#keep = (event: MessageEvent) => {
		this.#frames.push(event);
	};

	/**
	 * The socket, once, for the provider asking for the same URL while it is connecting or open;
	 * null otherwise (closed meanwhile, e.g. refused: the provider's own socket gets the reason).
	 */
	take(url: string): S | null {
		const socket = this.#socket;
		if (!socket || this.#taken || url !== this.url || socket.readyState > socket.OPEN) return null;
		this.#taken = true;
		return socket;
	}

	/**
	 * Call right after the provider connected (its handlers are set on `adopted`): delivers the
	 * `open` it missed and the frames kept so far. A socket the provider did not take is closed.
	 */
	handOver(adopted: unknown): void {
		const socket = this.#socket;
		this.#socket = null;
		if (!socket) return;
		socket.removeEventListener('message', this.#keep);
		const frames = this.#frames;
		this.#frames = [];
		if (adopted !== socket || !this.#taken) {
			if (!this.#taken) socket.close();
			return;
		}
		// Still connecting: the provider's own onopen fires, and nothing can have arrived yet.
		if (socket.readyState !== socket.OPEN) return;
		socket.onopen?.(new Event('open'));
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
