import { describe, expect, it } from 'vitest';
import {
	agendaMinutes,
	type Attendance,
	instantToParis,
	moveItem,
	parisToInstant,
	quorumOf,
	readAttendance
} from './seance';

describe('quorumOf', () => {
	it.each<{ attendance: Attendance; required: number; counted: number; reached: boolean }>([
		{ attendance: {}, required: 0, counted: 0, reached: true },
		{ attendance: { a: 'present', b: 'remote' }, required: 2, counted: 2, reached: true },
		{
			attendance: { a: 'present', b: 'excused', c: 'absent' },
			required: 2,
			counted: 1,
			reached: false
		},
		{
			attendance: { a: 'remote', b: 'remote', c: 'present' },
			required: 2,
			counted: 3,
			reached: true
		},
		{ attendance: { a: 'excused' }, required: 1, counted: 0, reached: false }
	])('$attendance with quorum $required', ({ attendance, required, counted, reached }) => {
		expect(quorumOf(attendance, required)).toEqual({ counted, required, reached });
	});
});

describe('readAttendance', () => {
	it.each([
		[null, {}],
		[[], {}],
		['present', {}],
		[{ a: 'present', b: 'maybe', c: 3 }, { a: 'present' }]
	])('%j → %j', (stored, expected) => expect(readAttendance(stored)).toEqual(expected));
});

describe('moveItem', () => {
	it.each([
		[['a', 'b', 'c'], 0, 1, ['b', 'a', 'c']],
		[['a', 'b', 'c'], 2, -1, ['a', 'c', 'b']],
		[['a', 'b', 'c'], 0, -1, ['a', 'b', 'c']],
		[['a', 'b', 'c'], 2, 1, ['a', 'b', 'c']],
		[['a', 'b', 'c'], 5, 1, ['a', 'b', 'c']]
	])('%j, item %i by %i → %j', (order, index, delta, expected) => {
		expect(moveItem(order, index, delta)).toEqual(expected);
	});

	it('sums the durations', () => {
		expect(agendaMinutes([{ durationMinutes: 10 }, { durationMinutes: 25 }])).toBe(35);
	});
});

describe('Paris wall clock', () => {
	it.each([
		// winter (UTC+1), summer (UTC+2), both sides of the changes of 2027
		['2027-01-15', '18:30', '2027-01-15T17:30:00.000Z'],
		['2027-07-01', '09:00', '2027-07-01T07:00:00.000Z'],
		['2027-03-27', '10:00', '2027-03-27T09:00:00.000Z'],
		['2027-03-28', '10:00', '2027-03-28T08:00:00.000Z'],
		['2027-10-30', '10:00', '2027-10-30T08:00:00.000Z'],
		['2027-10-31', '10:00', '2027-10-31T09:00:00.000Z'],
		// a time skipped by the spring change
		['2027-03-28', '02:30', '2027-03-28T01:30:00.000Z']
	])('%s %s in Paris is %s', (date, time, iso) => {
		expect(parisToInstant(date, time)?.toISOString()).toBe(iso);
	});

	it.each([
		['2027-02-30', '10:00'],
		['2027-13-01', '10:00'],
		['2027-01-01', '24:00'],
		['27-01-01', '10:00'],
		['2027-01-01', '']
	])('refuses %s %s', (date, time) => expect(parisToInstant(date, time)).toBeNull());

	it.each([
		['2027-01-15T17:30:00.000Z', { date: '2027-01-15', time: '18:30' }],
		['2027-07-01T22:30:00.000Z', { date: '2027-07-02', time: '00:30' }]
	])('%s is %j in Paris', (iso, expected) => {
		expect(instantToParis(new Date(iso))).toEqual(expected);
	});
});
