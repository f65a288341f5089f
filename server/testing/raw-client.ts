/**
 * A protocol-level test client on the `ws` package: records every frame it receives (to prove
 * what a refused client did or did not get) and speaks just enough y-websocket to drive the
 * server by hand. Used by unit and integration tests.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from '../../src/lib/collab/protocol';
import { encodeSyncStep1, encodeSyncUpdate, SyncStep } from '../collab/wire';
import { encodeAwarenessUpdate, type AwarenessEntry } from '../collab/awareness-guard';

export interface RawClientOptions {
	token?: string;
	cookie?: string;
	origin?: string;
	/** Answer the server's sync step 1 with our state (like a provider). Default true. */
	answerStep1?: boolean;
}

export interface ReceivedError {
	id: string;
	details: unknown;
}

export class RawClient {
	readonly frames: Uint8Array[] = [];
	readonly doc = new Y.Doc();
	readonly saved: number[] = [];
	readonly errors: ReceivedError[] = [];
	readonly awareness: AwarenessEntry[][] = [];
	readonly opened: Promise<void>;
	readonly closed: Promise<{ code: number; reason: string }>;
	closeEvent: { code: number; reason: string } | null = null;

	constructor(
		readonly ws: WebSocket,
		private readonly options: RawClientOptions
	) {
		this.opened = new Promise((resolve, reject) => {
			ws.once('open', () => resolve());
			ws.once('error', reject);
			ws.once('unexpected-response', (_req, res) =>
				reject(new Error(`unexpected HTTP ${res.statusCode}`))
			);
		});
		// Refusal tests never await `opened`; its rejection must not count as unhandled.
		this.opened.catch(() => {});
		this.closed = new Promise((resolve) => {
			ws.on('close', (code, reason) => {
				this.closeEvent = { code, reason: reason.toString() };
				resolve(this.closeEvent);
			});
		});
		ws.on('error', () => {});
		ws.on('message', (data: Buffer) => this.onFrame(new Uint8Array(data)));
	}

	/** Types of every frame received, in order. */
	get types(): number[] {
		return this.frames.map((frame) => decoding.readVarUint(decoding.createDecoder(frame)));
	}

	send(bytes: Uint8Array): void {
		this.ws.send(bytes);
	}

	sendStep1(): void {
		this.send(encodeSyncStep1(this.doc));
	}

	sendUpdate(update: Uint8Array): void {
		this.send(encodeSyncUpdate(update));
	}

	/** Makes a local change and sends it as a sync update; returns the update. */
	edit(change: (doc: Y.Doc) => void): Uint8Array {
		const captured: Uint8Array[] = [];
		const capture = (update: Uint8Array) => void captured.push(update);
		this.doc.on('update', capture);
		Y.transact(this.doc, () => change(this.doc), 'local');
		this.doc.off('update', capture);
		const update = captured[0];
		if (update === undefined) throw new Error('change produced no update');
		this.sendUpdate(update);
		return update;
	}

	sendSaveRequest(requestId: number): void {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MessageType.SaveRequest);
		encoding.writeVarUint(encoder, requestId);
		this.send(encoding.toUint8Array(encoder));
	}

	sendAwareness(entries: AwarenessEntry[]): void {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MessageType.Awareness);
		encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(entries));
		this.send(encoding.toUint8Array(encoder));
	}

	close(): Promise<{ code: number; reason: string }> {
		if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
			this.ws.close();
		}
		return this.closed;
	}

	text(name = 'text'): string {
		return this.doc.getText(name).toString();
	}

	private onFrame(frame: Uint8Array): void {
		this.frames.push(frame);
		const decoder = decoding.createDecoder(frame);
		const type = decoding.readVarUint(decoder);
		switch (type) {
			case MessageType.Sync: {
				const step = decoding.readVarUint(decoder);
				const payload = decoding.readVarUint8Array(decoder);
				if (step === SyncStep.Step1) {
					if (this.options.answerStep1 ?? true) {
						const encoder = encoding.createEncoder();
						encoding.writeVarUint(encoder, MessageType.Sync);
						encoding.writeVarUint(encoder, SyncStep.Step2);
						encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(this.doc, payload));
						this.send(encoding.toUint8Array(encoder));
					}
				} else {
					Y.applyUpdate(this.doc, payload, 'remote');
				}
				break;
			}
			case MessageType.Awareness: {
				const update = decoding.readVarUint8Array(decoder);
				const inner = decoding.createDecoder(update);
				const count = decoding.readVarUint(inner);
				const entries: AwarenessEntry[] = [];
				for (let i = 0; i < count; i++) {
					const clientId = decoding.readVarUint(inner);
					const clock = decoding.readVarUint(inner);
					entries.push({ clientId, clock, state: JSON.parse(decoding.readVarString(inner)) });
				}
				this.awareness.push(entries);
				break;
			}
			case MessageType.Saved:
				this.saved.push(decoding.readVarUint(decoder));
				break;
			case MessageType.Error:
				this.errors.push({
					id: decoding.readVarString(decoder),
					details: JSON.parse(decoding.readVarString(decoder))
				});
				break;
		}
	}
}

/**
 * Opens a raw client. `url` is the full socket URL (`ws://host:port/collab/<id>?schema=1`).
 * The token goes in `Authorization: Bearer` or the session cookie, never in the URL.
 */
export function connectRaw(url: string, options: RawClientOptions = {}): RawClient {
	const headers: Record<string, string> = {};
	if (options.token) headers.authorization = `Bearer ${options.token}`;
	if (options.cookie) headers.cookie = options.cookie;
	const ws = new WebSocket(url, { headers, ...(options.origin ? { origin: options.origin } : {}) });
	return new RawClient(ws, options);
}
