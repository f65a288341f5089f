/**
 * Governance settings, read by the one config module (server/config.mjs). One variable shortens
 * time for tests: TRAME_ASYNC_DAY_MS, the length of a "day" of an asynchronous consent window
 * (default 24 h; e.g. 4000 makes a one-day window last 4 s; a malformed value stops the start).
 * The schedule checks due windows that often, bounded to between 250 ms and 30 s.
 */
import { DAY_MS } from '../../domain/consent-window';
import { serverConfig } from '../config';

export function asyncDayMs(): number {
	return serverConfig().asyncDayMs ?? DAY_MS;
}

export function scheduleIntervalMs(dayMs: number = asyncDayMs()): number {
	return Math.min(30_000, Math.max(250, Math.round(dayMs / 48)));
}
