import { describe, expect, it } from 'vitest';
import {
	checkMove,
	defaultFacts,
	editorialRecipients,
	proposalState,
	stepsOf,
	type EditorialMove,
	type EditorialStep,
	type ProposalState
} from './editorial';

const steps = (...list: EditorialStep[]) => list.map((step) => ({ step }));

describe('proposalState', () => {
	it.each<[EditorialStep[], ProposalState]>([
		[[], 'draft'],
		[['proposed'], 'to_review'],
		[['proposed', 'comment'], 'to_review'],
		[['proposed', 'changes_requested'], 'changes_requested'],
		[['proposed', 'changes_requested', 'comment'], 'changes_requested'],
		[['proposed', 'changes_requested', 'proposed'], 'to_review'],
		[['proposed', 'approved'], 'approved'],
		[['proposed', 'approved', 'changes_requested'], 'changes_requested'],
		[['proposed', 'approved', 'published'], 'published'],
		[['proposed', 'approved', 'published', 'proposed'], 'to_review']
	])('%j → %s', (events, state) => {
		expect(proposalState(steps(...events))).toBe(state);
	});
});

describe('checkMove', () => {
	const writer = { writer: true, editor: false };
	const editor = { writer: false, editor: true };
	const outsider = { writer: false, editor: false };
	it.each<[ProposalState, EditorialMove, typeof writer, 'ok' | 'forbidden' | 'wrong_state']>([
		['draft', 'propose', writer, 'ok'],
		['draft', 'propose', outsider, 'forbidden'],
		['to_review', 'propose', writer, 'wrong_state'],
		['changes_requested', 'propose', writer, 'ok'],
		['published', 'propose', writer, 'ok'],
		['to_review', 'comment', writer, 'ok'],
		['to_review', 'comment', outsider, 'forbidden'],
		['draft', 'comment', editor, 'wrong_state'],
		['to_review', 'request_changes', writer, 'forbidden'],
		['to_review', 'request_changes', editor, 'ok'],
		['changes_requested', 'request_changes', editor, 'wrong_state'],
		['to_review', 'approve', writer, 'forbidden'],
		['to_review', 'approve', editor, 'ok'],
		['approved', 'approve', editor, 'wrong_state'],
		['to_review', 'publish', writer, 'forbidden'],
		['to_review', 'publish', editor, 'ok'],
		['approved', 'publish', editor, 'ok'],
		['changes_requested', 'publish', editor, 'wrong_state'],
		['published', 'publish', editor, 'wrong_state']
	])('%s, %s by %j → %s', (state, move, actor, expected) => {
		const result = checkMove(state, move, actor);
		expect(result.ok ? 'ok' : result.error).toBe(expected);
	});
});

describe('stepsOf', () => {
	it('approves before publishing when nobody approved yet', () => {
		expect(stepsOf('publish', 'to_review')).toEqual(['approved', 'published']);
		expect(stepsOf('publish', 'approved')).toEqual(['published']);
		expect(stepsOf('request_changes', 'to_review')).toEqual(['changes_requested']);
	});
});

describe('editorialRecipients', () => {
	const base = { proposer: 'p', editors: ['e1', 'e2'], events: [{ actor: 'p' }] };
	it('tells the editors of a proposal, the proposer of a decision, never the actor', () => {
		expect(editorialRecipients({ ...base, move: 'propose', actor: 'p' })).toEqual(['e1', 'e2']);
		expect(editorialRecipients({ ...base, move: 'request_changes', actor: 'e1' })).toEqual(['p']);
		expect(editorialRecipients({ ...base, move: 'publish', actor: 'e2' })).toEqual(['p']);
		expect(editorialRecipients({ ...base, move: 'propose', actor: 'e1' })).toEqual(['e2']);
	});
	it('tells a comment to the proposer and the editors who took part (all editors before any)', () => {
		expect(editorialRecipients({ ...base, move: 'comment', actor: 'p' })).toEqual(['e1', 'e2']);
		expect(
			editorialRecipients({
				...base,
				events: [{ actor: 'p' }, { actor: 'e2' }],
				move: 'comment',
				actor: 'p'
			})
		).toEqual(['e2']);
		expect(
			editorialRecipients({ ...base, events: [{ actor: 'e2' }], move: 'comment', actor: 'e2' })
		).toEqual(['p']);
	});
});

describe('defaultFacts', () => {
	it('takes the experiment facts, the year and CC BY-SA 4.0; other kinds become a fiche retour', () => {
		const now = new Date('2026-12-05T10:00:00Z');
		expect(
			defaultFacts({
				documentKind: 'guide_methodologique',
				enjeux: ['confiance'],
				territoryType: 'commune',
				now
			})
		).toEqual({
			kind: 'guide_methodologique',
			summary: '',
			enjeux: ['confiance'],
			territoryType: 'commune',
			year: 2026,
			authors: '',
			licence: 'cc-by-sa-4.0'
		});
		expect(defaultFacts({ documentKind: 'libre', enjeux: [], territoryType: '', now }).kind).toBe(
			'fiche_retour'
		);
	});
});
