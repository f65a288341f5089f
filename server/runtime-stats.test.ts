import { describe, expect, it } from 'vitest';
import { readConfig } from './config.mjs';
import { startRuntimeMonitor } from './runtime-stats';

describe('runtime stats on /health', () => {
	it.each([
		[{ TRAME_HEALTH_RUNTIME: '1' }, true],
		[{ TRAME_HEALTH_RUNTIME: '0' }, false],
		[{ TRAME_HEALTH_RUNTIME: 'true' }, false],
		[{}, false]
	])('%j → %s', (env, enabled) => {
		expect(readConfig(env).healthRuntime).toBe(enabled);
	});

	it('reports memory and an event-loop delay that grows with a blocked loop', async () => {
		const monitor = startRuntimeMonitor();
		const until = Date.now() + 120;
		await new Promise((resolve) => setTimeout(resolve, 30));
		while (Date.now() < until) {
			// block the loop
		}
		await new Promise((resolve) => setTimeout(resolve, 30));
		const stats = monitor.stats();
		expect(stats.heapUsedBytes).toBeGreaterThan(0);
		expect(stats.rssBytes).toBeGreaterThanOrEqual(stats.heapUsedBytes);
		expect(stats.eventLoopDelayMs.max).toBeGreaterThanOrEqual(80);
	});
});
