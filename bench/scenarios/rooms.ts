/**
 * S5: rooms × 3 editors typing 2 ops/s each, ramped step by step until the keystroke → peer
 * p99 exceeds 50 ms or the server core passes 90 %. Reports the largest step within both.
 *
 * A step is measured over several windows (3 by default) and its latency verdict is the median
 * of the windows' p99, so that one stall (a GC, another process on the core) in one window does
 * not decide the step; every window's p99 is kept in the results.
 */
import * as Y from 'yjs';
import { connectLoadClient, type LoadClient, type Target } from '../lib/clients';
import { LatencyProbe } from '../lib/latency';
import { CpuMeter } from '../lib/proc';
import { sleep, summarize, round, type Summary } from '../lib/stats';
import { addSection, typeChar } from '../lib/tiptap-doc';

export interface RoomWindow {
	latency: Summary;
	/** Server core share (with companions) during this window. */
	serverCpu: number;
}

export interface RoomStep {
	rooms: number;
	/** All the step's samples together. */
	latency: Summary;
	/** Each window's latency and CPU, in order. */
	windows: RoomWindow[];
	/** The verdict's latency: median of the windows' p99. */
	p99Median: number;
	/** Keystroke deliveries that never came (10 s after each window). */
	lost: number;
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
	/** Largest step with median window p99 ≤ 50 ms and CPU ≤ 90 %. */
	maxRooms: number;
}

/** Length and number of the measuring windows of one step. */
export interface RoomWindows {
	seconds: number;
	count: number;
}

export const ROOMS_P99_LIMIT_MS = 50;
export const ROOMS_CPU_LIMIT = 0.9;

export async function runRooms(
	target: Target,
	newRoom: () => Promise<string>,
	steps: number[],
	windows: RoomWindows,
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
			const pids = [target.server.pid, ...companionPids];
			const stepCpus = pids.map((pid) => new CpuMeter(pid));
			const generatorStart = process.cpuUsage();
			const wallStart = performance.now();
			const measured: RoomWindow[] = [];
			const samples: number[] = [];
			let lost = 0;
			for (let w = 0; w < windows.count; w++) {
				probe.start();
				const cpus = pids.map((pid) => new CpuMeter(pid));
				await sleep(windows.seconds * 1000);
				const windowCpu = cpus.reduce((sum, cpu) => sum + cpu.share(), 0);
				// Typing goes on while the window's last deliveries are awaited (not recorded).
				lost += await probe.stop(2);
				samples.push(...probe.samples);
				measured.push({ latency: summarize(probe.samples), serverCpu: round(windowCpu, 3) });
			}
			const shares = stepCpus.map((cpu) => cpu.share());
			const serverCpu = shares.reduce((sum, share) => sum + share, 0);
			const companionCpu = serverCpu - shares[0]!;
			const generator = process.cpuUsage(generatorStart);
			const generatorCpu =
				(generator.user + generator.system) / 1000 / (performance.now() - wallStart);
			const p99Median = median(measured.map((window) => window.latency.p99));
			const ok = p99Median <= ROOMS_P99_LIMIT_MS && serverCpu <= ROOMS_CPU_LIMIT;
			results.push({
				rooms: step,
				latency: summarize(samples),
				windows: measured,
				p99Median,
				lost,
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

/** Median (mean of the two middle values for an even count; NaN, a failed verdict, for none). */
export function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	if (sorted.length === 0) return Number.NaN;
	const middle = Math.floor(sorted.length / 2);
	return round(
		sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
	);
}
