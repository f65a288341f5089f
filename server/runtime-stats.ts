/**
 * Process figures for the benchmark (bench/), added to `GET /health` only when
 * `TRAME_HEALTH_RUNTIME=1`: heap, resident memory and event-loop delay since start. Off by
 * default — they say nothing about documents or users, but production has no use for them.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface RuntimeStats {
	heapUsedBytes: number;
	rssBytes: number;
	/** Event-loop delay since the process started (ms). */
	eventLoopDelayMs: { p50: number; p99: number; max: number };
}

export interface RuntimeMonitor {
	stats(): RuntimeStats;
}

const NS_PER_MS = 1e6;

export function startRuntimeMonitor(): RuntimeMonitor {
	const histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
	histogram.enable();
	const ms = (ns: number) => Math.round((ns / NS_PER_MS) * 100) / 100;
	return {
		stats() {
			const memory = process.memoryUsage();
			return {
				heapUsedBytes: memory.heapUsed,
				rssBytes: memory.rss,
				eventLoopDelayMs: {
					p50: ms(histogram.percentile(50)),
					p99: ms(histogram.percentile(99)),
					max: ms(histogram.max)
				}
			};
		}
	};
}
