import { describe, expect, it } from 'vitest';
import { agendaEditRefusal, type AgendaEdit } from './agenda-edit';

// a: treated, b: current, c and d: to come.
const items = [
	{ id: 'a', startedAt: '2027-03-30T15:00:00Z' },
	{ id: 'b', startedAt: '2027-03-30T15:10:00Z' },
	{ id: 'c', startedAt: '' },
	{ id: 'd', startedAt: '' }
];
const del: AgendaEdit = { type: 'delete' };
const up: AgendaEdit = { type: 'move', direction: 'up' };
const down: AgendaEdit = { type: 'move', direction: 'down' };
const running = { status: 'running', currentItem: 'b' };

describe('agendaEditRefusal', () => {
	it.each([
		['planned: anything goes', { status: 'planned', currentItem: '' }, del, 'b', null],
		['planned: move', { status: 'planned', currentItem: '' }, up, 'b', null],
		['running: remove the current item', running, del, 'b', 'item_current'],
		['running: move the current item', running, down, 'b', 'item_current'],
		['running: remove a treated item', running, del, 'a', 'item_done'],
		['running: move a treated item', running, down, 'a', 'item_done'],
		['running: remove an item to come', running, del, 'c', null],
		['running: move an item to come before the current one', running, up, 'c', 'before_current'],
		['running: reorder items to come', running, down, 'c', null],
		['running: move the last item down (no-op)', running, down, 'd', null],
		['running: move an item to come up among them', running, up, 'd', null],
		[
			'closed: the agenda is the record',
			{ status: 'closed', currentItem: '' },
			del,
			'c',
			'seance_closed'
		],
		[
			'cancelled: nothing changes',
			{ status: 'cancelled', currentItem: '' },
			up,
			'c',
			'seance_closed'
		],
		['an unknown item: left to the 404', running, del, 'zz', null]
	])('%s', (_, seance, edit, item, expected) => {
		expect(agendaEditRefusal(edit, seance, items, item)).toBe(expected);
	});
});
