import { describe, expect, it } from 'vitest';
import {
	daysUntil,
	dueReminders,
	reminderHorizon,
	reminderKey,
	reminderStage,
	type RemindableAction
} from './reminders';

describe('reminderStage', () => {
	it.each([
		// status, due date, today, stage
		['todo', '2027-03-20 00:00:00.000Z', '2027-03-12', null],
		['todo', '2027-03-16 00:00:00.000Z', '2027-03-12', null],
		['todo', '2027-03-15 00:00:00.000Z', '2027-03-12', 'soon'],
		['doing', '2027-03-14 00:00:00.000Z', '2027-03-12', 'soon'],
		['todo', '2027-03-13 00:00:00.000Z', '2027-03-12', 'eve'],
		['todo', '2027-03-12 00:00:00.000Z', '2027-03-12', 'eve'],
		['todo', '2027-03-11 00:00:00.000Z', '2027-03-12', 'overdue'],
		['doing', '2026-12-01 00:00:00.000Z', '2027-03-12', 'overdue'],
		['done', '2027-03-11 00:00:00.000Z', '2027-03-12', null],
		['dropped', '2027-03-13 00:00:00.000Z', '2027-03-12', null],
		['todo', '', '2027-03-12', null],
		['todo', 'not a date', '2027-03-12', null],
		// Across the spring DST change (Paris 2027-03-28): still calendar days.
		['todo', '2027-03-29 00:00:00.000Z', '2027-03-26', 'soon'],
		['todo', '2027-03-29 00:00:00.000Z', '2027-03-28', 'eve'],
		// Across a month and a year end.
		['todo', '2027-01-01 00:00:00.000Z', '2026-12-29', 'soon'],
		['todo', '2027-03-01 00:00:00.000Z', '2027-02-28', 'eve']
	])('%s due %s on %s: %s', (status, dueDate, today, expected) => {
		expect(reminderStage({ status, dueDate }, today)).toBe(expected);
	});
});

describe('daysUntil', () => {
	it.each([
		['2027-03-15', '2027-03-12', 3],
		['2027-03-12', '2027-03-12', 0],
		['2027-03-10', '2027-03-12', -2],
		['2027-10-31', '2027-10-30', 1],
		['', '2027-03-12', null],
		['2027-02-30x', '2027-03-12', null]
	])('%s from %s: %s', (due, today, expected) => {
		expect(daysUntil(due, today)).toBe(expected);
	});
});

describe('dueReminders', () => {
	const action = (id: string, dueDate: string, extra: Partial<RemindableAction> = {}) => ({
		id,
		owner: `owner-${id}`,
		status: 'todo',
		dueDate,
		...extra
	});
	const today = '2027-03-12';

	it.each([
		['nothing sent yet, due in 3 days', [], 'soon'],
		['the 3-day reminder already sent', ['a:soon:2027-03-15'], null],
		[
			'sent for an older due date (postponed)',
			['a:soon:2027-03-10', 'a:overdue:2027-03-10'],
			'soon'
		],
		['a later stage already sent for this date', ['a:eve:2027-03-15'], null]
	])('%s', (_, sent, expected) => {
		const out = dueReminders([action('a', '2027-03-15 00:00:00.000Z')], today, new Set(sent));
		expect(out.map((r) => r.stage)[0] ?? null).toBe(expected);
	});

	it('gives one reminder per action, the most urgent stage only, with its owner and key', () => {
		const out = dueReminders(
			[
				action('late', '2027-03-01 00:00:00.000Z'),
				action('eve', '2027-03-13 00:00:00.000Z'),
				action('far', '2027-04-13 00:00:00.000Z'),
				action('done', '2027-03-01 00:00:00.000Z', { status: 'done' }),
				action('orphan', '2027-03-01 00:00:00.000Z', { owner: '' })
			],
			today,
			new Set()
		);
		expect(out).toEqual([
			{
				actionId: 'late',
				owner: 'owner-late',
				stage: 'overdue',
				dueDate: '2027-03-01',
				key: 'late:overdue:2027-03-01'
			},
			{
				actionId: 'eve',
				owner: 'owner-eve',
				stage: 'eve',
				dueDate: '2027-03-13',
				key: 'eve:eve:2027-03-13'
			}
		]);
	});

	it('walks an action through its stages day after day, each once', () => {
		const sent = new Set<string>();
		const seen: string[] = [];
		for (let day = 5; day <= 20; day++) {
			const date = `2027-03-${String(day).padStart(2, '0')}`;
			for (const r of dueReminders([action('a', '2027-03-15 00:00:00.000Z')], date, sent)) {
				sent.add(r.key);
				seen.push(`${date}:${r.stage}`);
			}
		}
		expect(seen).toEqual(['2027-03-12:soon', '2027-03-14:eve', '2027-03-16:overdue']);
	});

	it('keys are stable and the horizon is today + 3 days', () => {
		expect(reminderKey('x', 'eve', '2027-03-13 00:00:00.000Z')).toBe('x:eve:2027-03-13');
		expect(reminderHorizon('2027-12-30')).toBe('2028-01-02');
	});
});
