/**
 * S1 + S2: N editors typing 5 chars/s each in one TipTap-shaped document.
 * S1: keystroke → applied on every other client. S2 (Trame): keystroke → Saved ack, PocketBase
 * writes per 100 ms window, bytes written / update bytes and / final document size;
 * (Hocuspocus + SQLite): keystroke → next completed store, same write figures.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';
import { connectLoadClient, type LoadClient, type Target } from '../lib/clients';
import { describeHops, readServerTrace, splitHops, type HopSplit } from '../lib/hops';
import { LatencyProbe } from '../lib/latency';
import { GeneratorTracer } from '../lib/generator-trace';
import { CpuMeter } from '../lib/proc';
import { isHocuspocus } from '../lib/servers';
import { sleep, summarize, round, type Summary } from '../lib/stats';
import { addSection, typeChar } from '../lib/tiptap-doc';
import { spreadTyping } from '../lib/spread-typing';
import { observerPlan } from '../lib/observers';
import type { TypistSpec } from '../lib/typists';
import { everyPeriodStaggered } from '../lib/staggered';

export interface TypingResult {
	editors: number;
	seconds: number;
	keystrokes: number;
	propagation: Summary;
	/**
	 * The same without the generator's work for other simulated clients (bench/lib/latency.ts):
	 * what one browser among N would see, the generator's single thread set aside.
	 */
	propagationOwn: Summary;
	/** Trame: Saved acks; Hocuspocus: next store after the keystroke; plain: none. */
	durable: Summary | null;
	writes: number;
	maxWritesPerDocPer100ms: number;
	bytesWritten: number;
	updateBytes: number;
	finalDocBytes: number;
	serverCpu: number;
	reconnects: number;
	/** Keystroke deliveries that never arrived (within 10 s of the end). */
	lost: number;
	/** Server CPU milliseconds per keystroke (robust to other load on the machine). */
	serverCpuMsPerKeystroke: number;
	/** Same for the server's companions on its core (Trame: PocketBase; Redis). */
	companionCpuMsPerKeystroke: number;
	/** CPU share of one core used by this load generator (near 1 = the generator bounds it). */
	generatorCpu: number;
	/** Trame with the server's hop trace: where the time goes (see bench/lib/hops.ts). */
	hops?: HopSplit;
	/** Trame: the server's log events during the typing (seconds from its start), when traced. */
	serverEvents?: string[];
}

/** Where each client types and how a keystroke is written. */
export interface Typist {
	paragraph(doc: Y.Doc, index: number): Y.XmlText;
	type(text: Y.XmlText, n: number, index: number): void;
}

/** Normal mode: each editor adds their own section and types plain text at its end. */
export const plainTypist: Typist = {
	paragraph(doc, i) {
		let text: Y.XmlText | undefined;
		doc.transact(() => (text = addSection(doc, `Contribution ${i + 1}`)));
		return text!;
	},
	type: (text, n) => typeChar(text, n)
};

