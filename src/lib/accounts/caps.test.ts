/**
 * The per-account caps of account mail (pocketbase/pb_hooks/lib/caps.js, run by goja): loaded
 * here as goja loads it, a CommonJS script.
 */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

interface CapsLib {
	takeSlot(
		stored: unknown,
		now: number,
		cap: number,
		windowMs: number
	): { allowed: boolean; next: string };
	take(
		store: Map<string, string>,
		key: string,
		now: number,
		cap: number,
		windowMs: number
	): boolean;
	RESET_CAP: number;
	RESET_SPACING_MS: number;
	EMAIL_CHANGE_CAP: number;
	HOUR_MS: number;
}

function loadCaps(): CapsLib {
	const source = readFileSync(
		new URL('../../../pocketbase/pb_hooks/lib/caps.js', import.meta.url),
		'utf8'
	);
	const module = { exports: {} as unknown };
	runInNewContext(source, { module, exports: module.exports });
	return module.exports as CapsLib;
}

const caps = loadCaps();
const HOUR = caps.HOUR_MS;

describe('per-account caps', () => {
	it('allows `cap` uses in a window, then refuses until the window is over', () => {
		const store = new Map<string, string>();
		const t0 = 1_000_000;
		const results = [0, 1, 2, 3, 4].map((i) => caps.take(store, 'k', t0 + i * 60_000, 3, HOUR));
		expect(results).toEqual([true, true, true, false, false]);
		// The window runs from the first use, not the last.
		expect(caps.take(store, 'k', t0 + HOUR - 1, 3, HOUR)).toBe(false);
		expect(caps.take(store, 'k', t0 + HOUR, 3, HOUR)).toBe(true);
		expect(caps.take(store, 'k', t0 + HOUR + 1, 3, HOUR)).toBe(true);
	});

	it('keeps accounts apart', () => {
		const store = new Map<string, string>();
		for (let i = 0; i < 3; i++) caps.take(store, 'a', 10, 3, HOUR);
		expect(caps.take(store, 'a', 11, 3, HOUR)).toBe(false);
		expect(caps.take(store, 'b', 11, 3, HOUR)).toBe(true);
	});

	it.each([[undefined], [''], ['nonsense'], ['3:abc']])('reads %j as an unused slot', (stored) => {
		expect(caps.takeSlot(stored, 5_000_000, 3, HOUR)).toEqual({ allowed: true, next: '1:5000000' });
	});

	it('caps resets at 3 an hour, one per 2 minutes, and email changes at 5 an hour', () => {
		expect([caps.RESET_CAP, caps.RESET_SPACING_MS, caps.EMAIL_CHANGE_CAP, caps.HOUR_MS]).toEqual([
			3, 120_000, 5, 3_600_000
		]);
	});
});
