import { describe, expect, it } from 'vitest';
import {
	monthsBetween,
	NO_FILTERS,
	portfolioFiltersFromParams,
	portfolioParams,
	summarisePortfolio,
	type PortfolioFilters,
	type PortfolioRows
} from './portfolio';

const TODAY = '2027-03-15';

const rows: PortfolioRows = {
	experiments: [
		{
			id: 'a',
			title: 'Assemblée citoyenne',
			status: 'conception',
			enjeux: ['diversification', 'co_decision'],
			territoryType: 'intercommunalite',
			territoryName: 'Val de Brenne'
		},
		{
			id: 'b',
			title: 'Budget des jeunes',
			status: 'en_cours',
			enjeux: ['diversification', 'pouvoir_agir'],
			territoryType: 'commune',
			territoryName: 'Saint-Aurèle'
		},
		{
			id: 'c',
			title: 'Conseil archivé',
			status: 'archivee',
			enjeux: ['confiance'],
			territoryType: 'commune',
			territoryName: 'Vieux-Bourg'
		}
	],
	milestones: [
		{ experimentId: 'a', documentId: 'pa', phase: 'Tirage au sort', date: '2027-02-01', owner: '' },
		{ experimentId: 'b', documentId: 'pb', phase: 'Vote', date: '2027-05-20', owner: 'Théo' },
		{ experimentId: 'c', documentId: 'pc', phase: 'Bilan', date: '2026-06-01', owner: '' }
	],
	budgetLines: [
		{ experimentId: 'a', documentId: 'pa', item: 'Indemnités', cents: 400_000 },
		{ experimentId: 'a', documentId: 'pa', item: 'Salles', cents: 150_050 },
		{ experimentId: 'a', documentId: 'pa', item: 'Traiteur', cents: null },
		{ experimentId: 'b', documentId: 'pb', item: 'Projets', cents: 2_500_000 }
	],
	seances: [
		{ id: 's1', experimentId: 'a', title: 'COPIL 1', startsAt: '2027-03-20 17:00:00.000Z' },
		{ id: 's2', experimentId: 'b', title: 'COPIL jeunes', startsAt: '2027-01-10 09:00:00.000Z' }
	],
	decisions: [
		{
			id: 'd1',
			experimentId: 'a',
			title: 'Charte',
			decidedAt: '2027-01-12 10:00:00.000Z',
			reviewDate: '2027-07-01 00:00:00.000Z'
		},
		{
			id: 'd2',
			experimentId: 'a',
			title: 'Calendrier',
			decidedAt: '2027-03-02 10:00:00.000Z',
			reviewDate: ''
		},
		{
			id: 'd3',
			experimentId: 'b',
			title: 'Règlement',
			decidedAt: '2027-01-30 10:00:00.000Z',
			reviewDate: ''
		}
	],
	actions: [
		{
			id: 'x1',
			experimentId: 'a',
			what: 'Réserver la salle',
			dueDate: '2027-03-01',
			status: 'todo'
		},
		{
			id: 'x2',
			experimentId: 'a',
			what: 'Envoyer les courriers',
			dueDate: '2027-04-01',
			status: 'doing'
		},
		{ id: 'x3', experimentId: 'a', what: 'Fait', dueDate: '2027-01-01', status: 'done' },
		{ id: 'x4', experimentId: 'b', what: 'Affiches', dueDate: '', status: 'todo' },
		{ id: 'x5', experimentId: 'b', what: 'Abandonnée', dueDate: '2027-01-01', status: 'dropped' },
		{ id: 'x6', experimentId: 'b', what: 'Due aujourd’hui', dueDate: TODAY, status: 'todo' }
	]
};

const filters = (change: Partial<PortfolioFilters>): PortfolioFilters => ({
	...NO_FILTERS,
	...change
});
const nonZero = (counts: { key: string; count: number }[]) =>
	Object.fromEntries(counts.filter((c) => c.count > 0).map((c) => [c.key, c.count]));

describe('portfolio filters from the URL', () => {
	it.each([
		['', NO_FILTERS],
		[
			'statut=en_cours&enjeu=confiance&territoire=commune',
			filters({ status: 'en_cours', enjeu: 'confiance', territoryType: 'commune' })
		],
		['statut=nope&enjeu=&territoire=planete', NO_FILTERS],
		['du=2027-01&au=2027-06', filters({ from: '2027-01', to: '2027-06' })],
		// A period given backwards is turned round; a malformed month is ignored.
		['du=2027-06&au=2027-01', filters({ from: '2027-01', to: '2027-06' })],
		['du=2027-13&au=27-01', NO_FILTERS]
	])('%s', (query, expected) => {
		expect(portfolioFiltersFromParams(new URLSearchParams(query))).toEqual(expected);
	});

	it('writes back what it reads', () => {
		const f = filters({ status: 'idee', from: '2027-02' });
		expect(portfolioFiltersFromParams(portfolioParams(f))).toEqual(f);
		expect(portfolioParams(NO_FILTERS).toString()).toBe('');
	});
});

describe('monthsBetween', () => {
	it.each([
		['2027-01', '2027-01', ['2027-01']],
		['2026-11', '2027-02', ['2026-11', '2026-12', '2027-01', '2027-02']],
		['2027-03', '2027-01', []]
	])('%s → %s', (first, last, expected) => {
		expect(monthsBetween(first, last)).toEqual(expected);
	});
});

