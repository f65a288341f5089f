/**
 * SUG's typing run with the simulated browsers spread over worker threads (Trame only).
 *
 * In one thread, 50 simulated browsers share one V8 heap and one event loop: the delivery of a
 * keystroke to the 49th waits for the 48 others' frames, Yjs integration and the garbage all of
 * them make (a scavenge stops all 50) — none of which a real browser waits for. In suggestion mode
 * each of those integrations costs more (Yjs runs a second, formatting clean-up transaction after
 * every remote change to formatted text: in process ~1.7× the CPU and ~1.8× the allocation per
 * apply at 50 people, bench/peer-apply-cost.ts), so the serialised sum, not what one browser
 * pays, made the suggestion run's tail. Here each worker holds `perWorker` clients in its own heap
 * and loop; the workers share the generator's core (the operating system interleaves them), so
 * the total work is the same and only the head-of-line blocking across clients shrinks.
 *
 * Latency is joined afterwards from every worker's records: each keystroke's clock and time at
 * its sender, each remote update's clocks and times at each receiver (one clock: the machine's).
 * "One browser's view" subtracts, as bench/lib/latency.ts does, the receiver's worker's time in
 * other clients' Yjs transactions between the keystroke and the start of this client's apply.
 */
import { Worker } from 'node:worker_threads';
import type { Target } from './clients';
import type { Delivery } from './latency';
import type { TypistSpec } from './typists';
import type { FromWorker, ToWorker, TypingWorkerData, WorkerRecords } from './typing-worker';

export interface SpreadResult {
	samples: number[];
	ownSamples: number[];
	deliveries: Delivery[];
	durable: number[];
	updateBytes: number;
	keystrokes: number;
	lost: number;
	reconnects: number;
	finalDocBytes: number;
}

interface Handle {
	worker: Worker;
	next<T extends FromWorker['type']>(type: T): Promise<Extract<FromWorker, { type: T }>>;
	send(message: ToWorker): void;
}

function startWorker(data: TypingWorkerData): Handle {
	const url = new URL('./typing-worker.ts', import.meta.url).href;
	// tsx's loader is not inherited by worker threads on Node 20: register it in the worker first.
	const boot = `process.setMaxListeners(0); import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); })`;
	const worker = new Worker(boot, { eval: true, workerData: data });
	const inbox: FromWorker[] = [];
	const waiting: ((m: FromWorker) => void)[] = [];
	let failure: Error | null = null;
	worker.on('message', (m: FromWorker) => {
		const w = waiting.shift();
		if (w) w(m);
		else inbox.push(m);
	});
	worker.on('error', (error) => {
		failure = error;
		for (const w of waiting.splice(0)) w({ type: 'error' } as unknown as FromWorker);
	});
	return {
		worker,
		send: (message) => worker.postMessage(message),
		async next(type) {
			const m =
				inbox.shift() ?? (await new Promise<FromWorker>((resolve) => waiting.push(resolve)));
			if (failure) throw failure;
			if (m.type !== type) throw new Error(`typing worker: expected ${type}, got ${m.type}`);
			return m as Extract<FromWorker, { type: typeof type }>;
		}
	};
}

/** Last index in `times` with times[i] ≤ t (−1 if none). */
function floorIndex(times: readonly number[], t: number): number {
	let lo = 0;
	let hi = times.length - 1;
	let found = -1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		if (times[mid]! <= t) {
			found = mid;
			lo = mid + 1;
		} else hi = mid - 1;
	}
	return found;
}

/** Joins every worker's sends and applied updates into deliveries (exported for its test). */
export function joinRecords(records: readonly WorkerRecords[]): {
	samples: number[];
	ownSamples: number[];
	deliveries: Delivery[];
} {
	const sends = new Map<number, { clocks: number[]; times: number[] }>();
	for (const r of records) for (const s of r.sends) sends.set(s.client, s);
	const samples: number[] = [];
	const ownSamples: number[] = [];
	const deliveries: Delivery[] = [];
	for (const r of records) {
		const busyAt = (t: number) => {
			const i = floorIndex(r.busyTimes, t);
			return i < 0 ? 0 : r.busyValues[i]!;
		};
		const cursors = new Map<string, number>();
		for (const u of r.updates) {
			for (const [client, clock] of u.to) {
				const s = sends.get(client);
				if (s === undefined) continue;
				const key = `${u.receiver}:${client}`;
				let i = cursors.get(key) ?? 0;
				while (i < s.clocks.length && s.clocks[i]! <= clock) {
					const sent = s.times[i]!;
					samples.push(u.applied - sent);
					ownSamples.push(u.applied - sent - Math.max(0, u.busyAtApplying - busyAt(sent)));
					deliveries.push({
						client,
						clock: s.clocks[i]!,
						sent,
						applying: u.applying,
						applied: u.applied
					});
					i++;
				}
				cursors.set(key, i);
			}
		}
	}
	return { samples, ownSamples, deliveries };
}

/**
 * Connects `editors` clients over ceil(editors / perWorker) workers, waits until all synced, then
 * `beforeStart` (the caller's meters), types for `seconds`, `afterStop`, and drains (≤ 10 s).
 */
export async function spreadTyping(
	target: Target,
	room: string,
	editors: number,
	seconds: number,
	charsPerSecond: number,
	saveRequests: boolean,
	spec: TypistSpec,
	perWorker: number,
	hooks: { beforeStart(): void | Promise<void>; afterStop(): void }
): Promise<SpreadResult> {
	const count = Math.max(1, Math.ceil(editors / perWorker));
	const handles: Handle[] = [];
	for (let w = 0; w < count; w++) {
		const indices: number[] = [];
		for (let i = w; i < editors; i += count) indices.push(i);
		handles.push(
			startWorker({
				wsUrl: target.server.wsUrl,
				room,
				indices,
				tokens: indices.map((i) => target.token(i)),
				spec,
				charsPerSecond,
				saveRequests
			})
		);
	}
	try {
		await Promise.all(handles.map((h) => h.next('ready')));
		await new Promise((resolve) => setTimeout(resolve, 1000));
		await hooks.beforeStart();
		for (const h of handles) h.send({ type: 'start' });
		await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
		for (const h of handles) h.send({ type: 'stop' });
		const stopped = await Promise.all(handles.map((h) => h.next('stopped')));
		hooks.afterStop();
		const targets = stopped.flatMap((s) => s.clocks);
		for (const h of handles) h.send({ type: 'drain', targets, timeoutMs: 10_000 });
		const records = (await Promise.all(handles.map((h) => h.next('records')))).map(
			(m) => m.records
		);
		const joined = joinRecords(records);
		const keystrokes = records.reduce((sum, r) => sum + r.keystrokes, 0);
		return {
			...joined,
			durable: records.flatMap((r) => r.durable),
			updateBytes: records.reduce((sum, r) => sum + r.updateBytes, 0),
			keystrokes,
			lost: Math.max(0, keystrokes * (editors - 1) - joined.samples.length),
			reconnects: records.reduce((sum, r) => sum + r.reopens, 0),
			finalDocBytes: records[0]!.finalDocBytes
		};
	} finally {
		await Promise.all(handles.map((h) => h.worker.terminate()));
	}
}
