import { describe, expect, it } from 'vitest';
import {
	canChangeStatus,
	ENJEUX,
	isIsoDate,
	STATUSES,
	validateExperiment,
	type ExperimentInput,
	type Status
} from './experiment';

const valid: ExperimentInput = {
	title: 'Assemblée citoyenne',
	territoryName: 'Val de Brenne',
	territoryType: 'intercommunalite',
	enjeux: ['diversification'],
	summary: '',
	startDate: '2027-01-15',
	endDate: '2027-12-15'
};

describe('validateExperiment', () => {
	it('accepts a complete experiment', () => {
		expect(validateExperiment(valid)).toEqual({ ok: true });
	});

	it.each<[string, Partial<ExperimentInput>, Record<string, string>]>([
		['blank title', { title: '   ' }, { title: 'title_required' }],
		['long title', { title: 'x'.repeat(201) }, { title: 'title_too_long' }],
		['no territory name', { territoryName: '' }, { territoryName: 'territory_name_required' }],
		[
			'unknown territory type',
			{ territoryType: 'canton' },
			{ territoryType: 'territory_type_invalid' }
		],
		['no enjeu', { enjeux: [] }, { enjeux: 'enjeux_required' }],
		['unknown enjeu', { enjeux: ['bonheur'] }, { enjeux: 'enjeu_invalid' }],
		['impossible date', { startDate: '2027-02-30' }, { startDate: 'date_invalid' }],
		['end before start', { endDate: '2026-12-31' }, { endDate: 'end_before_start' }],
		['long summary', { summary: 'x'.repeat(2001) }, { summary: 'summary_too_long' }]
	])('refuses %s', (_name, change, errors) => {
		expect(validateExperiment({ ...valid, ...change })).toEqual({ ok: false, errors });
	});

	it('accepts empty dates', () => {
		expect(validateExperiment({ ...valid, startDate: '', endDate: '' })).toEqual({ ok: true });
	});
});

describe('status lifecycle', () => {
	it.each<[Status, Status, boolean]>([
		['idee', 'conception', true],
		['conception', 'en_cours', true],
		['en_cours', 'evaluation', true],
		['evaluation', 'terminee', true],
		['idee', 'terminee', false],
		['conception', 'evaluation', false],
		['terminee', 'archivee', true],
		['archivee', 'terminee', true],
		['archivee', 'en_cours', false]
	])('%s → %s allowed: %s', (from, to, allowed) => {
		expect(canChangeStatus(from, to)).toBe(allowed);
	});

	it('lets every status be archived except the archive itself', () => {
		for (const status of STATUSES.filter((s) => s !== 'archivee'))
			expect(canChangeStatus(status, 'archivee')).toBe(true);
	});
});

it('lists the 8 enjeux of DOMAIN.md', () => {
	expect(ENJEUX).toHaveLength(8);
});

it.each([
	['2027-03-12', true],
	['2027-3-12', false],
	['2027-13-01', false],
	['2028-02-29', true],
	['2027-02-29', false]
])('isIsoDate(%s) = %s', (value, expected) => {
	expect(isIsoDate(value)).toBe(expected);
});
