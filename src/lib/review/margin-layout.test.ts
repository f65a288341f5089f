import { describe, expect, it } from 'vitest';
import { layoutMarginCards } from './margin-layout';

const card = (id: string, want: number, height = 100) => ({ id, want, height });
const tops = (...args: Parameters<typeof layoutMarginCards>) =>
	Object.fromEntries(layoutMarginCards(...args));

describe('layoutMarginCards', () => {
	it.each([
		['apart: each level with its passage', [card('a', 0), card('b', 300)], null, { a: 0, b: 300 }],
		['close: pushed down in order', [card('a', 0), card('b', 50)], null, { a: 0, b: 108 }],
		['order of passages, not of the list', [card('b', 50), card('a', 0)], null, { a: 0, b: 108 }],
		[
			'the active one level with its passage, the one before pushed up',
			[card('a', 200), card('b', 250)],
			'b',
			{ a: 142, b: 250 }
		],
		[
			'no room above: everything in order from the top',
			[card('a', 0), card('b', 20)],
			'b',
			{ a: 0, b: 108 }
		],
		[
			'after the active one: pushed down',
			[card('a', 100), card('b', 120), card('c', 130, 50)],
			'a',
			{ a: 100, b: 208, c: 316 }
		]
	])('%s', (_name, cards, active, expected) => {
		expect(tops(cards, active)).toEqual(expected);
	});

	it('never overlaps, whatever the active card', () => {
		const cards = Array.from({ length: 12 }, (_, i) => card(`c${i}`, i * 37, 40 + (i % 3) * 30));
		for (const active of [null, 'c0', 'c5', 'c11']) {
			const placed = layoutMarginCards(cards, active);
			const boxes = cards
				.map((c) => ({ top: placed.get(c.id)!, bottom: placed.get(c.id)! + c.height }))
				.sort((a, b) => a.top - b.top);
			for (let i = 1; i < boxes.length; i++)
				expect(boxes[i]!.top).toBeGreaterThanOrEqual(boxes[i - 1]!.bottom);
			// The first card has nothing above it: always level with its passage.
			if (active === 'c0') expect(placed.get(active)).toBe(0);
		}
	});
});
