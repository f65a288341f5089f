/**
 * S7: N users moving their cursor at 5 Hz (awareness updates carrying the send time): cursor
 * latency to every other client, and the server's CPU share of one core. With the server's hop
 * trace (`--trame-env BENCH_HOP_TRACE=<file>`), each delivery is split by hop (bench/lib/hops.ts)
 * and the server's and the generator's event-loop delays are printed.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { connectLoadClient, type LoadClient, type Target } from '../lib/clients';
import {
	describeHops,
	describeLoops,
	gcOverlap,
	readClusterTrace,
	readGcPauses,
	readServerTrace,
	splitHops,
	type HopSplit
} from '../lib/hops';
import type { Delivery } from '../lib/latency';
import { CpuMeter } from '../lib/proc';
import { sleep, summarize, round, type Summary } from '../lib/stats';
import { everyPeriodStaggered } from '../lib/staggered';

export interface PresenceResult {
	users: number;
	latency: Summary;
	serverCpu: number;
	/** The bench process's own event-loop delay p99 / max (ms): a stalled generator delays every hop. */
	generatorLoop: [number, number];
	hops?: HopSplit;
	/**
	 * Any server, no trace needed: each cursor move's latency to its first receiver (server and
	 * network), and each receiver's delay after that first one (the burst of frames the generator
	 * works through one socket after another; `late`: the receivers connected last).
	 */
	fanOut: { first: Summary; after: Summary; afterLate: Summary };
	/** Latency of the moves sent in the first second of the recording, and of the later ones. */
	firstSecond: Summary;
	afterFirstSecond: Summary;
}

export async function runPresence(
	target: Target,
	room: string,
	users: number,
	seconds: number,
	hz = 5,
	hopTraceFile?: string
): Promise<PresenceResult> {
	const clients: LoadClient[] = [];
	for (let i = 0; i < users; i++) clients.push(connectLoadClient(target, room, i));
	await Promise.all(clients.map((c) => c.synced()));
	const samples: number[] = [];
	const deliveries: Delivery[] = [];
	const epoch = performance.timeOrigin;
	let recording = false;
	let recordingFrom = 0;
	const early: number[] = [];
	const late: number[] = [];
	/** `${sender}:${clock}` → the move's send time and each receiver's (index, time). */
	const moves = new Map<string, { sent: number; at: number[]; by: number[] }>();
	for (const [index, client] of clients.entries()) {
		client.awareness.on(
			'change',
			({ added, updated }: { added: number[]; updated: number[] }, origin: unknown) => {
				if (!recording || origin === 'local') return;
				const now = performance.now();
				const states = client.awareness.getStates();
				for (const id of [...added, ...updated]) {
					if (id === client.awareness.clientID) continue;
					const sent = (states.get(id)?.cursor as { t?: number } | undefined)?.t;
					if (typeof sent !== 'number') continue;
					samples.push(now - sent);
					(sent - recordingFrom < 1000 ? early : late).push(now - sent);
					const clock = client.awareness.meta.get(id)?.clock;
					if (clock === undefined) continue;
					let move = moves.get(`${id}:${clock}`);
					if (move === undefined) moves.set(`${id}:${clock}`, (move = { sent, at: [], by: [] }));
					move.at.push(now);
					move.by.push(index);
					if (hopTraceFile !== undefined) {
						const at = epoch + now;
						deliveries.push({ client: id, clock, sent: epoch + sent, applying: at, applied: at });
					}
				}
			}
		);
	}
	await sleep(500);
	const cpu = new CpuMeter(target.server.pid);
	const loopDelay = monitorEventLoopDelay({ resolution: 1 });
	loopDelay.enable();
	const startEpoch = Date.now();
	recordingFrom = performance.now();
	recording = true;
	const period = 1000 / hz;
	const timers = clients.map((client, i) => {
		let n = 0;
		const move = () =>
			client.awareness.setLocalStateField('cursor', {
				anchor: (i * 37 + n) % 500,
				head: (i * 37 + n++) % 500,
				t: performance.now()
			});
		return everyPeriodStaggered(move, period);
	});
	await sleep(seconds * 1000);
	for (const stop of timers) stop();
	const serverCpu = cpu.share();
	await sleep(500); // the last moves' deliveries
	recording = false;
	loopDelay.disable();
	for (const c of clients) c.destroy();
	const delay = (ns: number) => round(ns / 1e6, 2);
	const generatorLoop: [number, number] = [delay(loopDelay.percentile(99)), delay(loopDelay.max)];
	const first: number[] = [];
	const after: number[] = [];
	const afterLate: number[] = [];
	const lateFrom = Math.floor(users * 0.9);
	for (const move of moves.values()) {
		const earliest = Math.min(...move.at);
		first.push(earliest - move.sent);
		move.at.forEach((at, k) => {
			after.push(at - earliest);
			if (move.by[k]! >= lateFrom) afterLate.push(at - earliest);
		});
	}
	const fanOut = {
		first: summarize(first),
		after: summarize(after),
		afterLate: summarize(afterLate)
	};
	let hops: HopSplit | undefined;
	if (hopTraceFile !== undefined) {
		await sleep(600); // the trace's last lines (appended every 250 ms)
		hops = splitHops(deliveries, readServerTrace(hopTraceFile, 'presence'));
		const gc = gcOverlap(
			deliveries,
			readGcPauses(hopTraceFile).filter((p) => p.at >= startEpoch - 1000)
		);
		console.log(
			`  ${target.server.kind} presence hops (${users} clients; generator loop delay p99 ${generatorLoop[0]} max ${generatorLoop[1]} ms):\n    ${describeHops(hops)}\n    server GC pauses ≥ 1 ms: ${gc.pauses} (mean ${gc.meanPauseMs} ms), under way during ${round(gc.all * 100, 1)} % of all deliveries and ${round(gc.tail * 100, 1)} % of those at or above the p99\n    ${describeLoops(readClusterTrace(hopTraceFile), startEpoch, startEpoch + seconds * 1000)}`
		);
	}
	return {
		users,
		latency: summarize(samples),
		serverCpu: round(serverCpu, 3),
		generatorLoop,
		fanOut,
		firstSecond: summarize(early),
		afterFirstSecond: summarize(late),
		...(hops ? { hops } : {})
	};
}
