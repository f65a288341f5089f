import { describe, expect, it } from 'vitest';
import { clockOf, formatClock, itemProgress, nextItem, roundParticipants, runRefusal } from './run';

const NOW = new Date('2027-03-25T17:45:00Z');
const items = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

describe('clockOf', () => {
	it.each([
		['not started', 10, '', '', 0, 600, false],
		['running, 15 min in', 20, '2027-03-25T17:30:00Z', '', 900, 300, false],
		['running, over time', 10, '2027-03-25T17:30:00Z', '', 900, -300, true],
		[
			'ended: frozen at its end',
			10,
			'2027-03-25T17:30:00Z',
			'2027-03-25T17:35:00Z',
			300,
			300,
			false
		],
		['start in the future (clock skew): zero', 5, '2027-03-25T17:50:00Z', '', 0, 300, false],
		['malformed start: zero', 5, 'soon', '', 0, 300, false],
		['negative plan counts as zero', -5, '2027-03-25T17:44:00Z', '', 60, -60, true]
	] as const)('%s', (_, planned, started, ended, elapsed, left, overrun) => {
		expect(clockOf(planned, started, ended, NOW)).toEqual({
			elapsedSeconds: elapsed,
			leftSeconds: left,
			overrun
		});
	});
});

describe('nextItem', () => {
	it.each([
		['none current: the first', '', 'a'],
		['from the first', 'a', 'b'],
		['from the middle', 'b', 'c'],
		['at the end', 'c', null],
		['an unknown current (removed): the first', 'zz', 'a']
	])('%s', (_, current, expected) => {
		expect(nextItem(items, current)?.id ?? null).toBe(expected);
	});

	it('an empty agenda has none', () => {
		expect(nextItem([], '')).toBeNull();
	});
});

describe('runRefusal', () => {
	it.each([
		['start a planned séance', 'start', 'planned', items, '', null],
		['start with no item', 'start', 'planned', [], '', 'agenda_empty'],
		['start twice', 'start', 'running', items, 'a', 'not_planned'],
		['restart a closed one', 'start', 'closed', items, '', 'not_planned'],
		['next while running', 'next', 'running', items, 'a', null],
		['next after the last', 'next', 'running', items, 'c', 'last_item'],
		['next before the start', 'next', 'planned', items, '', 'not_running'],
		['close while running, even mid-agenda', 'close', 'running', items, 'b', null],
		['close a planned séance', 'close', 'planned', items, '', 'not_running'],
		['close twice', 'close', 'closed', items, 'c', 'not_running']
	] as const)('%s', (_, command, status, list, current, expected) => {
		expect(runRefusal(command, status, list, current)).toBe(expected);
	});
});

describe('itemProgress', () => {
	it.each([
		['the current one', { startedAt: '2027-03-25T17:00:00Z' }, 'x', 'current'],
		['started and left', { startedAt: '2027-03-25T17:00:00Z' }, 'other', 'done'],
		['never started', { startedAt: '' }, 'other', 'upcoming']
	] as const)('%s', (_, fields, current, expected) => {
		const item = { id: 'x', durationMinutes: 5, endedAt: '', ...fields };
		expect(itemProgress(item, current)).toBe(expected);
	});
});

describe('formatClock', () => {
	it.each([
		[0, '0:00'],
		[65, '1:05'],
		[600, '10:00'],
		[-200, '-3:20'],
		[3720, '1:02:00'],
		[-3601, '-1:00:01']
	])('%i s → %s', (s, text) => {
		expect(formatClock(s)).toBe(text);
	});
});

describe('roundParticipants', () => {
	const members = ['cam', 'kar', 'ele', 'obs'];
	it.each([
		[
			'present and remote members',
			{ cam: 'present', kar: 'remote', ele: 'excused' },
			'cam',
			['cam', 'kar']
		],
		['the proposer joins even if not marked', { kar: 'present' }, 'cam', ['kar', 'cam']],
		['no attendance taken: every member', {}, 'cam', members],
		['only absent or excused: every member', { kar: 'absent', ele: 'excused' }, 'kar', members],
		['garbage in the stored JSON is ignored', { kar: 'here', cam: 'present' }, 'cam', ['cam']],
		['not an object at all', 'oops', 'ele', members]
	] as const)('%s', (_, attendance, proposer, expected) => {
		expect(roundParticipants(attendance, members, proposer)).toEqual(expected);
	});
});
