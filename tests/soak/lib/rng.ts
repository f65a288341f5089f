/**
 * Seeded randomness for reliability tests: every run prints its seed, and `TRAME_SEED=<n>`
 * replays it exactly (same faults at the same steps, same edits).
 */

export interface Rng {
	readonly seed: number;
	/** Uniform in [0, 1). */
	next(): number;
	/** Integer in [min, max]. */
	int(min: number, max: number): number;
	pick<T>(items: readonly T[]): T;
	chance(probability: number): boolean;
	/** A child generator (independent stream, derived from this one). */
	fork(): Rng;
}

/** mulberry32: tiny, fast, good enough for test choices (not for secrets). */
export function createRng(seed: number): Rng {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const rng: Rng = {
		seed,
		next,
		int: (min, max) => min + Math.floor(next() * (max - min + 1)),
		pick: (items) => {
			if (items.length === 0) throw new Error('pick from an empty list');
			return items[Math.floor(next() * items.length)]!;
		},
		chance: (probability) => next() < probability,
		fork: () => createRng(Math.floor(next() * 4294967296))
	};
	return rng;
}

/** `TRAME_SEED` if set, else a fresh random seed. */
export function seedFromEnv(): number {
	const raw = process.env.TRAME_SEED;
	if (raw !== undefined && raw !== '') {
		const seed = Number(raw);
		if (!Number.isInteger(seed) || seed < 0) throw new Error('TRAME_SEED must be an integer >= 0');
		return seed;
	}
	return Math.floor(Math.random() * 2 ** 31);
}

/** Runs `body`; on failure, the error says which seed reproduces it. */
export async function withSeed<T>(
	label: string,
	seed: number,
	body: (rng: Rng) => Promise<T>
): Promise<T> {
	try {
		return await body(createRng(seed));
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		const wrapped = new Error(
			`${label} failed with seed ${seed} (replay: TRAME_SEED=${seed})\n${message}`,
			{
				cause: error
			}
		);
		if (error instanceof Error && error.stack) wrapped.stack = `${wrapped.message}\n${error.stack}`;
		throw wrapped;
	}
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true or `timeoutMs` passes; returns the time it took. */
export async function waitUntil(
	check: () => boolean | Promise<boolean>,
	timeoutMs: number,
	what: string,
	intervalMs = 20
): Promise<number> {
	const started = Date.now();
	for (;;) {
		if (await check()) return Date.now() - started;
		if (Date.now() - started > timeoutMs)
			throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
		await sleep(intervalMs);
	}
}
