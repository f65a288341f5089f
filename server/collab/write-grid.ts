/**
 * A clock shared by every document's persistence queue: timed writes start on multiples of
 * `gridMs`, and everything due on one grid line runs from ONE timer, hence in one event-loop
 * turn, where the store sends the rows of many documents as one request. (Separate timers set
 * for the same instant fire up to a millisecond apart, in different turns.)
 */
export class WriteGrid {
	/** Grid line (a multiple of gridMs, performance.now() clock) → what runs then. */
	private readonly lines = new Map<
		number,
		{ timer: ReturnType<typeof setTimeout>; runs: Set<() => void> }
	>();

	constructor(readonly gridMs: number) {}

	/**
	 * Runs `run` on the first grid line at least `delayMs` from now (after `delayMs` exactly
	 * without a grid). Returns the cancel function.
	 */
	schedule(delayMs: number, run: () => void): () => void {
		if (this.gridMs <= 0) {
			const timer = setTimeout(run, delayMs);
			return () => clearTimeout(timer);
		}
		const now = performance.now();
		const at = now + onGrid(now, delayMs, this.gridMs);
		let line = this.lines.get(at);
		if (!line) {
			const runs = new Set<() => void>();
			const timer = setTimeout(() => {
				this.lines.delete(at);
				for (const due of runs) due();
			}, at - now);
			line = { timer, runs };
			this.lines.set(at, line);
		}
		const runs = line.runs;
		runs.add(run);
		return () => {
			runs.delete(run);
			const current = this.lines.get(at);
			if (current?.runs === runs && runs.size === 0) {
				clearTimeout(current.timer);
				this.lines.delete(at);
			}
		};
	}

	/** Grid lines waiting (tests, leak checks). */
	get pendingLines(): number {
		return this.lines.size;
	}
}

/** `delay` lengthened so that now + delay falls on a multiple of `grid` (unchanged if grid ≤ 0). */
export function onGrid(now: number, delay: number, grid: number): number {
	if (grid <= 0) return delay;
	return Math.ceil((now + delay) / grid) * grid - now;
}
