/**
 * S5: rooms × 3 editors typing 2 ops/s each, ramped step by step until the keystroke → peer
 * p99 exceeds 50 ms or the server core passes 90 %. Reports the largest step within both.
 */
import * as Y from 'yjs';
import { connectLoadClient, type LoadClient, type Target } from '../lib/clients';
import { LatencyProbe } from '../lib/latency';
import { CpuMeter } from '../lib/proc';
import { sleep, summarize, round, type Summary } from '../lib/stats';
import { addSection, typeChar } from '../lib/tiptap-doc';

export interface RoomStep {
	rooms: number;
	latency: Summary;
	/** Share of the server core: the server process plus its companions (Trame: PocketBase). */
	serverCpu: number;
	/** Of which the companions (Trame's PocketBase). */
	companionCpu: number;
	/** Share of a core the load generator used: near 1, the clients, not the server, set the pace. */
	generatorCpu: number;
	ok: boolean;
}

export interface RoomsResult {
	steps: RoomStep[];
	/** Largest step with p99 ≤ 50 ms and CPU ≤ 90 %. */
	maxRooms: number;
}

export const ROOMS_P99_LIMIT_MS = 50;
export const ROOMS_CPU_LIMIT = 0.9;

export async function runRooms(
	target: Target,
	newRoom: () => Promise<string>,
	steps: number[],
	secondsPerStep: number,
	/** Processes sharing the server core (Trame's PocketBase): their CPU is added to the server's. */
	companionPids: readonly number[] = []
): Promise<RoomsResult> {
	const clients: LoadClient[] = [];
	const texts: Y.XmlText[] = [];
	const probe = new LatencyProbe();
	const results: RoomStep[] = [];
	let maxRooms = 0;
	let rooms = 0;
	const timers: (() => void)[] = [];
	try {
		for (const step of steps) {
			const added: LoadClient[] = [];
			while (rooms < step) {
				const room = await newRoom();
				for (let e = 0; e < 3; e++) added.push(connectLoadClient(target, room, rooms * 3 + e));
				rooms++;
			}
			await Promise.all(added.map((c) => c.synced()));
			for (const client of added) {
				let text: Y.XmlText | undefined;
				client.doc.transact(() => (text = addSection(client.doc, 'Salle')));
				texts.push(text!);
				clients.push(client);
				probe.watch(client.doc);
				let n = 0;
				const tick = () => {
					typeChar(text!, n++);
					probe.sent(client.doc);
				};
				let interval: ReturnType<typeof setInterval> | undefined;
				const first = setTimeout(() => {
					interval = setInterval(tick, 500);
				}, Math.random() * 500);
				timers.push(() => {
					clearTimeout(first);
					if (interval) clearInterval(interval);
				});
			}
			await sleep(1000);
			probe.start();
			const cpus = [target.server.pid, ...companionPids].map((pid) => new CpuMeter(pid));
			const generatorStart = process.cpuUsage();
			const wallStart = performance.now();
			await sleep(secondsPerStep * 1000);
			const shares = cpus.map((cpu) => cpu.share());
			const serverCpu = shares.reduce((sum, share) => sum + share, 0);
			const companionCpu = serverCpu - shares[0]!;
			const generator = process.cpuUsage(generatorStart);
			const generatorCpu =
				(generator.user + generator.system) / 1000 / (performance.now() - wallStart);
			await probe.stop(2);
			const latency = summarize(probe.samples);
			const ok = latency.p99 <= ROOMS_P99_LIMIT_MS && serverCpu <= ROOMS_CPU_LIMIT;
			results.push({
				rooms: step,
				latency,
				serverCpu: round(serverCpu, 3),
				companionCpu: round(companionCpu, 3),
				generatorCpu: round(generatorCpu, 3),
				ok
			});
			if (!ok) break;
			maxRooms = step;
		}
	} finally {
		for (const stop of timers) stop();
		for (const c of clients) c.destroy();
	}
	return { steps: results, maxRooms };
}
