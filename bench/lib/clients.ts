/**
 * Headless load clients: a real Y.Doc and awareness behind each server's own client library —
 * y-websocket's `WebsocketProvider` for Trame (with the session token, through the integration
 * tests' `connectCollabClient`) and for the plain server, `HocuspocusProvider` for both Hocuspocus
 * set-ups (Hocuspocus prefixes every message with the document name, so a stock provider cannot
 * talk to it).
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import { HocuspocusProvider, type HocuspocusProviderConfiguration } from '@hocuspocus/provider';
import { connectCollabClient } from '../../tests/support/collab-client';
import type { RunningServer } from './servers';

export interface LoadClient {
	doc: Y.Doc;
	awareness: Awareness;
	/** Resolves once the first sync with the server completed. */
	synced(): Promise<void>;
	/** Trame only: SaveRequest → Saved round trip (the "Enregistré" indicator). */
	save?(timeoutMs?: number): Promise<number>;
	/** How many times the socket opened (1 = never reconnected). */
	opens(): number;
	/** performance.now() of every completed sync (one per connection that synced). */
	syncTimes: number[];
	/**
	 * Trame only: from now on, drop the server's broadcast updates unread (sync and presence go on).
	 * A simulated browser that only types (bench/scenarios/typing.ts `observers`): at the end of
	 * its own paragraph its keystrokes are the same bytes whether or not it holds the others' text.
	 */
	typeOnly?(): void;
	destroy(): void;
}

export interface Target {
	server: RunningServer;
	/** Session token for the i-th client (Trame), cycling over the bench's users. */
	token(i: number): string;
}

export function connectLoadClient(target: Target, room: string, index: number): LoadClient {
	const { server } = target;
	const doc = new Y.Doc();
	let opens = 0;
	if (server.kind === 'trame') {
		doc.destroy();
		const client = connectCollabClient({
			wsUrl: server.wsUrl,
			documentId: room,
			token: target.token(index),
			bearer: true
		});
		client.provider.on('status', ({ status }: { status: string }) => {
			if (status === 'connected') opens++;
		});
		const syncTimes: number[] = [];
		client.provider.on('sync', (isSynced: boolean) => {
			if (isSynced) syncTimes.push(performance.now());
		});
		return {
			doc: client.doc,
			awareness: client.provider.awareness,
			synced: client.synced,
			save: client.save,
			opens: () => opens,
			syncTimes,
			typeOnly() {
				const provider = client.provider;
				const sync = provider.messageHandlers[0]!;
				provider.messageHandlers[0] = (encoder, decoder, ...rest) => {
					// Left empty, the encoder sends no reply (y-websocket sends only a non-empty one).
					if (decoding.peekVarUint(decoder) === syncProtocol.messageYjsUpdate) return;
					sync(encoder, decoder, ...rest);
				};
			},
			destroy: client.destroy
		};
	}
	if (server.kind === 'plain') {
		const provider = new WebsocketProvider(server.wsUrl, room, doc, {
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			disableBc: true,
			maxBackoffTime: 500
		});
		provider.on('status', ({ status }: { status: string }) => {
			if (status === 'connected') opens++;
		});
		const syncTimes: number[] = [];
		provider.on('sync', (isSynced: boolean) => {
			if (isSynced) syncTimes.push(performance.now());
		});
		return {
			doc,
			syncTimes,
			awareness: provider.awareness,
			synced: () =>
				provider.synced
					? Promise.resolve()
					: new Promise((resolve) => provider.once('sync', () => resolve())),
			opens: () => opens,
			destroy() {
				provider.destroy();
				doc.destroy();
			}
		};
	}
	let synced = false;
	const waiters: (() => void)[] = [];
	const syncTimes: number[] = [];
	// The provider hands its configuration to the socket it creates, which takes a WebSocket
	// class (Node 20 has no global one); the option is missing from the provider's own type.
	const configuration = {
		url: server.wsUrl,
		name: room,
		document: doc,
		WebSocketPolyfill: WebSocket,
		onOpen: () => void opens++,
		onSynced: () => {
			syncTimes.push(performance.now());
			synced = true;
			for (const resolve of waiters.splice(0)) resolve();
		}
	} as HocuspocusProviderConfiguration;
	const provider = new HocuspocusProvider(configuration);
	return {
		doc,
		awareness: provider.awareness!,
		syncTimes,
		synced: () => (synced ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
		opens: () => opens,
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}
