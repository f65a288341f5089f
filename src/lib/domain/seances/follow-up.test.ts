import { describe, expect, it } from 'vitest';
import { followUpOrder, isOverdue } from './follow-up';

describe('isOverdue', () => {
	it.each([
		['todo', '2027-03-11 00:00:00.000Z', true],
		['doing', '2027-03-11 00:00:00.000Z', true],
		['todo', '2027-03-12 00:00:00.000Z', false],
		['todo', '2027-03-13 00:00:00.000Z', false],
		['done', '2027-03-01 00:00:00.000Z', false],
		['dropped', '2027-03-01 00:00:00.000Z', false],
		['todo', '', false]
	])('%s due %s on 2027-03-12: %s', (status, dueDate, expected) => {
		expect(isOverdue({ status, dueDate }, '2027-03-12')).toBe(expected);
	});
});

describe('followUpOrder', () => {
	it('puts overdue first, then open by due date (undated last), then closed', () => {
		const actions = [
			{ id: 'closed', status: 'done', dueDate: '2027-01-01' },
			{ id: 'undated', status: 'todo', dueDate: '' },
			{ id: 'later', status: 'todo', dueDate: '2027-04-01' },
			{ id: 'soon', status: 'doing', dueDate: '2027-03-20' },
			{ id: 'late', status: 'todo', dueDate: '2027-03-01' }
		];
		expect(followUpOrder(actions, '2027-03-12').map((a) => a.id)).toEqual([
			'late',
			'soon',
			'later',
			'undated',
			'closed'
		]);
	});
});