export async function runTyping(
	target: Target,
	room: string,
	editors: number,
	seconds: number,
	charsPerSecond = 5,
	/** Send SaveRequest after each keystroke, as Trame's editor does (save-tracker.ts). */
	saveRequests = true,
	/**
	 * Suggestion mode (Trame): each client's paragraph already exists (people who may only
	 * suggest cannot add blocks) and each keystroke carries its author's insertion mark.
	 */
	typist: Typist = plainTypist,
	/** The server's hop trace file (BENCH_HOP_TRACE), to split each delivery's time by hop. */
	hopTraceFile?: string,
	/** Trame: the clients spread over worker threads, `perWorker` each (bench/lib/spread-typing.ts). */
	spread?: { spec: TypistSpec; perWorker: number },
	/**
	 * Trame: only this many clients (every N/observers-th) hold the others' text and are measured;
	 * the rest type and drop the broadcast unread (LoadClient.typeOnly). The server's work is the
	 * same; the generator's is each observer's own, as in one browser, instead of N-1 browsers'
	 * worth per keystroke on one thread. 0 or undefined: every client observes.
	 */
	observers?: number,
	/**
	 * Trame: everyone types this long before the measurement starts (keystrokes not recorded, no
	 * meter running). The first second after N clients connected and began at once is a start
	 * transient of the load generator and the server (see SUG in the README); 0 (S1): measured.
	 * Not applied when the clients are spread over worker threads.
	 */
	leadInMs = 0
): Promise<TypingResult> {
	if (spread) {
		return runSpreadTyping(
			target,
			room,
			editors,
			seconds,
			charsPerSecond,
			saveRequests,
			spread,
			hopTraceFile
		);
	}
	const genTrace = process.env.BENCH_GEN_TRACE === '1' ? new GeneratorTracer() : null;
	const probe = new LatencyProbe(hopTraceFile !== undefined || genTrace !== null);
	const clients: LoadClient[] = [];
	for (let i = 0; i < editors; i++) clients.push(connectLoadClient(target, room, i));
	await Promise.all(clients.map((c) => c.synced()));
	const texts = clients.map((c, i) => typist.paragraph(c.doc, i));
	const { observes, owed } = observerPlan(editors, observers ?? 0);
	clients.forEach((c, i) => {
		if (!observes[i]) c.typeOnly?.();
	});
	const unwatch = clients.filter((_, i) => observes[i]).map((c) => probe.watch(c.doc));
	let deliveriesOwed = 0;
	let updateBytes = 0;
	const onLocalUpdate = (update: Uint8Array, origin: unknown) => {
		if (origin === null && probe.recording) updateBytes += update.byteLength;
	};
	for (const c of clients) c.doc.on('update', onLocalUpdate);
	await sleep(1000);

	const durableSamples: number[] = [];
	const sendTimes: number[] = [];
	const saves: Promise<unknown>[] = [];
	const period = 1000 / charsPerSecond;
	let keystrokes = 0;
	/** False during the lead-in: keystrokes are typed, not recorded. */
	let measuring = false;
	const startTyping = () =>
		clients.map((client, i) => {
			let n = 0;
			const tick = () => {
				typist.type(texts[i]!, n++, i);
				if (!measuring) return;
				keystrokes++;
				if (probe.recording) deliveriesOwed += owed[i]!;
				probe.sent(client.doc);
				const start = performance.now();
				sendTimes.push(performance.timeOrigin + start);
				if (client.save && saveRequests) {
					saves.push(
						client.save(20_000).then(
							() => durableSamples.push(performance.now() - start),
							() => durableSamples.push(Number.POSITIVE_INFINITY)
						)
					);
				}
			};
			// Staggered starts: editors do not type in lockstep.
			return everyPeriodStaggered(tick, period);
		});
	let timers: (() => void)[] = [];
	if (leadInMs > 0) {
		timers = startTyping();
		await sleep(leadInMs);
	}
	const writesBefore = (await target.server.writes()).length;
	const cpu = new CpuMeter(target.server.pid);
	const companionCpus = target.server.companionPids().map((pid) => new CpuMeter(pid));
	const generatorStart = process.cpuUsage();
	// Traced runs: how long the load generator's own event loop kept deliveries waiting.
	const loopDelay = hopTraceFile !== undefined ? monitorEventLoopDelay({ resolution: 1 }) : null;
	loopDelay?.enable();
	const wallStart = performance.now();
	probe.start();
	genTrace?.start();
	const startEpoch = performance.timeOrigin + performance.now();
	measuring = true;
	if (leadInMs === 0) timers = startTyping();
	await sleep(seconds * 1000);
	for (const stop of timers) stop();
	const serverCpu = cpu.share();
	const serverCpuSeconds = serverCpu * ((performance.now() - wallStart) / 1000);
	const companionCpuSeconds =
		companionCpus.reduce((sum, meter) => sum + meter.share(), 0) *
		((performance.now() - wallStart) / 1000);
	const generator = process.cpuUsage(generatorStart);
	loopDelay?.disable();
	const generatorCpu = (generator.user + generator.system) / 1000 / (performance.now() - wallStart);
	const lost = await probe.stop(editors - 1, undefined, deliveriesOwed);
	if (genTrace)
		console.log(
			`  generator (${editors} clients): ${JSON.stringify(genTrace.stop(probe.deliveries))}`
		);
	await Promise.all(saves);
	await sleep(isHocuspocus(target.server.kind) ? 3_000 : 500); // Hocuspocus debounces 2 s
	const endEpoch = performance.timeOrigin + performance.now();

	const writes = (await target.server.writes()).slice(writesBefore);
	const inWindow = writes.filter(
		(w) => w.document === room && w.end >= startEpoch && w.end <= endEpoch
	);
	const bytesWritten = inWindow.reduce((sum, w) => sum + w.bytes, 0);
	let maxPerWindow = 0;
	for (let i = 0; i < inWindow.length; i++) {
		let j = i;
		while (j < inWindow.length && inWindow[j]!.end - inWindow[i]!.end < 100) j++;
		maxPerWindow = Math.max(maxPerWindow, j - i);
	}
	let durable: Summary | null = null;
	if (target.server.kind === 'trame' && saveRequests) durable = summarize(durableSamples);
	else if (isHocuspocus(target.server.kind) && inWindow.length > 0) {
		// A store writes the whole document: a keystroke counts as durable at the end of the first
		// store that ends after it was sent (a lower bound, favourable to Hocuspocus).
		const stores = writes.filter((w) => w.document === room);
		const samples: number[] = [];
		let k = 0;
		for (const sent of sendTimes.sort((a, b) => a - b)) {
			while (k < stores.length && stores[k]!.end <= sent) k++;
			samples.push(k < stores.length ? stores[k]!.end - sent : Number.POSITIVE_INFINITY);
		}
		durable = summarize(samples);
	}
	let hops: HopSplit | undefined;
	let serverEvents: string[] | undefined;
	if (hopTraceFile !== undefined) {
		hops = splitHops(probe.deliveries, readServerTrace(hopTraceFile));
		serverEvents = eventsBetween(target.server.output(), startEpoch - 3000, endEpoch, startEpoch);
		const delay = (ns: number) => round(ns / 1e6, 2);
		console.log(
			`  hops (${editors} clients; generator loop delay p99 ${delay(loopDelay!.percentile(99))} max ${delay(loopDelay!.max)} ms):\n    ${describeHops(hops)}`
		);
		console.log(`  server events: ${serverEvents.join('; ') || 'none'}`);
		// Where the tail sits: the run's first second (connections' first updates, first checks)
		// against the rest, to tell a start transient from a steady cost.
		const steady = probe.deliveries
			.filter((d) => d.sent >= startEpoch + 1000)
			.map((d) => d.applied - d.sent);
		const opening = probe.deliveries.length - steady.length;
		console.log(
			`  p99 after the first second ${summarize(steady).p99} ms (${steady.length} deliveries; ${opening} in the first second)`
		);
	}
	const finalDocBytes = Y.encodeStateAsUpdate(clients[0]!.doc).byteLength;
	const reconnects = clients.reduce((sum, c) => sum + Math.max(0, c.opens() - 1), 0);
	for (const stop of unwatch) stop();
	for (const c of clients) c.destroy();
	const result: TypingResult = {
		editors,
		seconds,
		keystrokes,
		propagation: summarize(probe.samples),
		propagationOwn: summarize(probe.ownSamples),
		durable,
		writes: inWindow.length,
		maxWritesPerDocPer100ms: maxPerWindow,
		bytesWritten,
		updateBytes,
		finalDocBytes,
		serverCpu: round(serverCpu, 3),
		reconnects,
		lost,
		serverCpuMsPerKeystroke: round((serverCpuSeconds * 1000) / Math.max(1, keystrokes), 3),
		companionCpuMsPerKeystroke: round((companionCpuSeconds * 1000) / Math.max(1, keystrokes), 3),
		generatorCpu: round(generatorCpu, 3),
		...(hops ? { hops, serverEvents } : {})
	};
	// Every delivery's time, for figures pooled over several runs (SUG); not written to the
	// results file (tens of thousands of numbers per run).
	Object.defineProperty(result, 'samples', { value: probe.samples, enumerable: false });
	return result;
}

