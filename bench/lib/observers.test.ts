import { describe, expect, it } from 'vitest';
import { observerPlan } from './observers';

describe('observerPlan', () => {
	const cases: { clients: number; observers: number; observing: number[]; owed: number[] }[] = [
		// 0: every client observes, each keystroke owed to all the others (the old method).
		{ clients: 4, observers: 0, observing: [0, 1, 2, 3], owed: [3, 3, 3, 3] },
		// More observers asked than clients: all observe.
		{ clients: 3, observers: 10, observing: [0, 1, 2], owed: [2, 2, 2] },
		// Every other client: an observer's keystroke is owed to the other observer only.
		{ clients: 4, observers: 2, observing: [0, 2], owed: [1, 2, 1, 2] },
		{ clients: 10, observers: 3, observing: [0, 3, 6, 9], owed: [3, 4, 4, 3, 4, 4, 3, 4, 4, 3] }
	];
	for (const c of cases) {
		it(`${c.clients} clients, ${c.observers} observers`, () => {
			const plan = observerPlan(c.clients, c.observers);
			expect(plan.observes.flatMap((o, i) => (o ? [i] : []))).toEqual(c.observing);
			expect(plan.owed).toEqual(c.owed);
		});
	}

	it('50 clients, 10 observers: ten measured, evenly spread', () => {
		const plan = observerPlan(50, 10);
		expect(plan.observes.filter(Boolean)).toHaveLength(10);
		expect(plan.owed[0]).toBe(9);
		expect(plan.owed[1]).toBe(10);
	});
});
