/**
 * Preload given to every server under test (Trame and both references alike) for S4:
 *   NODE_OPTIONS="--expose-gc --import ./bench/lib/memory-probe.mjs" BENCH_MEMORY_FILE=/tmp/x.json
 * On SIGUSR2 it runs a full garbage collection, then writes `process.memoryUsage()` (and the time)
 * to BENCH_MEMORY_FILE, so the bench reads live memory, not garbage, without touching the server.
 * It also reports the event-loop delay since the previous snapshot (or the start), then resets
 * it: S6 takes a snapshot as the restarted server listens, so startup is not counted.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.BENCH_MEMORY_FILE;
if (file) {
	const delay = monitorEventLoopDelay({ resolution: 10 });
	delay.enable();
	const ms = (ns) => Math.round(ns / 1e4) / 100;
	// Installed even without --expose-gc: an unhandled SIGUSR2 would kill the server.
	process.on('SIGUSR2', () => {
		const eventLoopDelay = { p99: ms(delay.percentile(99)), max: ms(delay.max) };
		const collected = typeof globalThis.gc === 'function';
		if (collected) globalThis.gc();
		const snapshot = { ...process.memoryUsage(), eventLoopDelay, collected, at: Date.now() };
		writeFileSync(`${file}.tmp`, JSON.stringify(snapshot));
		renameSync(`${file}.tmp`, file);
		delay.reset();
	});
}
