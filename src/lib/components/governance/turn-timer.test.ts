import { describe, expect, it } from 'vitest';
import { formatClock, remainingSeconds } from './turn-timer.svelte';

describe('turn timer', () => {
	const start = '2026-03-01T10:00:00.000Z';
	const t = Date.parse(start);
	it.each([
		[0, 120],
		[500, 120],
		[1_000, 119],
		[120_000, 0],
		[121_000, -1]
	])('after %i ms, %i s remain', (elapsed, remaining) => {
		expect(remainingSeconds(start, 120, t + elapsed)).toBe(remaining);
	});

	it.each([
		[125, '2:05'],
		[0, '0:00'],
		[-7, '−0:07']
	])('formats %i as %s', (s, text) => expect(formatClock(s)).toBe(text));
});
