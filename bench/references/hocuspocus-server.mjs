/**
 * Reference 2: Hocuspocus (@hocuspocus/server) with its default configuration, plus its SQLite
 * extension (a database file in BENCH_SQLITE_FILE) when set, and (reference 3, the set-up that
 * scales out) its Redis extension on the redis-server at BENCH_REDIS_URL when set: every change
 * is published to Redis and every store takes a Redis lock, as with several instances.
 * Prints `{"event":"listening",…}` once it listens, one `{"event":"stored",…}` line per document
 * write (time, bytes), which the bench uses for write rate, amplification and the change → stored
 * latency, and `loaded`/`unloaded` lines (a cold open needs the document unloaded first).
 */
import { Server } from '@hocuspocus/server';

const extensions = [];
const file = process.env.BENCH_SQLITE_FILE;
if (file) {
	const { SQLite } = await import('@hocuspocus/extension-sqlite');
	extensions.push(new SQLite({ database: file }));
}
const redisUrl = process.env.BENCH_REDIS_URL;
if (redisUrl) {
	const { Redis } = await import('@hocuspocus/extension-redis');
	const { hostname, port } = new URL(redisUrl);
	extensions.push(new Redis({ host: hostname, port: Number(port) }));
}
const now = () => performance.timeOrigin + performance.now();

const server = new Server({
	port: Number(process.env.PORT ?? 0),
	address: '127.0.0.1',
	quiet: true,
	extensions,
	async onStoreDocument({ documentName, document }) {
		// Runs just before the extensions' own onStoreDocument (same debounce); the write itself
		// is timed by afterStoreDocument below.
		document.benchStoreStart = performance.timeOrigin + performance.now();
		void documentName;
	},
	async afterLoadDocument({ documentName }) {
		console.log(JSON.stringify({ event: 'loaded', document: documentName, at: now() }));
	},
	async afterUnloadDocument({ documentName }) {
		console.log(JSON.stringify({ event: 'unloaded', document: documentName, at: now() }));
	},
	async afterStoreDocument({ documentName, document }) {
		const end = performance.timeOrigin + performance.now();
		const { encodeStateAsUpdate } = await import('yjs');
		console.log(
			JSON.stringify({
				event: 'stored',
				document: documentName,
				start: document.benchStoreStart ?? end,
				end,
				bytes: file ? encodeStateAsUpdate(document).byteLength : 0
			})
		);
	}
});
await server.listen();
console.log(
	JSON.stringify({
		event: 'listening',
		port: server.address?.port ?? server.httpServer.address().port
	})
);
