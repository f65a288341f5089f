/** Latency samples and their summaries (milliseconds). */
export interface Summary {
	n: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
}

export function percentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return Number.NaN;
	const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
	return sorted[Math.max(0, index)]!;
}

export function summarize(samples: readonly number[]): Summary {
	const sorted = Float64Array.from(samples).sort();
	const list = Array.from(sorted);
	return {
		n: list.length,
		p50: round(percentile(list, 50)),
		p95: round(percentile(list, 95)),
		p99: round(percentile(list, 99)),
		max: round(list.at(-1) ?? Number.NaN)
	};
}

export function round(value: number, digits = 2): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
