import { describe, expect, it } from 'vitest';
import { splitHops } from './hops';
import type { Delivery } from './latency';

/** Server trace rows: read r, checked q (suggestions), applied a, tick sent b. */
type Row = { key: string; r: number; q?: number; a: number; b: number };

function split(rows: Row[], deliveries: Delivery[]) {
	return splitHops(deliveries, new Map(rows.map(({ key, ...hop }) => [key, hop])));
}

const delivery = (client: number, clock: number, sent: number, applied: number): Delivery => ({
	client,
	clock,
	sent,
	applying: applied,
	applied
});

describe('splitHops: what the suggestion check adds per tick', () => {
	it.each<[string, Row[], Delivery[], { perTickMax: number; p99: number; without: number } | null]>(
		[
			[
				'a normal run after a suggestion run in the same trace: none of its ticks checked',
				[
					{ key: '1:1', r: 1, q: 2, a: 2.5, b: 5 },
					{ key: '2:1', r: 10, a: 11, b: 12 }
				],
				[delivery(2, 1, 9, 20)],
				null
			],
			[
				'normal mode: no check in the trace',
				[{ key: '1:1', r: 1, a: 2, b: 3 }],
				[delivery(1, 1, 0, 10)],
				null
			],
			[
				'one tick carrying two checked keystrokes: each delivery waits for both checks',
				[
					{ key: '1:1', r: 1, q: 2, a: 2.5, b: 5 },
					{ key: '2:1', r: 2.5, q: 4, a: 4.5, b: 5 }
				],
				[delivery(1, 1, 0, 10), delivery(2, 1, 0, 8)],
				{ perTickMax: 2.5, p99: 10, without: 7.5 }
			],
			[
				'two ticks: a delivery loses only its own tick’s checks',
				[
					{ key: '1:1', r: 1, q: 1.5, a: 2, b: 3 },
					{ key: '2:1', r: 4, q: 7, a: 7.5, b: 8 }
				],
				[delivery(1, 1, 0, 20), delivery(2, 1, 0, 12)],
				{ perTickMax: 3, p99: 20, without: 19.5 }
			]
		]
	)('%s', (_name, rows, deliveries, expected) => {
		const result = split(rows, deliveries);
		if (expected === null) {
			expect(result.check).toBeUndefined();
			return;
		}
		expect(result.check?.perTick.max).toBe(expected.perTickMax);
		expect(result.check?.p99).toBe(expected.p99);
		expect(result.check?.p99Without).toBe(expected.without);
	});
});
