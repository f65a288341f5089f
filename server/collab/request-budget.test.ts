import { describe, expect, it } from 'vitest';
import { RequestBudget } from './request-budget';

describe('RequestBudget', () => {
	it.each([
		// [label, requests as [time ms], expected results]
		['a burst up to capacity', [0, 0, 0], [true, true, true]],
		['one past capacity in a burst', [0, 0, 0, 0], [true, true, true, false]],
		['refills over time', [0, 0, 0, 0, 500, 500], [true, true, true, false, true, false]],
		[
			'never above capacity after a long pause',
			[0, 60_000, 60_000, 60_000, 60_000],
			[true, true, true, true, false]
		],
		[
			'a clock going backwards does not refill',
			[1000, 1000, 1000, 0, 0],
			[true, true, true, false, false]
		]
	])('%s', (_label, times, expected) => {
		const budget = new RequestBudget({ capacity: 3, perSecond: 2 }, times[0]!);
		expect(times.map((time) => budget.take(time))).toEqual(expected);
	});
});
