/**
 * S9 (Trame only): several instances behind HAProxy on Redis (docs/deployment.md), every server
 * process — the instances, PocketBase, Redis, HAProxy — on the server core like the other
 * scenarios, the load generator on the other.
 *
 * - Rooms × 3 editors (S5's ramp, through the proxy) with 1 instance, then with 2: the proxy's
 *   consistent hashing spreads the rooms; each room stays on one instance (no relay).
 * - One room of N editors split between the two instances (half connected to each, as during a
 *   failover or a rehash): keystroke → peer on the same instance vs on the other instance, from
 *   the same keystrokes (the relay's cost is the difference). Measured first, on instances
 *   doing nothing else, as S1 is; with `BENCH_HOP_TRACE` in `--trame-env`, each delivery is split
 *   by hop through the relay (bench/lib/hops.ts) and the server core's use is logged.
 */
import * as Y from 'yjs';
import { startHaproxy, startRedis } from '../../scripts/lib/cluster.mjs';
import { startTrameServerProcess, type TrameServerProcess } from '../../tests/support/trame-server';
import type { BenchConfig } from '../lib/config';
import { connectLoadClient, type LoadClient, type Target } from '../lib/clients';
import { trameRooms } from '../lib/fixture';
import { LatencyProbe } from '../lib/latency';
import {
	describeHops,
	describeLoops,
	describeRelayHops,
	readClusterTrace,
	splitHops,
	splitRelayHops
} from '../lib/hops';
import { describeBusyIntervals, startCoreTimeline } from '../lib/core-timeline';
import { CpuMeter, pidsWithArgument } from '../lib/proc';
import { pinToServerCore, startPocketBaseForBench, type RunningServer } from '../lib/servers';
import { round, sleep, summarize, type Summary } from '../lib/stats';
import { addSection, typeChar } from '../lib/tiptap-doc';
import { runRooms, type RoomsResult } from './rooms';

export interface ClusterResult {
	/** Rooms at p99 ≤ 50 ms (CPU of every server process ≤ 90 % of the core). */
	roomsOneInstance: RoomsResult;
	roomsTwoInstances: RoomsResult;
	editors: number;
	/** Keystroke → peer connected to the same instance as its author. */
	sameInstance: Summary;
	/** Keystroke → peer connected to the other instance (relayed through Redis). */
	crossInstance: Summary;
	/** Deliveries that never came (within 10 s of the end). */
	lost: number;
}

function asTarget(wsUrl: string, pid: number, tokens: string[]): Target {
	const server = { kind: 'trame', wsUrl, pid } as RunningServer;
	return { server, token: (i) => tokens[i % tokens.length]! };
}

