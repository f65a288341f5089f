/**
 * Bench-only trace of where a keystroke's time goes inside the server (`BENCH_HOP_TRACE=<file>`,
 * e.g. `npm run bench -- --only SUG --trame-env BENCH_HOP_TRACE=/tmp/hops.jsonl`): for every
 * client update, when its frame was read, when it was applied (after the suggestion check for a
 * comment-role socket; `q`: when that check ended), and when the tick that carried it went out
 * to the peers. One JSON line
 * per update, epoch ms with sub-ms precision (the bench's clients use the same clock), appended
 * to the file in the background. Off unless the variable is set: then the only cost is a null
 * check per update and per tick.
 *
 * In a cluster (S9) every instance appends to the same file, each line tagged with its instance
 * (`i`: its process id): an update relayed by another instance gets a line with when it came off
 * the bus (`x`) and when this instance's tick sent it to its peers (`b`); and each instance adds
 * one line per second with its event-loop delay and CPU time (`loop`: p99, max, CPU ms over that
 * second) and its garbage-collection pauses (`gc`: count, total ms, longest ms, its kind), to tell a stall
 * from a slow hop.
 *
 * Presence (S7) gets its own lines (`p: 1`), keyed by awareness client id and clock: when the
 * frame was read (`r`), guarded (`g`), applied (`a`), when the tick's flush began (`f`) and
 * when its message had been handed to every peer's socket (`b`). Keystroke lines carry `f` too.
 */
import { appendFile } from 'node:fs/promises';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import * as Y from 'yjs';

export interface HopTrace {
	now(): number;
	/**
	 * After `update` (read at `receivedAt`) was checked and applied; `checkedAt`: when the
	 * suggestion check of a comment-role update ended (0: none).
	 */
	applied(update: Uint8Array, receivedAt: number, checkedAt?: number): void;
	/** An update relayed by another instance, as it came off the bus (before it is applied). */
	relayed(update: Uint8Array): void;
	/** After the tick's updates were sent to every peer. */
	broadcast(updates: readonly Uint8Array[]): void;
	/** The tick's flush begins (before its document updates and presence are encoded). */
	flushing(): void;
	/** Presence entries read at `receivedAt`, kept by the guard at `guardedAt`, now applied. */
	presenceApplied(
		entries: readonly { clientId: number; clock: number }[],
		receivedAt: number,
		guardedAt: number
	): void;
	/** After the tick's awareness message was handed to every peer's socket. */
	presenceSent(entries: readonly { clientId: number; clock: number }[]): void;
}

const FLUSH_MS = 250;
const LOOP_SAMPLE_MS = 1_000;

function startHopTrace(file: string): HopTrace {
	const now = () => performance.timeOrigin + performance.now();
	// The process id tells the instances of a cluster apart (the bench knows each one's).
	const instance = String(process.pid);
	/** `${client}:${clock after the update}` → [received, applied, checked or 0]. */
	const pending = new Map<string, [number, number, number]>();
	/** Same key → when it came off the bus (relayed by another instance). */
	const relayedAt = new Map<string, number>();
	/** Presence `${client}:${clock}` → [received, guarded, applied]. */
	const presence = new Map<string, [number, number, number]>();
	let flushAt = 0;
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
	// Garbage-collection pauses per second (count, total ms, longest ms, the longest's kind: 1
	// scavenge, 4 mark-compact, 8 incremental marking, 16 weak callbacks): a stall's usual suspect.
	let gc = [0, 0, 0, 0];
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			const kind = (entry as { detail?: { kind?: number } }).detail?.kind ?? 0;
			const longest = entry.duration > gc[2]!;
			gc = [
				gc[0]! + 1,
				gc[1]! + entry.duration,
				longest ? entry.duration : gc[2]!,
				longest ? kind : gc[3]!
			];
			// Each pause of 1 ms or more on its own line, to line it up with the slow deliveries.
			if (entry.duration >= 1) {
				const at = performance.timeOrigin + entry.startTime;
				lines.push(JSON.stringify({ i: instance, gcAt: at, d: entry.duration, kind }));
			}
		}
	}).observe({ entryTypes: ['gc'] });
	let cpu = process.cpuUsage();
	setInterval(() => {
		const ms = (ns: number) => Math.round(ns / 1e4) / 100;
		const used = process.cpuUsage(cpu);
		cpu = process.cpuUsage();
		lines.push(
			JSON.stringify({
				i: instance,
				t: now(),
				loop: [ms(loop.percentile(99)), ms(loop.max), Math.round((used.user + used.system) / 1000)],
				gc: [gc[0], Math.round(gc[1]! * 100) / 100, Math.round(gc[2]! * 100) / 100, gc[3]],
				// Young generation's size (MB): how much a scavenge may have to walk.
				young: youngMb()
			})
		);
		loop.reset();
		gc = [0, 0, 0, 0];
	}, LOOP_SAMPLE_MS).unref();
	const keys = (update: Uint8Array) =>
		[...Y.parseUpdateMeta(update).to].map(
			([client, clock]) => [client, clock, `${client}:${clock}`] as const
		);
	return {
		now,
		applied(update, receivedAt, checkedAt = 0) {
			const at = now();
			for (const [, , key] of keys(update)) pending.set(key, [receivedAt, at, checkedAt]);
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
							JSON.stringify({
								i: instance,
								c: client,
								k: clock,
								r: hops[0],
								// When the suggestion check ended (comment-role updates only).
								...(hops[2] > 0 ? { q: hops[2] } : {}),
								a: hops[1],
								f: flushAt,
								b: at
							})
						);
						continue;
					}
					const x = relayedAt.get(key);
					if (x === undefined) continue;
					relayedAt.delete(key);
					lines.push(JSON.stringify({ i: instance, c: client, k: clock, x, b: at }));
				}
			}
		},
		flushing() {
			flushAt = now();
		},
		presenceApplied(entries, receivedAt, guardedAt) {
			const at = now();
			for (const { clientId, clock } of entries) {
				presence.set(`${clientId}:${clock}`, [receivedAt, guardedAt, at]);
			}
		},
		presenceSent(entries) {
			const at = now();
			for (const { clientId: c, clock: k } of entries) {
				const hops = presence.get(`${c}:${k}`);
				if (!hops) continue;
				presence.delete(`${c}:${k}`);
				const [r, g, a] = hops;
				lines.push(JSON.stringify({ i: instance, p: 1, c, k, r, g, a, f: flushAt, b: at }));
			}
		}
	};
}

function youngMb(): number {
	const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
	return space ? Math.round(space.space_size / 1e4) / 100 : 0;
}

const traceFile = process.env.BENCH_HOP_TRACE;

/** The trace, or null (the normal case) when the bench did not ask for it. */
export const hopTrace: HopTrace | null = traceFile ? startHopTrace(traceFile) : null;
