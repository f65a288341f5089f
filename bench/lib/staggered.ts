/**
 * Runs `tick` every `periodMs`, the first one after a random part of a period, so that simulated
 * people do not act in lockstep. Returns a function that stops it.
 */
export function everyPeriodStaggered(tick: () => void, periodMs: number): () => void {
	let interval: ReturnType<typeof setInterval> | undefined;
	const first = setTimeout(() => {
		tick();
		interval = setInterval(tick, periodMs);
	}, Math.random() * periodMs);
	return () => {
		clearTimeout(first);
		if (interval) clearInterval(interval);
	};
}