export async function runCluster(
	config: BenchConfig,
	log: (message: string) => void,
	trameEnv: Record<string, string> = {}
): Promise<ClusterResult> {
	const pb = await startPocketBaseForBench();
	const redis = await startRedis();
	const instances: TrameServerProcess[] = [];
	const stops: (() => Promise<void>)[] = [() => pb.stop(), () => redis.dispose()];
	try {
		pinToServerCore(redis.pid()!);
		const rooms = await trameRooms(pb, config.users, 'cluster');
		for (let i = 1; i <= 2; i++) {
			const instance = await startTrameServerProcess({
				pbUrl: pb.url,
				superuser: pb.superuser,
				env: {
					COLLAB_ACCESS_RECHECK_MS: '5000',
					...trameEnv,
					TRAME_REDIS_URL: redis.url,
					TRAME_INSTANCE_ID: `bench${i}`
				}
			});
			pinToServerCore(instance.child.pid!);
			instances.push(instance);
			stops.unshift(async () => void (await instance.stop()));
		}
		const pbPids = pidsWithArgument(pb.dataDir);
		/** One room, editors split between the two instances (connected to each directly). */
		const splitRoom = async () => {
			const editors = config.typingEditors[0]!;
			const room = await rooms.newRoom();
			const targets = instances.map((instance) =>
				asTarget(instance.wsUrl, instance.child.pid!, rooms.tokens)
			);
			const clients: { client: LoadClient; on: number }[] = [];
			for (let i = 0; i < editors; i++) {
				const on = i % 2;
				clients.push({ client: connectLoadClient(targets[on]!, room, i), on });
			}
			await Promise.all(clients.map(({ client }) => client.synced()));
			// Traced runs (BENCH_HOP_TRACE): every delivery's hops, through the relay for the other side.
			const traceFile = trameEnv.BENCH_HOP_TRACE;
			const traced = traceFile !== undefined;
			const probes = [0, 1].map(() => [new LatencyProbe(traced), new LatencyProbe(traced)]);
			for (const { client, on } of clients)
				for (const from of [0, 1]) probes[from]![on]!.watch(client.doc);
			const texts = clients.map(({ client }, i) => {
				let text: Y.XmlText | undefined;
				client.doc.transact(() => (text = addSection(client.doc, `Contribution ${i + 1}`)));
				return text!;
			});
			await sleep(1_000);
			for (const row of probes) for (const probe of row) probe.start();
			const windowStart = performance.timeOrigin + performance.now();
			log(`  split room typing starts (epoch ${Math.round(windowStart)} ms)`);
			const cpus = [...instances.map((i) => i.child.pid!), redis.pid()!, ...pbPids].map(
				(pid) => new CpuMeter(pid)
			);
			const timeline = traced
				? startCoreTimeline({
						bench1: instances[0]!.child.pid!,
						bench2: instances[1]!.child.pid!,
						redis: redis.pid()!,
						...Object.fromEntries(pbPids.map((pid, i) => [`pocketbase${i || ''}`, pid]))
					})
				: null;
			const timers = clients.map(({ client, on }, i) => {
				let n = 0;
				const interval = setInterval(() => {
					typeChar(texts[i]!, n++);
					for (const probe of probes[on]!) probe.sent(client.doc);
					void client.save?.(20_000).catch(() => undefined);
				}, 200);
				return () => clearInterval(interval);
			});
			await sleep(config.typingSeconds * 1_000);
			for (const stop of timers) stop();
			const windowEnd = performance.timeOrigin + performance.now();
			const coreSamples = timeline?.stop() ?? [];
			const shares = cpus.map((cpu) => round(cpu.share(), 3));
			const on = [0, 1].map((instance) => clients.filter((c) => c.on === instance).length);
			let lost = 0;
			for (const from of [0, 1])
				for (const to of [0, 1])
					lost += await probes[from]![to]!.stop(from === to ? on[to]! - 1 : on[to]!);
			const sameInstance = summarize([...probes[0]![0]!.samples, ...probes[1]![1]!.samples]);
			const crossInstance = summarize([...probes[0]![1]!.samples, ...probes[1]![0]!.samples]);
			for (const { client } of clients) client.destroy();
			log(
				`  split room CPU (core): instances ${shares[0]} / ${shares[1]}, Redis ${shares[2]}, PocketBase ${shares.slice(3).reduce((a, b) => a + b, 0)}`
			);
			if (traceFile !== undefined) {
				await sleep(600); // the instances' last trace lines
				const trace = readClusterTrace(traceFile);
				const ids = instances.map((instance) => String(instance.child.pid!));
				const cross = [0, 1].map((from) =>
					splitRelayHops(probes[from]![1 - from]!.deliveries, trace, ids[from]!, ids[1 - from]!)
				);
				const same = [0, 1].map((at) =>
					splitHops(probes[at]![at]!.deliveries, trace.local.get(ids[at]!) ?? new Map())
				);
				for (const from of [0, 1]) {
					log(
						`  hops bench${from + 1} → peer on bench${2 - from}:\n    ${describeRelayHops(cross[from]!)}`
					);
					log(
						`  hops bench${from + 1} → peer on bench${from + 1}:\n    ${describeHops(same[from]!)}`
					);
				}
				log(`  (trace ids: bench1 = ${ids[0]}, bench2 = ${ids[1]})`);
				log(`  ${describeLoops(trace, windowStart, windowEnd)}`);
				log(`  busy intervals:\n    ${describeBusyIntervals(coreSamples, windowStart)}`);
			}
			log(
				`trame cluster split room N=${editors}: same-instance p99 ${sameInstance.p99} ms, cross-instance p99 ${crossInstance.p99} ms, lost ${lost}`
			);
			return { editors, sameInstance, crossInstance, lost };
		};
		const ramp = async (count: 1 | 2): Promise<RoomsResult> => {
			const proxy = await startHaproxy({
				backends: instances.slice(0, count).map((instance, i) => ({
					name: `i${i + 1}`,
					port: instance.port
				}))
			});
			try {
				pinToServerCore(proxy.pid!);
				const companions = [
					...instances.slice(1).map((instance) => instance.child.pid!),
					...pbPids,
					redis.pid()!,
					proxy.pid!
				];
				const target = asTarget(
					proxy.url.replace('http', 'ws'),
					instances[0]!.child.pid!,
					rooms.tokens
				);
				const result = await runRooms(
					target,
					rooms.newRoom,
					config.roomSteps,
					config.roomWindows,
					companions
				);
				log(
					`trame cluster ${count} instance(s): ${result.steps.map((s) => `${s.rooms}→p99 ${s.windows.map((w) => w.latency.p99).join('/')} (median ${s.p99Median})/cpu ${s.serverCpu}`).join(', ')}`
				);
				return result;
			} finally {
				await proxy.stop();
			}
		};
		// The split room first, on instances doing nothing else (as S1's server): after a ramp,
		// hundreds of rooms stop typing at once and their debounced jobs (search text, change
		// log, ~2 s later) run together on the server core: 0.2–0.5 s stalls inside the window.
		const { editors, sameInstance, crossInstance, lost } = await splitRoom();
		const roomsOneInstance = await ramp(1);
		const roomsTwoInstances = await ramp(2);

		return { roomsOneInstance, roomsTwoInstances, editors, sameInstance, crossInstance, lost };
	} finally {
		for (const stop of stops) await stop().catch(() => {});
	}
}
