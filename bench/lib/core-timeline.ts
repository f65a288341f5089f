/**
 * Who had the server core, interval by interval (traced runs, S9): the CPU time of each named
 * process and of each core as a whole (/proc/stat: other machines' work on the same core shows
 * as the difference), and the load generator's own event-loop delay. To tell a slow hop from a
 * process that was waiting for its core.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { cpuSeconds } from './proc';
import { round } from './stats';

export interface CoreSample {
	/** Epoch ms at the end of the interval. */
	at: number;
	ms: number;
	/** CPU ms of each named process in the interval. */
	processes: Record<string, number>;
	/** Busy ms of each core in the interval. */
	cores: number[];
	/** The load generator's event-loop delay max in the interval (ms). */
	generatorDelay: number;
	/** The load generator's own CPU ms in the interval (a stall without it: waiting for a core). */
	generatorCpu: number;
}

function coreBusyJiffies(): number[] {
	const out: number[] = [];
	for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
		const match = /^cpu(\d+) (.*)$/.exec(line);
		if (!match) continue;
		const [user, nice, system, , , irq, softirq, steal] = match[2]!.trim().split(/\s+/).map(Number);
		out[Number(match[1])] = user! + nice! + system! + irq! + softirq! + steal!;
	}
	return out;
}

export function startCoreTimeline(processes: Record<string, number>, intervalMs = 100) {
	const samples: CoreSample[] = [];
	const loop = monitorEventLoopDelay({ resolution: 1 });
	loop.enable();
	const read = () => ({
		at: performance.timeOrigin + performance.now(),
		cpu: Object.fromEntries(
			Object.entries(processes).map(([name, pid]) => {
				try {
					return [name, cpuSeconds(pid)];
				} catch {
					return [name, 0];
				}
			})
		),
		cores: coreBusyJiffies(),
		generator: process.cpuUsage()
	});
	let last = read();
	const timer = setInterval(() => {
		const now = read();
		samples.push({
			at: now.at,
			ms: round(now.at - last.at, 0),
			processes: Object.fromEntries(
				Object.keys(processes).map((name) => [
					name,
					round((now.cpu[name]! - last.cpu[name]!) * 1000, 0)
				])
			),
			cores: now.cores.map((j, i) => (j - (last.cores[i] ?? j)) * 10),
			generatorDelay: round(loop.max / 1e6, 1),
			generatorCpu: round(
				(now.generator.user - last.generator.user + now.generator.system - last.generator.system) /
					1000,
				0
			)
		});
		loop.reset();
		last = now;
	}, intervalMs);
	return {
		stop(): CoreSample[] {
			clearInterval(timer);
			loop.disable();
			return samples;
		}
	};
}

/** The intervals from `start` (epoch ms) where a core was ≥ 80 % busy or the generator stalled ≥ 20 ms. */
export function describeBusyIntervals(samples: readonly CoreSample[], start: number): string {
	const lines = samples
		.filter((s) => s.generatorDelay >= 20 || s.cores.some((busy) => busy >= 0.8 * s.ms))
		.map((s) => {
			const procs = Object.entries(s.processes)
				.map(([name, ms]) => `${name} ${ms}`)
				.join(', ');
			return `+${round((s.at - start) / 1000, 1)} s (${s.ms} ms): cores ${s.cores.join('/')} ms busy; ${procs}; generator loop max ${s.generatorDelay} ms, CPU ${s.generatorCpu} ms`;
		});
	return lines.length === 0 ? 'no busy interval' : lines.join('\n    ');
}
