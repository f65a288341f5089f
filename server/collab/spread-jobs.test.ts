import { describe, expect, it } from 'vitest';
import { runSpread } from './spread-jobs';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('runSpread', () => {
	it('runs jobs in order, one per turn of the event loop, other work between them', async () => {
		const order: string[] = [];
		for (const name of ['a', 'b', 'c']) runSpread(() => order.push(name));
		// Queued after the jobs: runs after the first, before the others (a socket read would too).
		setImmediate(() => order.push('io'));
		expect(order).toEqual([]);
		for (let i = 0; i < 4; i++) await turn();
		expect(order).toEqual(['a', 'io', 'b', 'c']);
	});

	it('runs a lone job on the next turn and starts again after an idle queue', async () => {
		const order: string[] = [];
		runSpread(() => order.push('first'));
		await turn();
		expect(order).toEqual(['first']);
		runSpread(() => order.push('second'));
		await turn();
		expect(order).toEqual(['first', 'second']);
	});
});
