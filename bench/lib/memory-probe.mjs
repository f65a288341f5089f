/**
 * Preload given to every server under test (Trame and both references alike) for S4:
 *   NODE_OPTIONS="--expose-gc --import ./bench/lib/memory-probe.mjs" BENCH_MEMORY_FILE=/tmp/x.json
 * On SIGUSR2 it runs a full garbage collection, then writes `process.memoryUsage()` (and the time)
 * to BENCH_MEMORY_FILE, so the bench reads live memory, not garbage, without touching the server.
 * It also reports the event-loop delay since the previous snapshot (or the start), then resets
 * it: S6 takes a snapshot as the restarted server listens, so startup is not counted.
 *
 * Diagnosis: with BENCH_HEAP_SNAPSHOT_DIR set (`--trame-env BENCH_HEAP_SNAPSHOT_DIR=/tmp/h`), each
 * reading also writes `<dir>/<pid>-<n>.json` (the reading with V8's space sizes) and a heap
 * snapshot `<dir>/<pid>-<n>.heapsnapshot` (seconds of blocked server each; diagnosis only).
 * Compare two with `node bench/lib/heap-diff.mjs a.heapsnapshot b.heapsnapshot`.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';

const file = process.env.BENCH_MEMORY_FILE;
const heapDir = process.env.BENCH_HEAP_SNAPSHOT_DIR;
if (file) {
	const delay = monitorEventLoopDelay({ resolution: 10 });
	delay.enable();
	const ms = (ns) => Math.round(ns / 1e4) / 100;
	let readings = 0;
	// Installed even without --expose-gc: an unhandled SIGUSR2 would kill the server.
	process.on('SIGUSR2', () => {
		const eventLoopDelay = { p99: ms(delay.percentile(99)), max: ms(delay.max) };
		const collected = typeof globalThis.gc === 'function';
		if (collected) {
			globalThis.gc();
			// Twice: V8 frees dead array buffers on a helper thread after a GC and only takes them
			// off `external` when that sweep is finalised, at the start of the next GC. With one
			// GC, the 16 MB of documents unloaded since the last GC still counted as live (Node's
			// own `arrayBuffers` already said 0.1 MB): S4 read ×1.63 for an empty server.
			globalThis.gc();
		}
		const snapshot = { ...process.memoryUsage(), eventLoopDelay, collected, at: Date.now() };
		if (heapDir) {
			// Written before the reading is published, so the bench waits for it (the reading
			// itself is taken first: the snapshot does not inflate it).
			const base = join(heapDir, `${process.pid}-${++readings}`);
			const spaces = Object.fromEntries(
				getHeapSpaceStatistics().map((space) => [space.space_name, space.space_used_size])
			);
			mkdirSync(heapDir, { recursive: true });
			writeFileSync(`${base}.json`, JSON.stringify({ ...snapshot, spaces }));
			writeHeapSnapshot(`${base}.heapsnapshot`);
		}
		writeFileSync(`${file}.tmp`, JSON.stringify(snapshot));
		renameSync(`${file}.tmp`, file);
		delay.reset();
	});
}
