/**
 * Reference 2: Hocuspocus (@hocuspocus/server) with its default configuration, plus its SQLite
 * extension (a database file in BENCH_SQLITE_FILE) when set. Prints `{"event":"listening",…}`
 * once it listens, and one `{"event":"stored",…}` line per document write (time, bytes), which
 * the bench uses for write rate, amplification and the change → stored latency.
 */
import { Server } from '@hocuspocus/server';

const extensions = [];
const file = process.env.BENCH_SQLITE_FILE;
if (file) {
	const { SQLite } = await import('@hocuspocus/extension-sqlite');
	extensions.push(new SQLite({ database: file }));
}

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
