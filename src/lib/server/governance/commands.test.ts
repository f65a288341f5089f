import { describe, expect, it } from 'vitest';
import { consentEvent, electionEvent, type CommandContext } from './commands';
import { GovernanceError } from './errors';

const ctx: CommandContext = {
	by: 'user_aaaaaaaaaa',
	at: '2026-03-01T10:00:00.000Z',
	hash: (text) => `h(${text})`,
	newId: () => 'obj000000000001',
	shuffle: (ids) => [...ids].reverse()
};

function codeOf(run: () => unknown): string {
	try {
		run();
	} catch (error) {
		if (error instanceof GovernanceError) return error.code;
		throw error;
	}
	return 'accepted';
}

describe('consentEvent', () => {
	it.each([
		['a plain advance', { type: 'advance' }, 'accepted'],
		['a body naming its author', { type: 'advance', by: 'someone_else00' }, 'forged_field'],
		['a body dating itself', { type: 'pass', at: '2000-01-01' }, 'forged_field'],
		['an unknown type', { type: 'teleport' }, 'invalid_input'],
		['an unknown field', { type: 'advance', extra: true }, 'invalid_input'],
		['a missing field', { type: 'amend' }, 'invalid_input'],
		['a mistyped field', { type: 'adopt', reviewDate: 20990101 }, 'invalid_input'],
		['a bad position kind', { type: 'record_position', kind: 'veto', text: '' }, 'invalid_input'],
		['not an object', ['advance'], 'invalid_input'],
		['null', null, 'invalid_input']
	])('%s → %s', (_name, body, expected) => {
		expect(codeOf(() => consentEvent(body, ctx, []))).toBe(expected);
	});

	it('adds the author and the server time, hashes amendments and names objections', () => {
		expect(consentEvent({ type: 'amend', text: 'v2' }, ctx, [])).toEqual({
			type: 'amend',
			by: ctx.by,
			at: ctx.at,
			text: 'v2',
			hash: 'h(v2)'
		});
		expect(
			consentEvent(
				{ type: 'record_position', kind: 'objection', text: 'Non', anchor: '§2' },
				ctx,
				[]
			)
		).toMatchObject({ objectionId: 'obj000000000001', anchor: '§2', by: ctx.by });
		// A consent carries no anchor and raises no objection.
		const consent = consentEvent(
			{ type: 'record_position', kind: 'consent', text: '', anchor: '§2' },
			ctx,
			[]
		);
		expect(consent).toMatchObject({ anchor: null });
		expect(consent).not.toHaveProperty('objectionId');
	});

	it('shuffles the participants when asked, else takes the given order', () => {
		const [a, b] = ['aaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbb'];
		expect(
			consentEvent({ type: 'start_go_around', shuffle: true, turnSeconds: 60 }, ctx, [a, b])
		).toMatchObject({ order: [b, a] });
		expect(
			consentEvent({ type: 'start_go_around', order: [a, b], turnSeconds: 60 }, ctx, [a, b])
		).toMatchObject({ order: [a, b] });
		expect(codeOf(() => consentEvent({ type: 'start_go_around', turnSeconds: 60 }, ctx, []))).toBe(
			'invalid_input'
		);
	});

	it('names the fields at fault, in French', () => {
		try {
			consentEvent({ type: 'amend', text: 'a\u0000b' }, ctx, []);
			expect.unreachable();
		} catch (error) {
			expect(error).toBeInstanceOf(GovernanceError);
			expect((error as GovernanceError).fields).toEqual({
				text: { code: 'control', message: expect.stringContaining('caractère de contrôle') }
			});
		}
	});
});

describe('electionEvent', () => {
	it.each([
		[{ type: 'nominate', nomineeId: 'xxxxxxxxxxxxxxx' }, 'accepted'],
		[{ type: 'nominate', nomineeId: 'x' }, 'invalid_input'],
		[{ type: 'nominate', nomineeId: 'x', by: 'y' }, 'forged_field'],
		[
			{ type: 'describe', role: { title: 't', mission: 'm', skills: '', termMonths: 6 } },
			'accepted'
		],
		[
			{ type: 'describe', role: { title: 't', mission: 'm', skills: '', termMonths: '6' } },
			'invalid_input'
		],
		[
			{ type: 'describe', role: { title: 't', mission: 'm', skills: '', termMonths: 6, x: 1 } },
			'invalid_input'
		],
		[{ type: 'integrate_objection', objectionId: 'o', version: 2 }, 'invalid_input']
	])('%j → %s', (body, expected) => {
		expect(codeOf(() => electionEvent(body, ctx))).toBe(expected);
	});
});

// Record ids as the schemas want them (15 lowercase letters or digits).
const A = 'aaaaaaaaaaaaaaa';
const B = 'bbbbbbbbbbbbbbb';
const O = 'ooooooooooooooo';

describe('commands both kinds of round share', () => {
	it.each([
		{ type: 'start_go_around', order: [A, B], turnSeconds: 60 },
		{ type: 'start_go_around', shuffle: true, turnSeconds: 60 },
		{ type: 'next_speaker' },
		{ type: 'pass' },
		{ type: 'test_objection', objectionId: O, reasoned: false, reason: 'pas argumentée' },
		{ type: 'withdraw_objection', objectionId: O },
		{ type: 'mark_absent', participantId: A }
	])('%j gives the same event in a consent round and an election', (body) => {
		expect(consentEvent(body, ctx, [A, B])).toEqual(electionEvent(body, ctx, [A, B]));
	});

	it.each([
		{ type: 'mark_absent' },
		{ type: 'test_objection', objectionId: 'o', reasoned: 'no', reason: 'x' },
		{ type: 'pass', extra: 1 }
	])('%j is refused the same way by both', (body) => {
		expect(codeOf(() => consentEvent(body, ctx, []))).toBe('invalid_input');
		expect(codeOf(() => electionEvent(body, ctx, []))).toBe('invalid_input');
	});
});
