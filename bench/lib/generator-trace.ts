/**
 * What the load generator's own process did during a run (BENCH_GEN_TRACE=1): its GC pauses with
 * their times, its heap allocation, and its event loop's stalls — to tell, for the slowest
 * deliveries, whether they waited on the generator's garbage collector or its loop.
 */
import { PerformanceObserver, monitorEventLoopDelay, type PerformanceEntry } from 'node:perf_hooks';
import v8 from 'node:v8';
import type { Delivery } from './latency';
import { round } from './stats';

interface Span {
	/** epoch ms */
	start: number;
	end: number;
	/** Stalls: this process's CPU ms during the gap (≈ the gap: own work; ≪: waiting for a core). */
	cpu?: number;
}

export interface GeneratorTrace {
	gcCount: number;
	gcMs: number;
	gcMaxMs: number;
	/** Heap bytes allocated per second of the run (MB/s), from the GC profiler's before/after. */
	allocMBps: number;
	loopP99Ms: number;
	loopMaxMs: number;
	/** Loop stalls ≥ 10 ms (count, total ms). */
	stalls: number;
	stallMs: number;
	/** This process's CPU ms during those stalls (the rest: waiting for a core). */
	stallCpuMs: number;
	/** Heap bytes allocated per delivery (KB) and GC ms per 1000 deliveries. */
	allocKBPerDelivery: number;
	gcMsPer1000: number;
	/** Deliveries at or above the p99: how many, and how many overlapped a GC pause / a stall. */
	tail: number;
	tailWithGc: number;
	tailWithStall: number;
	/** Mean over the tail of GC ms / stall ms inside each delivery's window. */
	tailGcMs: number;
	tailStallMs: number;
	tailMeanMs: number;
}

const overlap = (spans: readonly Span[], from: number, to: number) => {
	let sum = 0;
	for (const s of spans) sum += Math.max(0, Math.min(to, s.end) - Math.max(from, s.start));
	return sum;
};

export class GeneratorTracer {
	private readonly gcs: Span[] = [];
	private readonly stalls: Span[] = [];
	private readonly observer = new PerformanceObserver((list) => {
		for (const e of list.getEntries() as PerformanceEntry[]) {
			const start = performance.timeOrigin + e.startTime;
			this.gcs.push({ start, end: start + e.duration });
		}
	});
	private readonly delay = monitorEventLoopDelay({ resolution: 1 });
	private readonly profiler = new v8.GCProfiler();
	private timer: ReturnType<typeof setInterval> | undefined;
	private started = 0;

	start(): void {
		this.observer.observe({ entryTypes: ['gc'] });
		this.delay.enable();
		this.profiler.start();
		this.started = performance.now();
		let last = performance.now();
		let lastCpu = process.cpuUsage();
		// A stall recorder with times (the histogram has none): gaps ≥ 10 ms between 2 ms ticks.
		this.timer = setInterval(() => {
			const now = performance.now();
			const cpu = process.cpuUsage();
			if (now - last >= 10) {
				this.stalls.push({
					start: performance.timeOrigin + last,
					end: performance.timeOrigin + now,
					cpu: (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000
				});
			}
			last = now;
			lastCpu = cpu;
		}, 2);
	}

	stop(deliveries: readonly Delivery[]): GeneratorTrace {
		const seconds = (performance.now() - this.started) / 1000;
		clearInterval(this.timer);
		this.delay.disable();
		this.observer.disconnect();
		const stats = this.profiler.stop()?.statistics ?? [];
		let allocated = 0;
		let after: number | undefined;
		for (const s of stats) {
			const before = s.beforeGC.heapStatistics.usedHeapSize;
			if (after !== undefined) allocated += Math.max(0, before - after);
			after = s.afterGC.heapStatistics.usedHeapSize;
		}
		const totals = deliveries.map((d) => d.applied - d.sent).sort((a, b) => a - b);
		const p99 = totals.length
			? totals[Math.min(totals.length - 1, Math.floor(totals.length * 0.99))]!
			: 0;
		const tail = deliveries.filter((d) => d.applied - d.sent >= p99);
		const gcIn = tail.map((d) => overlap(this.gcs, d.sent, d.applied));
		const stallIn = tail.map((d) => overlap(this.stalls, d.sent, d.applied));
		const mean = (xs: number[]) =>
			xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length, 2) : 0;
		return {
			gcCount: this.gcs.length,
			gcMs: round(
				this.gcs.reduce((a, s) => a + s.end - s.start, 0),
				1
			),
			gcMaxMs: round(Math.max(0, ...this.gcs.map((s) => s.end - s.start)), 2),
			allocMBps: round(allocated / 1e6 / Math.max(0.001, seconds), 1),
			loopP99Ms: round(this.delay.percentile(99) / 1e6, 2),
			loopMaxMs: round(this.delay.max / 1e6, 2),
			stalls: this.stalls.length,
			stallMs: round(
				this.stalls.reduce((a, s) => a + s.end - s.start, 0),
				1
			),
			stallCpuMs: round(
				this.stalls.reduce((a, s) => a + (s.cpu ?? 0), 0),
				1
			),
			allocKBPerDelivery: round(allocated / 1e3 / Math.max(1, deliveries.length), 2),
			gcMsPer1000: round(
				(this.gcs.reduce((a, s) => a + s.end - s.start, 0) * 1000) / Math.max(1, deliveries.length),
				2
			),
			tail: tail.length,
			tailWithGc: gcIn.filter((x) => x > 0).length,
			tailWithStall: stallIn.filter((x) => x > 0).length,
			tailGcMs: mean(gcIn),
			tailStallMs: mean(stallIn),
			tailMeanMs: mean(tail.map((d) => d.applied - d.sent))
		};
	}
}
