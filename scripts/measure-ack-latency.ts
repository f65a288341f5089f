/**
 * Measures save-ack latency on the real stack (PocketBase + Trame server child process + stock
 * y-websocket client): time from a local edit to `Saved(k)`, and to the peer seeing the edit.
 * Not a test gate.
 *
 *   node --import tsx scripts/measure-ack-latency.ts [updates=300]
 */
import { performance } from 'node:perf_hooks';
import { startTestPocketBase } from '../tests/support/pocketbase';
import { connectCollabClient, createCollabFixture } from '../tests/support/collab-client';
import { startTrameServerProcess } from '../tests/support/trame-server';
import { ensurePocketBaseBinary } from './lib/pocketbase.mjs';

const updates = Number(process.argv[2] ?? 300);

function percentile(sorted: number[], p: number): number {
	const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
	return sorted[Math.max(0, index)]!;
}

function summary(name: string, samples: number[]): string {
	const sorted = [...samples].sort((a, b) => a - b);
	const f = (n: number) => n.toFixed(1);
	return `${name}: n=${sorted.length} median=${f(percentile(sorted, 50))} ms p95=${f(percentile(sorted, 95))} ms max=${f(sorted.at(-1)!)} ms`;
}

await ensurePocketBaseBinary({ log: () => {} });
const pb = await startTestPocketBase();
const server = await startTrameServerProcess({ pbUrl: pb.url, superuser: pb.superuser });
try {
	const fixture = await createCollabFixture(pb, 'bench');
	const documentId = await fixture.newDocument('Mesure');
	const alice = connectCollabClient({
		wsUrl: server.wsUrl,
		documentId,
		token: fixture.alice.token
	});
	const bob = connectCollabClient({ wsUrl: server.wsUrl, documentId, token: fixture.bob.token });
	await Promise.all([alice.synced(), bob.synced()]);

	const acks: number[] = [];
	const peers: number[] = [];
	for (let i = 0; i < updates; i++) {
		const marker = `<${i}>`;
		const seen = new Promise<number>((resolve) => {
			const check = () => {
				if (bob.text().endsWith(marker)) {
					bob.doc.off('update', check);
					resolve(performance.now());
				}
			};
			bob.doc.on('update', check);
		});
		const start = performance.now();
		alice.doc.getText('text').insert(alice.text().length, marker);
		await alice.save();
		acks.push(performance.now() - start);
		peers.push((await seen) - start);
	}
	console.log(summary('edit → Saved ack (durable in PocketBase)', acks));
	console.log(summary('edit → visible at peer', peers));
	alice.destroy();
	bob.destroy();
} finally {
	await server.stop();
	await pb.stop();
}
