/** Starts a collab server on an ephemeral port with fakes, for unit tests. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCollabServer, type CollabServer, type CollabServerOptions } from '../collab/upgrade';
import { EDITOR_SCHEMA_VERSION } from '../../src/lib/editor/schema-version';
import { createMemoryLogger } from '../log';
import { ControlledStore, FakeAuthenticator } from './fakes';
import { connectRaw, type RawClient, type RawClientOptions } from './raw-client';

export const TEST_ORIGIN = 'http://app.test';

export interface Harness {
	store: ControlledStore;
	auth: FakeAuthenticator;
	logger: ReturnType<typeof createMemoryLogger>;
	collab: CollabServer;
	port: number;
	url(documentName: string, schema?: number | null): string;
	connect(documentName: string, options?: RawClientOptions): RawClient;
	stop(): Promise<void>;
}

export async function startHarness(overrides: Partial<CollabServerOptions> = {}): Promise<Harness> {
	const store = new ControlledStore();
	const auth = new FakeAuthenticator();
	const logger = createMemoryLogger();
	const collab = createCollabServer({
		store,
		auth,
		allowedOrigins: [TEST_ORIGIN],
		logger,
		idleUnloadMs: 60_000,
		accessRecheckMs: 60_000,
		// Tests check write semantics, not the production write spacing (persistence tests set it).
		minWriteIntervalMs: 0,
		...overrides
	});
	const http = createServer((req, res) => {
		if (!collab.handleRequest(req, res)) res.writeHead(404).end();
	});
	http.on('upgrade', (req, socket, head) => {
		if (!collab.handleUpgrade(req, socket, head)) socket.destroy();
	});
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const port = (http.address() as AddressInfo).port;
	const clients: RawClient[] = [];
	// Raw clients announce the schema version the server expects unless a test says otherwise.
	const url = (
		documentName: string,
		schema: number | null = overrides.schemaVersion ?? EDITOR_SCHEMA_VERSION
	) => `ws://127.0.0.1:${port}/collab/${documentName}${schema === null ? '' : `?schema=${schema}`}`;
	return {
		store,
		auth,
		logger,
		collab,
		port,
		url,
		connect(documentName, options) {
			const client = connectRaw(url(documentName), options);
			clients.push(client);
			return client;
		},
		async stop() {
			for (const client of clients) client.ws.terminate();
			await collab.close();
			http.closeAllConnections();
			await new Promise<void>((resolve) => http.close(() => resolve()));
		}
	};
}
