/**
 * S2D (Trame only): what "Enregistré means on disk" costs. The same stack twice in one run —
 * PocketBase with synchronous=FULL (Trame's setting: the WAL fsynced before each answer) and with
 * PocketBase's default NORMAL (`--dataSync=normal`) — and one editor typing one keystroke at a
 * time, each followed by its save request, the next only once `Saved` came back: the ack latency
 * with nothing else in the way, so the difference is the fsync. The write spacing and grid are off
 * (COLLAB_MIN_WRITE_INTERVAL_MS=0, COLLAB_WRITE_GRID_MS=0) so that the ack is the write path
 * alone; S2 measures acks with the production spacing.
 */
import * as Y from 'yjs';
import { startTrameServerProcess } from '../../tests/support/trame-server';
import type { BenchConfig } from '../lib/config';
import { connectLoadClient } from '../lib/clients';
import { trameRooms } from '../lib/fixture';
import { pidsWithArgument } from '../lib/proc';
import { pinToServerCore, startPocketBaseForBench, type RunningServer } from '../lib/servers';
import { summarize, type Summary } from '../lib/stats';
import { addSection, typeChar } from '../lib/tiptap-doc';

export interface DurableAckResult {
	keystrokes: number;
	/** Keystroke → Saved, PocketBase with synchronous=FULL (Trame's). */
	full: Summary;
	/** The same with PocketBase's default synchronous=NORMAL. */
	normal: Summary;
}

async function measure(
	mode: 'full' | 'normal',
	keystrokes: number,
	trameEnv: Record<string, string>
): Promise<Summary> {
	const pb = await startPocketBaseForBench({ extraArgs: [`--dataSync=${mode}`] });
	try {
		const server = await startTrameServerProcess({
			pbUrl: pb.url,
			superuser: pb.superuser,
			env: {
				COLLAB_ACCESS_RECHECK_MS: '5000',
				COLLAB_MIN_WRITE_INTERVAL_MS: '0',
				COLLAB_WRITE_GRID_MS: '0',
				...trameEnv
			}
		});
		try {
			pinToServerCore(server.child.pid!);
			for (const pid of pidsWithArgument(pb.dataDir)) pinToServerCore(pid);
			const rooms = await trameRooms(pb, 1, `ack${mode}`);
			const target = {
				server: { kind: 'trame', wsUrl: server.wsUrl, pid: server.child.pid! } as RunningServer,
				token: () => rooms.tokens[0]!
			};
			const client = connectLoadClient(target, await rooms.newRoom(), 0);
			try {
				await client.synced();
				let text: Y.XmlText | undefined;
				client.doc.transact(() => (text = addSection(client.doc, 'Durabilité')));
				await client.save!(20_000);
				const samples: number[] = [];
				for (let i = 0; i < keystrokes; i++) {
					const start = performance.now();
					typeChar(text!, i);
					await client.save!(20_000);
					samples.push(performance.now() - start);
				}
				return summarize(samples);
			} finally {
				client.destroy();
			}
		} finally {
			await server.stop();
		}
	} finally {
		await pb.stop();
	}
}

export async function runDurableAck(
	config: BenchConfig,
	log: (message: string) => void,
	trameEnv: Record<string, string> = {}
): Promise<DurableAckResult> {
	const keystrokes = config.mode === 'full' ? 300 : config.mode === 'quick' ? 100 : 5;
	const full = await measure('full', keystrokes, trameEnv);
	const normal = await measure('normal', keystrokes, trameEnv);
	log(
		`trame durable ack ×${keystrokes}: FULL p50 ${full.p50} p95 ${full.p95} ms, NORMAL p50 ${normal.p50} p95 ${normal.p95} ms`
	);
	return { keystrokes, full, normal };
}
