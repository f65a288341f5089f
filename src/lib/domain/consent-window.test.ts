import { describe, expect, it } from 'vitest';
import {
	applyRoundEvent,
	createConsentRound,
	type ConsentRound,
	type RoundEvent
} from './consent-round';
import {
	openWindow,
	windowDueAt,
	windowEndingSoon,
	windowStep,
	type ConsentWindow
} from './consent-window';

const OPENED = '2027-03-01T09:00:00.000Z';
const DAY = 24 * 60 * 60 * 1000;
const plus = (ms: number) => new Date(Date.parse(OPENED) + ms).toISOString();

function window(days = 7, reviewDate = '2027-09-01'): ConsentWindow {
	const result = openWindow({ openedAt: OPENED, days, reviewDate });
	if (!result.ok) throw new Error(result.error);
	return result.window;
}

describe('openWindow', () => {
	it.each([
		{ days: 7, dayMs: DAY, closes: plus(7 * DAY), reminds: plus(6 * DAY) },
		{ days: 1, dayMs: DAY, closes: plus(DAY), reminds: plus(DAY / 2) },
		// A shortened day (tests): the same rule, in milliseconds.
		{ days: 2, dayMs: 4_000, closes: plus(8_000), reminds: plus(4_000) }
	])('$days day(s) of $dayMs ms', ({ days, dayMs, closes, reminds }) => {
		const result = openWindow({ openedAt: OPENED, days, reviewDate: '2027-09-01', dayMs });
		expect(result).toEqual({
			ok: true,
			window: {
				closesAt: closes,
				reminderAt: reminds,
				remindedAt: null,
				reviewDate: '2027-09-01',
				closedAt: null
			}
		});
	});

	it.each([
		[{ days: 0, reviewDate: '2027-09-01' }, 'window_invalid'],
		[{ days: 61, reviewDate: '2027-09-01' }, 'window_invalid'],
		[{ days: 1.5, reviewDate: '2027-09-01' }, 'window_invalid'],
		[{ days: 7, reviewDate: '2027-03-08' }, 'review_date_invalid'],
		[{ days: 7, reviewDate: 'demain' }, 'review_date_invalid']
	])('%j → %s', (input, error) => {
		expect(openWindow({ openedAt: OPENED, ...input })).toEqual({ ok: false, error });
	});
});

describe('windowStep / windowDueAt', () => {
	const w = window();
	it.each([
		{ name: 'just opened', window: w, now: plus(1000), step: null, due: w.reminderAt, soon: false },
		{
			name: 'reminder time',
			window: w,
			now: w.reminderAt,
			step: 'remind',
			due: w.reminderAt,
			soon: true
		},
		{
			name: 'reminded, before the end',
			window: { ...w, remindedAt: w.reminderAt },
			now: plus(6.5 * DAY),
			step: null,
			due: w.closesAt,
			soon: true
		},
		{
			name: 'the end, reminder never sent (server was down)',
			window: w,
			now: plus(8 * DAY),
			step: 'close',
			due: w.reminderAt,
			soon: false
		},
		{
			name: 'closed',
			window: { ...w, closedAt: w.closesAt },
			now: plus(9 * DAY),
			step: null,
			due: null,
			soon: false
		}
	])('$name', ({ window: current, now, step, due, soon }) => {
		expect(windowStep(current, now)).toBe(step);
		expect(windowDueAt(current)).toBe(due);
		expect(windowEndingSoon(current, now)).toBe(soon);
	});
});

const FAC = 'fac';
const ANA = 'ana';
const BOB = 'bob';

function asyncRound(): ConsentRound {
	const result = createConsentRound({
		facilitatorId: FAC,
		proposerId: ANA,
		participants: [ANA, BOB],
		text: '7. Gouvernance\nLe COPIL se réunit chaque trimestre.',
		hash: 'h1',
		at: OPENED,
		window: window()
	});
	if (!result.ok) throw new Error(result.error);
	return result.state;
}

function apply(round: ConsentRound, ...events: RoundEvent[]): ConsentRound {
	return events.reduce((state, event) => {
		const result = applyRoundEvent(state, event);
		if (!result.ok) throw new Error(`${event.type}: ${result.error}`);
		return result.state;
	}, round);
}

const position = (
	by: string,
	kind: 'consent' | 'concern' | 'objection',
	at: string
): RoundEvent => ({
	type: 'record_position',
	by,
	at,
	kind,
	text: kind === 'consent' ? '' : 'Argument',
	...(kind === 'objection' ? { objectionId: `o-${by}` } : {})
});
const close = (at: string): RoundEvent => ({ type: 'close_window', by: 'system', at });

