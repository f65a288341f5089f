/**
 * Bench-only trace of where a keystroke's time goes inside the server (`BENCH_HOP_TRACE=<file>`,
 * e.g. `npm run bench -- --only SUG --trame-env BENCH_HOP_TRACE=/tmp/hops.jsonl`): for every
 * client update, when its frame was read, when it was applied (after the suggestion check for a
 * comment-role socket), and when the tick that carried it went out to the peers. One JSON line
 * per update, epoch ms with sub-ms precision (the bench's clients use the same clock), appended
 * to the file in the background. Off unless the variable is set: then the only cost is a null
 * check per update and per tick.
 *
 * In a cluster (S9) every instance appends to the same file, each line tagged with its instance
 * (`i`: its process id): an update relayed by another instance gets a line with when it came off
 * the bus (`x`) and when this instance's tick sent it to its peers (`b`); and each instance adds
 * one line per second with its event-loop delay and CPU time (`loop`: p99, max, CPU ms over that
 * second), to tell a stall from a slow hop.
 */
import { appendFile } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';

export interface HopTrace {
	now(): number;
	/** After `update` (read at `receivedAt`) was checked and applied. */
	applied(update: Uint8Array, receivedAt: number): void;
	/** An update relayed by another instance, as it came off the bus (before it is applied). */
	relayed(update: Uint8Array): void;
	/** After the tick's updates were sent to every peer. */
	broadcast(updates: readonly Uint8Array[]): void;
}

const FLUSH_MS = 250;
const LOOP_SAMPLE_MS = 1_000;

function startHopTrace(file: string): HopTrace {
	const now = () => performance.timeOrigin + performance.now();
	// The process id tells the instances of a cluster apart (the bench knows each one's).
	const instance = String(process.pid);
	/** `${client}:${clock after the update}` → [received, applied]. */
	const pending = new Map<string, [number, number]>();
	/** Same key → when it came off the bus (relayed by another instance). */
	const relayedAt = new Map<string, number>();
	let lines: string[] = [];
	let writing: Promise<void> = Promise.resolve();
	setInterval(() => {
		if (lines.length === 0) return;
		const text = lines.join('\n') + '\n';
		lines = [];
		writing = writing.then(() => appendFile(file, text)).catch(() => undefined);
	}, FLUSH_MS).unref();
	const loop = monitorEventLoopDelay({ resolution: 1 });
	loop.enable();
	let cpu = process.cpuUsage();
	setInterval(() => {
		const ms = (ns: number) => Math.round(ns / 1e4) / 100;
		const used = process.cpuUsage(cpu);
		cpu = process.cpuUsage();
		lines.push(
			JSON.stringify({
				i: instance,
				t: now(),
				loop: [ms(loop.percentile(99)), ms(loop.max), Math.round((used.user + used.system) / 1000)]
			})
		);
		loop.reset();
	}, LOOP_SAMPLE_MS).unref();
	const keys = (update: Uint8Array) =>
		[...Y.parseUpdateMeta(update).to].map(
			([client, clock]) => [client, clock, `${client}:${clock}`] as const
		);
	return {
		now,
		applied(update, receivedAt) {
			const at = now();
			for (const [, , key] of keys(update)) pending.set(key, [receivedAt, at]);
		},
		relayed(update) {
			const at = now();
			for (const [, , key] of keys(update)) relayedAt.set(key, at);
		},
		broadcast(updates) {
			const at = now();
			for (const update of updates) {
				for (const [client, clock, key] of keys(update)) {
					const hops = pending.get(key);
					if (hops) {
						pending.delete(key);
						lines.push(
							JSON.stringify({ i: instance, c: client, k: clock, r: hops[0], a: hops[1], b: at })
						);
						continue;
					}
					const x = relayedAt.get(key);
					if (x === undefined) continue;
					relayedAt.delete(key);
					lines.push(JSON.stringify({ i: instance, c: client, k: clock, x, b: at }));
				}
			}
		}
	};
}

const traceFile = process.env.BENCH_HOP_TRACE;

/** The trace, or null (the normal case) when the bench did not ask for it. */
export const hopTrace: HopTrace | null = traceFile ? startHopTrace(traceFile) : null;