describe('summarisePortfolio', () => {
	it.each([
		['no filter: every experiment, archived included', NO_FILTERS, ['a', 'b', 'c']],
		['by status', filters({ status: 'en_cours' }), ['b']],
		['by enjeu', filters({ enjeu: 'diversification' }), ['a', 'b']],
		['by territory type', filters({ territoryType: 'commune' }), ['b', 'c']],
		['filters combine', filters({ enjeu: 'diversification', territoryType: 'commune' }), ['b']],
		['nothing matches', filters({ status: 'idee' }), []]
	])('%s', (_, f, ids) => {
		expect(summarisePortfolio(rows, f, TODAY).experiments.map((e) => e.id)).toEqual(ids);
	});

	it('counts experiments by status, enjeu (each of its enjeux) and territory type', () => {
		const s = summarisePortfolio(rows, NO_FILTERS, TODAY);
		expect(nonZero(s.byStatus)).toEqual({ conception: 1, en_cours: 1, archivee: 1 });
		expect(nonZero(s.byEnjeu)).toEqual({
			diversification: 2,
			co_decision: 1,
			pouvoir_agir: 1,
			confiance: 1
		});
		expect(nonZero(s.byTerritoryType)).toEqual({ intercommunalite: 1, commune: 2 });
		// Every category is listed (a zero is an answer too), in the domain's order.
		expect(s.byStatus.map((c) => c.key)).toEqual([
			'idee',
			'conception',
			'en_cours',
			'evaluation',
			'terminee',
			'archivee'
		]);
		expect(s.byEnjeu).toHaveLength(8);
	});

	it('narrows every chart to the filtered experiments', () => {
		const s = summarisePortfolio(rows, filters({ status: 'en_cours' }), TODAY);
		expect(s.milestones.map((e) => e.label)).toEqual(['Vote']);
		expect(s.meetings.map((e) => e.label)).toEqual(['COPIL jeunes']);
		expect(s.budgets.map((b) => b.experimentId)).toEqual(['b']);
		expect(s.decisionsPerMonth).toEqual([{ month: '2027-01', count: 1 }]);
		expect(s.actions).toEqual([{ experimentId: 'b', onTime: 2, overdue: 0 }]);
	});

	it('puts milestones, séances and review dates in date order with what they point to', () => {
		const s = summarisePortfolio(rows, NO_FILTERS, TODAY);
		expect(s.milestones.map((e) => [e.date, e.label, e.targetId])).toEqual([
			['2026-06-01', 'Bilan', 'pc'],
			['2027-02-01', 'Tirage au sort', 'pa'],
			['2027-05-20', 'Vote', 'pb']
		]);
		expect(s.meetings.map((e) => [e.kind, e.date, e.targetId])).toEqual([
			['seance', '2027-01-10', 's2'],
			['seance', '2027-03-20', 's1'],
			['review', '2027-07-01', 'd1']
		]);
	});

	it('sums the planned budget, leaving out (and counting) unreadable lines', () => {
		const s = summarisePortfolio(rows, NO_FILTERS, TODAY);
		expect(s.budgets).toEqual([
			{ experimentId: 'a', cents: 550_050, lines: 3, unreadable: 1, documentId: 'pa' },
			{ experimentId: 'b', cents: 2_500_000, lines: 1, unreadable: 0, documentId: 'pb' }
		]);
	});

	it('counts decisions per month, months without a decision included', () => {
		const s = summarisePortfolio(rows, NO_FILTERS, TODAY);
		expect(s.decisionsPerMonth).toEqual([
			{ month: '2027-01', count: 2 },
			{ month: '2027-02', count: 0 },
			{ month: '2027-03', count: 1 }
		]);
		expect(s.decisionList.map((d) => d.id)).toEqual(['d2', 'd3', 'd1']);
	});

	it('counts open actions, overdue when due before today (due today is not late)', () => {
		const s = summarisePortfolio(rows, NO_FILTERS, TODAY);
		expect(s.actions).toEqual([
			{ experimentId: 'a', onTime: 1, overdue: 1 },
			{ experimentId: 'b', onTime: 2, overdue: 0 }
		]);
		expect(s.openActions.map((a) => [a.id, a.overdue])).toEqual([
			['x1', true],
			['x6', false],
			['x2', false],
			['x4', false]
		]);
	});

	it.each([
		[
			'a period narrows what is dated',
			filters({ from: '2027-01', to: '2027-02' }),
			{
				milestones: ['Tirage au sort'],
				meetings: ['COPIL jeunes'],
				months: [
					['2027-01', 2],
					['2027-02', 0]
				],
				actions: ['x4']
			}
		],
		[
			'an open-ended period',
			filters({ from: '2027-04' }),
			{
				milestones: ['Vote'],
				meetings: ['Charte'],
				months: [],
				actions: ['x2', 'x4']
			}
		]
	])('%s', (_, f, expected) => {
		const s = summarisePortfolio(rows, f, TODAY);
		expect(s.milestones.map((e) => e.label)).toEqual(expected.milestones);
		expect(s.meetings.map((e) => e.label)).toEqual(expected.meetings);
		expect(s.decisionsPerMonth.map((d) => [d.month, d.count])).toEqual(expected.months);
		expect(s.openActions.map((a) => a.id)).toEqual(expected.actions);
		// The experiments themselves are not dated: the period keeps them all.
		expect(s.experiments).toHaveLength(3);
	});
});
