import { describe, expect, it } from 'vitest';
import { PageStart } from './page-start';

type Step = 'hold-a' | 'hold-b' | 'release-a' | 'release-b' | 'wait-1' | 'wait-2' | 'cancel-1';

describe('PageStart', () => {
	const cases: { name: string; steps: Step[]; ran: string[]; open: boolean }[] = [
		{ name: 'nothing held: runs at once', steps: ['wait-1'], ran: ['1'], open: true },
		{ name: 'held: waits', steps: ['hold-a', 'wait-1'], ran: [], open: false },
		{
			name: 'released: runs in order',
			steps: ['hold-a', 'wait-1', 'wait-2', 'release-a'],
			ran: ['1', '2'],
			open: true
		},
		{
			name: 'two holds: runs after both',
			steps: ['hold-a', 'hold-b', 'wait-1', 'release-a'],
			ran: [],
			open: false
		},
		{
			name: 'two holds released',
			steps: ['hold-a', 'hold-b', 'wait-1', 'release-b', 'release-a'],
			ran: ['1'],
			open: true
		},
		{
			name: 'a second release of one hold does not open the gate',
			steps: ['hold-a', 'hold-b', 'wait-1', 'release-a', 'release-a'],
			ran: [],
			open: false
		},
		{
			name: 'cancelled: never runs',
			steps: ['hold-a', 'wait-1', 'wait-2', 'cancel-1', 'release-a'],
			ran: ['2'],
			open: true
		},
		{
			name: 'held again after opening: waits again',
			steps: ['hold-a', 'release-a', 'hold-b', 'wait-1'],
			ran: [],
			open: false
		}
	];

	it.each(cases)('$name', ({ steps, ran, open }) => {
		const gate = new PageStart();
		const releases = new Map<string, () => void>();
		const cancels = new Map<string, () => void>();
		const out: string[] = [];
		for (const step of steps) {
			const [verb, key] = step.split('-') as [string, string];
			if (verb === 'hold') releases.set(key, gate.hold());
			else if (verb === 'release') releases.get(key)!();
			else if (verb === 'wait')
				cancels.set(
					key,
					gate.whenOpen(() => out.push(key))
				);
			else cancels.get(key)!();
		}
		expect(out).toEqual(ran);
		expect(gate.open).toBe(open);
	});

	it('opened() resolves once released', async () => {
		const gate = new PageStart();
		const release = gate.hold();
		let done = false;
		const opened = gate.opened().then(() => (done = true));
		await Promise.resolve();
		expect(done).toBe(false);
		release();
		await opened;
		expect(done).toBe(true);
	});
});
