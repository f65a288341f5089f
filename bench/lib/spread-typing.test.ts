import { describe, expect, it } from 'vitest';
import { joinRecords } from './spread-typing';
import type { AppliedUpdate, WorkerRecords } from './typing-worker';

/** A worker's records with only what the join reads. */
function worker(
	sends: WorkerRecords['sends'],
	updates: AppliedUpdate[],
	busy: [number, number][] = []
): WorkerRecords {
	return {
		sends,
		updates,
		busyTimes: busy.map(([t]) => t),
		busyValues: busy.map(([, v]) => v),
		durable: [],
		updateBytes: 0,
		keystrokes: sends.reduce((sum, s) => sum + s.clocks.length, 0),
		reopens: 0,
		finalDocBytes: 0
	};
}

const update = (receiver: number, applied: number, to: [number, number][], busyAtApplying = 0) => ({
	receiver,
	applying: applied - 1,
	applied,
	busyAtApplying,
	to
});

describe('joinRecords', () => {
	const cases: {
		name: string;
		records: WorkerRecords[];
		samples: number[];
		own: number[];
	}[] = [
		{
			name: 'one keystroke, one receiver in another worker',
			records: [
				worker([{ client: 1, clocks: [1], times: [100] }], []),
				worker([], [update(2, 130, [[1, 1]])])
			],
			samples: [30],
			own: [30]
		},
		{
			name: 'an update carrying two keystrokes counts both, each from its own send time',
			records: [
				worker([{ client: 1, clocks: [1, 2], times: [100, 110] }], []),
				worker([], [update(2, 150, [[1, 2]])])
			],
			samples: [50, 40],
			own: [50, 40]
		},
		{
			name: 'each receiver has its own cursor: a later update does not count a keystroke again',
			records: [
				worker([{ client: 1, clocks: [1, 2], times: [100, 200] }], []),
				worker([], [update(2, 120, [[1, 1]]), update(3, 125, [[1, 1]]), update(2, 210, [[1, 2]])])
			],
			samples: [20, 25, 10],
			own: [20, 25, 10]
		},
		{
			name: "one browser's view leaves out the receiver's worker's busy time since the send",
			records: [
				worker([{ client: 1, clocks: [1], times: [100] }], []),
				worker(
					[],
					[update(2, 160, [[1, 1]], 35)],
					[
						[90, 5],
						[150, 35]
					]
				)
			],
			samples: [60],
			own: [30]
		},
		{
			name: 'clients the run did not type for (the room setup) are ignored',
			records: [worker([{ client: 1, clocks: [1], times: [100] }], [update(2, 130, [[9, 4]])])],
			samples: [],
			own: []
		}
	];
	for (const c of cases) {
		it(c.name, () => {
			const joined = joinRecords(c.records);
			expect(joined.samples).toEqual(c.samples);
			expect(joined.ownSamples).toEqual(c.own);
			expect(joined.deliveries).toHaveLength(c.samples.length);
		});
	}
});
