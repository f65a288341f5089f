/**
 * Governance settings from the environment. One variable shortens time for tests:
 * TRAME_ASYNC_DAY_MS, the length of a "day" of an asynchronous consent window (default 24 h; e.g.
 * 4000 makes a one-day window last 4 s). The schedule checks due windows that often, bounded to
 * between 250 ms and 30 s.
 */
import { DAY_MS } from '../../domain/consent-window';

export function asyncDayMs(env: NodeJS.ProcessEnv = process.env): number {
	const value = Number(env.TRAME_ASYNC_DAY_MS);
	return Number.isFinite(value) && value > 0 ? value : DAY_MS;
}

export function scheduleIntervalMs(dayMs: number = asyncDayMs()): number {
	return Math.min(30_000, Math.max(250, Math.round(dayMs / 48)));
}
