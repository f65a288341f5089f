/**
 * Process facts read from /proc (Linux): CPU time and resident memory of the measured server,
 * and core pinning with `taskset`, so each server gets one core and the load generator the other.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const CLOCK_TICKS = 100;

/** User + system CPU seconds used so far by a process (all threads). */
export function cpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name (which may contain spaces) start after the last ')'.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Resident set size in bytes. */
export function rssBytes(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const match = /VmRSS:\s+(\d+) kB/.exec(status);
	return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** Pins every thread of `pid` to `cores` (e.g. "0"). Returns false if taskset is unavailable. */
export function pin(pid: number, cores: string): boolean {
	try {
		execFileSync('taskset', ['-a', '-p', '-c', cores, String(pid)], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

/** Pids whose command line contains `needle` (to find a child's own children). */
export function pidsWithArgument(needle: string): number[] {
	const pids: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
			if (cmdline.includes(needle)) pids.push(Number(entry));
		} catch {
			// process gone
		}
	}
	return pids;
}

/** Samples the CPU share (0–1 of one core) of `pid` over a window. */
export class CpuMeter {
	private startCpu: number;
	private startTime: number;
	constructor(private readonly pid: number) {
		this.startCpu = cpuSeconds(pid);
		this.startTime = performance.now();
	}
	/** Share of one core since construction (or the last reset). */
	share(): number {
		const elapsed = (performance.now() - this.startTime) / 1000;
		return elapsed > 0 ? (cpuSeconds(this.pid) - this.startCpu) / elapsed : 0;
	}
	reset(): void {
		this.startCpu = cpuSeconds(this.pid);
		this.startTime = performance.now();
	}
}

export function loadAverage(): string {
	return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}