/** The deliveries' times of a run of `runTyping` (empty for a run in worker threads). */
export function deliveryTimes(result: TypingResult): readonly number[] {
	return (result as TypingResult & { samples?: number[] }).samples ?? [];
}

/** The server's log events (JSON lines with an ISO `time`) from `from` to `end`, as "event@s from start". */
function eventsBetween(output: string, from: number, end: number, start: number): string[] {
	const out: string[] = [];
	for (const line of output.split('\n')) {
		if (!line.startsWith('{')) continue;
		try {
			const entry = JSON.parse(line) as { time?: string; event?: string; document?: string };
			const at = Date.parse(entry.time ?? '');
			// Connections are the run's own set-up; the rest is the server's other work.
			if (entry.event === 'collab.connected' || entry.event === 'collab.disconnected') continue;
			if (at >= from && at <= end) out.push(`${entry.event}@${round((at - start) / 1000, 2)}`);
		} catch {
			// not a log line
		}
	}
	return out;
}

/** runTyping with the clients in worker threads (Trame; see bench/lib/spread-typing.ts). */
async function runSpreadTyping(
	target: Target,
	room: string,
	editors: number,
	seconds: number,
	charsPerSecond: number,
	saveRequests: boolean,
	spread: { spec: TypistSpec; perWorker: number },
	hopTraceFile?: string
): Promise<TypingResult> {
	let writesBefore = 0;
	let cpu: CpuMeter | undefined;
	let companionCpus: CpuMeter[] = [];
	let generatorStart = process.cpuUsage();
	let wallStart = 0;
	let startEpoch = 0;
	let serverCpu = 0;
	let serverCpuSeconds = 0;
	let companionCpuSeconds = 0;
	let generatorCpu = 0;
	const r = await spreadTyping(
		target,
		room,
		editors,
		seconds,
		charsPerSecond,
		saveRequests,
		spread.spec,
		spread.perWorker,
		{
			async beforeStart() {
				writesBefore = (await target.server.writes()).length;
				cpu = new CpuMeter(target.server.pid);
				companionCpus = target.server.companionPids().map((pid) => new CpuMeter(pid));
				// Process-wide: the workers' threads included.
				generatorStart = process.cpuUsage();
				wallStart = performance.now();
				startEpoch = performance.timeOrigin + wallStart;
			},
			afterStop() {
				const wall = (performance.now() - wallStart) / 1000;
				serverCpu = cpu!.share();
				serverCpuSeconds = serverCpu * wall;
				companionCpuSeconds = companionCpus.reduce((sum, meter) => sum + meter.share(), 0) * wall;
				const generator = process.cpuUsage(generatorStart);
				generatorCpu = (generator.user + generator.system) / 1000 / (wall * 1000);
			}
		}
	);
	await sleep(500);
	const endEpoch = performance.timeOrigin + performance.now();
	const writes = (await target.server.writes()).slice(writesBefore);
	const inWindow = writes.filter(
		(w) => w.document === room && w.end >= startEpoch && w.end <= endEpoch
	);
	let maxPerWindow = 0;
	for (let i = 0; i < inWindow.length; i++) {
		let j = i;
		while (j < inWindow.length && inWindow[j]!.end - inWindow[i]!.end < 100) j++;
		maxPerWindow = Math.max(maxPerWindow, j - i);
	}
	let hops: HopSplit | undefined;
	let serverEvents: string[] | undefined;
	if (hopTraceFile !== undefined) {
		hops = splitHops(r.deliveries, readServerTrace(hopTraceFile));
		serverEvents = eventsBetween(target.server.output(), startEpoch - 3000, endEpoch, startEpoch);
		console.log(
			`  hops (${editors} clients in workers of ${spread.perWorker}):\n    ${describeHops(hops)}`
		);
		console.log(`  server events: ${serverEvents.join('; ') || 'none'}`);
	}
	return {
		editors,
		seconds,
		keystrokes: r.keystrokes,
		propagation: summarize(r.samples),
		propagationOwn: summarize(r.ownSamples),
		durable: target.server.kind === 'trame' && saveRequests ? summarize(r.durable) : null,
		writes: inWindow.length,
		maxWritesPerDocPer100ms: maxPerWindow,
		bytesWritten: inWindow.reduce((sum, w) => sum + w.bytes, 0),
		updateBytes: r.updateBytes,
		finalDocBytes: r.finalDocBytes,
		serverCpu: round(serverCpu, 3),
		reconnects: r.reconnects,
		lost: r.lost,
		serverCpuMsPerKeystroke: round((serverCpuSeconds * 1000) / Math.max(1, r.keystrokes), 3),
		companionCpuMsPerKeystroke: round((companionCpuSeconds * 1000) / Math.max(1, r.keystrokes), 3),
		generatorCpu: round(generatorCpu, 3),
		...(hops ? { hops, serverEvents } : {})
	};
}
