import { describe, expect, it } from 'vitest';
import type { RoundView } from '../server/governance/view';
import { roundChangeStep } from './round-events';

const view = (revision: number, viewerId: string | null = 'ana'): RoundView => ({
	id: 'r1',
	experimentId: 'e1',
	kind: 'consent',
	title: 'T',
	section: '',
	revision,
	closed: false,
	phase: 'clarification',
	viewerId,
	names: {},
	serverNow: '2026-01-01T00:00:00.000Z',
	consent: null,
	election: null,
	documentId: null,
	answeredBy: []
});

describe('roundChangeStep', () => {
	it('shows the pushed view of the next revision without refetching', () => {
		const pushed = view(4);
		expect(roundChangeStep(view(3), { revision: 4, phase: 'x', view: pushed })).toEqual({
			show: pushed,
			refetch: false
		});
	});

	it('refetches when no view came or the notice has no revision', () => {
		expect(roundChangeStep(view(3), { revision: 4, phase: 'x' })).toEqual({
			show: null,
			refetch: true
		});
		expect(roundChangeStep(view(3), {})).toEqual({ show: null, refetch: true });
	});

	it('never goes backwards', () => {
		expect(roundChangeStep(view(5), { revision: 4, view: view(4) })).toEqual({
			show: null,
			refetch: false
		});
		expect(roundChangeStep(view(5), { revision: 5, view: view(5) })).toEqual({
			show: null,
			refetch: false
		});
	});

	it('shows a view after a gap, and refetches too', () => {
		const pushed = view(7);
		expect(roundChangeStep(view(3), { revision: 7, view: pushed })).toEqual({
			show: pushed,
			refetch: true
		});
	});

	it('refuses a view of another round, revision or viewer, and refetches instead', () => {
		for (const pushed of [
			{ ...view(4), id: 'r2' },
			view(5),
			view(4, 'ben'),
			view(4, null),
			{ ...view(4), serverNow: undefined },
			'not a view',
			null
		])
			expect(roundChangeStep(view(3), { revision: 4, view: pushed })).toEqual({
				show: null,
				refetch: true
			});
		// The projection accepts the projection's cut only.
		expect(roundChangeStep(view(3, null), { revision: 4, view: view(4, 'ana') }).show).toBeNull();
		expect(roundChangeStep(view(3, null), { revision: 4, view: view(4, null) }).show).toEqual(
			view(4, null)
		);
	});
});