describe('an asynchronous consent round', () => {
	it('may open with a proposed wording of the frozen section (version 2)', () => {
		const result = createConsentRound({
			facilitatorId: FAC,
			proposerId: ANA,
			participants: [ANA, BOB],
			text: '7. Gouvernance\nAvant.',
			hash: 'h1',
			at: OPENED,
			window: window(),
			proposed: { text: '7. Gouvernance\nAprès.', hash: 'h2' }
		});
		if (!result.ok) throw new Error(result.error);
		expect(result.state.versions.map((v) => [v.number, v.text])).toEqual([
			[1, '7. Gouvernance\nAvant.'],
			[2, '7. Gouvernance\nAprès.']
		]);
		const adopted = apply(result.state, position(ANA, 'consent', plus(DAY)), close(plus(7 * DAY)));
		expect(adopted.decision).toMatchObject({
			version: 2,
			hash: 'h2',
			text: '7. Gouvernance\nAprès.'
		});
	});

	it('opens straight on the objection round, answered remotely', () => {
		const round = asyncRound();
		expect(round).toMatchObject({ mode: 'async', phase: 'objections', objectionRound: 1 });
	});

	it.each<{ name: string; events: RoundEvent[]; expect: (round: ConsentRound) => void }>([
		{
			name: 'no objection at the end → adopted, silence counted, mode async',
			events: [position(ANA, 'concern', plus(DAY)), close(plus(7 * DAY))],
			expect: (r: ConsentRound) => {
				expect(r.phase).toBe('adopted');
				expect(r.decision).toMatchObject({
					mode: 'async',
					present: [ANA],
					silent: [BOB],
					reviewDate: '2027-09-01',
					concerns: [{ participantId: ANA, text: 'Argument' }]
				});
				expect(r.window?.closedAt).toBe(plus(7 * DAY));
			}
		},
		{
			name: 'an objection at the end → escalated to a live round, in integration',
			events: [position(BOB, 'objection', plus(DAY)), close(plus(7 * DAY + 1))],
			expect: (r: ConsentRound) => {
				expect(r).toMatchObject({
					phase: 'integration',
					mode: 'live',
					escalatedAt: plus(7 * DAY + 1)
				});
				expect(r.closedAt).toBeNull();
			}
		},
		{
			name: 'an objection withdrawn before the end → adopted',
			events: [
				position(BOB, 'objection', plus(DAY)),
				{ type: 'withdraw_objection', by: BOB, at: plus(2 * DAY), objectionId: `o-${BOB}` },
				close(plus(7 * DAY))
			],
			expect: (r: ConsentRound) => expect(r.phase).toBe('adopted')
		},
		{
			name: 'the reminder is sent once, at its time',
			events: [{ type: 'remind', by: 'system', at: plus(6 * DAY) }],
			expect: (r: ConsentRound) => expect(r.window?.remindedAt).toBe(plus(6 * DAY))
		},
		{
			name: 'written questions from afar, answered by the proposer',
			events: [
				{ type: 'record_input', by: BOB, at: plus(1000), text: 'Quel budget ?', inputId: 'q1' },
				{ type: 'answer_input', by: ANA, at: plus(2000), inputId: 'q1', text: 'Aucun.' }
			],
			expect: (r: ConsentRound) =>
				expect(r.inputs).toEqual([
					{
						id: 'q1',
						kind: 'question',
						authorId: BOB,
						text: 'Quel budget ?',
						at: plus(1000),
						answer: { text: 'Aucun.', by: ANA, at: plus(2000) }
					}
				])
		}
	])('$name', ({ events, expect: check }) => {
		check(apply(asyncRound(), ...events));
	});

	it.each([
		{ name: 'closing before the end', event: close(plus(6 * DAY)), error: 'window_open' },
		{
			name: 'a reminder before its time',
			event: { type: 'remind', by: 'system', at: plus(DAY) } as RoundEvent,
			error: 'wrong_phase'
		},
		{
			name: 'a position after the end',
			event: position(ANA, 'consent', plus(7 * DAY + 1)),
			error: 'deadline_passed'
		},
		{
			name: 'an answer by someone else than the proposer',
			event: { type: 'answer_input', by: BOB, at: plus(1), inputId: 'q1', text: 'x' } as RoundEvent,
			error: 'not_proposer'
		}
	])('refuses $name', ({ event, error }) => {
		expect(applyRoundEvent(asyncRound(), event)).toEqual({ ok: false, error });
	});

	it('refuses a second reminder and a close of a live round', () => {
		const reminded = apply(asyncRound(), { type: 'remind', by: 'system', at: plus(6 * DAY) });
		expect(
			applyRoundEvent(reminded, { type: 'remind', by: 'system', at: plus(6.5 * DAY) })
		).toEqual({
			ok: false,
			error: 'wrong_phase'
		});
		const live = createConsentRound({
			facilitatorId: FAC,
			proposerId: ANA,
			participants: [ANA],
			text: 'x',
			hash: 'h',
			at: OPENED
		});
		if (!live.ok) throw new Error(live.error);
		expect(applyRoundEvent(live.state, close(plus(8 * DAY)))).toEqual({
			ok: false,
			error: 'not_async'
		});
	});
});
