/**
 * Real `y-websocket` clients in Node for integration tests: a `WebsocketProvider` on the `ws`
 * package, with the session sent as a header (never in the URL) and Trame's save acks wired in.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebsocketProvider } from 'y-websocket';
import {
	COLLAB_PATH,
	MessageType,
	SCHEMA_VERSION_PARAM,
	SESSION_COOKIE
} from '../../src/lib/collab/protocol';
import { EDITOR_SCHEMA_VERSION } from '../../src/lib/editor/schema-version';
import { sendOwnPresenceOnly } from '../../src/lib/collab/own-presence';
import { skipEmptyFormattingCleanup } from '../../src/lib/collab/formatting-cleanup';

export interface CollabClientOptions {
	/** ws://127.0.0.1:<port> */
	wsUrl: string;
	documentId: string;
	/** Session token, sent as the `trame_session` cookie (like a browser) unless `bearer`. */
	token?: string;
	bearer?: boolean;
	origin?: string;
	schema?: number;
}

export interface CollabClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Request ids acknowledged by Saved, in order. */
	saved: number[];
	/** Error messages received (id). */
	errors: string[];
	/** Close codes received from the server, in order. */
	closeCodes: number[];
	/** Resolves once the first sync with the server completed. */
	synced(): Promise<void>;
	/** Sends SaveRequest(k) and resolves when Saved(k) arrives. */
	save(timeoutMs?: number): Promise<number>;
	text(name?: string): string;
	destroy(): void;
}

/** A `WebSocket` class for `WebsocketProvider` that adds fixed headers to the upgrade request. */
export function webSocketWithHeaders(
	headers: Record<string, string>,
	origin?: string
): typeof globalThis.WebSocket {
	class HeaderWebSocket extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers, ...(origin ? { origin } : {}) });
		}
	}
	return HeaderWebSocket as unknown as typeof globalThis.WebSocket;
}

export function connectCollabClient(options: CollabClientOptions): CollabClient {
	const headers: Record<string, string> = {};
	if (options.token) {
		if (options.bearer) headers.authorization = `Bearer ${options.token}`;
		else headers.cookie = `${SESSION_COOKIE}=${options.token}`;
	}
	const doc = new Y.Doc();
	skipEmptyFormattingCleanup(doc);
	const provider = new WebsocketProvider(
		`${options.wsUrl}${COLLAB_PATH}`,
		options.documentId,
		doc,
		{
			params: { [SCHEMA_VERSION_PARAM]: String(options.schema ?? EDITOR_SCHEMA_VERSION) },
			WebSocketPolyfill: webSocketWithHeaders(headers, options.origin),
			// Same-process clients must talk through the server only.
			disableBc: true,
			maxBackoffTime: 500
		}
	);
	// As the browser's session does (collab-session.svelte.ts).
	sendOwnPresenceOnly(provider);
	const saved: number[] = [];
	const errors: string[] = [];
	const closeCodes: number[] = [];
	const savedWaiters = new Map<number, () => void>();
	provider.messageHandlers[MessageType.Saved] = (_encoder, decoder) => {
		const id = decoding.readVarUint(decoder);
		saved.push(id);
		savedWaiters.get(id)?.();
	};
	provider.messageHandlers[MessageType.Error] = (_encoder, decoder) => {
		errors.push(decoding.readVarString(decoder));
	};
	provider.on('connection-close', (event) => {
		if (event) closeCodes.push(event.code);
	});
	let nextRequest = 1;

	return {
		doc,
		provider,
		saved,
		errors,
		closeCodes,
		synced: () =>
			provider.synced
				? Promise.resolve()
				: new Promise((resolve) => provider.once('sync', () => resolve())),
		save(timeoutMs = 15_000) {
			const id = nextRequest++;
			return new Promise<number>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`no Saved(${id}) in time`)), timeoutMs);
				savedWaiters.set(id, () => {
					clearTimeout(timer);
					savedWaiters.delete(id);
					resolve(id);
				});
				const encoder = encoding.createEncoder();
				encoding.writeVarUint(encoder, MessageType.SaveRequest);
				encoding.writeVarUint(encoder, id);
				const ws = provider.ws;
				if (!ws || ws.readyState !== ws.OPEN) {
					clearTimeout(timer);
					reject(new Error('not connected'));
					return;
				}
				ws.send(encoding.toUint8Array(encoder));
			});
		},
		text: (name = 'text') => doc.getText(name).toString(),
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

/** What the collab integration tests need in PocketBase: people with roles, and documents. */
export interface CollabFixture {
	experimentId: string;
	/** Coordinator (edit). */
	alice: FixtureUser;
	/** Evaluator (edit). */
	bob: FixtureUser;
	/** Observer (read only). */
	olga: FixtureUser;
	/** Signed-in user who is not a member. */
	mallory: FixtureUser;
	/** Creates a document in the experiment; returns its id. */
	newDocument(title?: string): Promise<string>;
}

export interface FixtureUser {
	id: string;
	email: string;
	password: string;
	token: string;
}

interface FixturePocketBase {
	admin: {
		collection(name: string): {
			create(body: Record<string, unknown>): Promise<{ id: string }>;
		};
	};
	createUser(user: { email: string; password: string; name: string }): Promise<{ id: string }>;
	createExperiment(owner: string, fields?: Record<string, unknown>): Promise<{ id: string }>;
	addMember(experimentId: string, userId: string, role: 'evaluator' | 'observer'): Promise<unknown>;
	userClient(email: string, password: string): Promise<{ authStore: { token: string } }>;
}

export async function createCollabFixture(
	pb: FixturePocketBase,
	tag = 'c'
): Promise<CollabFixture> {
	const make = async (name: string): Promise<FixtureUser> => {
		const email = `${name.toLowerCase()}.${tag}@trame.test`;
		const password = `${name}-password-123`;
		const record = await pb.createUser({ email, password, name });
		const client = await pb.userClient(email, password);
		return { id: record.id, email, password, token: client.authStore.token };
	};
	const [alice, bob, olga, mallory] = await Promise.all(
		['Alice', 'Bob', 'Olga', 'Mallory'].map(make)
	);
	const experiment = await pb.createExperiment(alice!.id, { title: 'Budget participatif' });
	await pb.addMember(experiment.id, bob!.id, 'evaluator');
	await pb.addMember(experiment.id, olga!.id, 'observer');
	return {
		experimentId: experiment.id,
		alice: alice!,
		bob: bob!,
		olga: olga!,
		mallory: mallory!,
		async newDocument(title = 'Protocole') {
			const document = await pb.admin.collection('documents').create({
				experiment: experiment.id,
				kind: 'libre',
				title,
				archived: false,
				schema_version: EDITOR_SCHEMA_VERSION,
				created_by: alice!.id
			});
			return document.id;
		}
	};
}
