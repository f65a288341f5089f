/**
 * PocketBase enforces the experiment invariants with a JavaScript copy of this domain
 * (pocketbase/pb_hooks/lib/workspace.js, goja cannot import TypeScript). This test loads that
 * copy and fails if it drifts from experiment.ts.
 */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
	canChangeStatus,
	ENJEUX,
	STATUSES,
	SUMMARY_MAX,
	TERRITORY_TYPES,
	TITLE_MAX,
	validateExperiment,
	type ExperimentInput
} from './experiment';

interface HookLib {
	TERRITORY_TYPES: string[];
	ENJEUX: string[];
	TITLE_MAX: number;
	SUMMARY_MAX: number;
	canChangeStatus(from: string, to: string): boolean;
	experimentErrors(values: Record<string, unknown>, present: string[]): Record<string, string>;
}

/** Evaluated like goja does: a CommonJS script (the repo's package.json says ESM for Node). */
function loadHookLib(): HookLib {
	const source = readFileSync(
		new URL('../../../pocketbase/pb_hooks/lib/workspace.js', import.meta.url),
		'utf8'
	);
	const module = { exports: {} as unknown };
	runInNewContext(source, { module, exports: module.exports });
	return module.exports as HookLib;
}

const hook = loadHookLib();

const FIELD_NAMES: Record<string, string> = {
	title: 'title',
	territoryName: 'territory_name',
	territoryType: 'territory_type',
	enjeux: 'enjeux',
	summary: 'summary',
	startDate: 'start_date',
	endDate: 'end_date'
};

const valid: ExperimentInput = {
	title: 'Budget participatif',
	territoryName: 'Rennes',
	territoryType: 'metropole',
	enjeux: ['massification'],
	summary: '',
	startDate: '2027-01-01',
	endDate: '2027-06-30'
};

describe('pb_hooks/lib/workspace.js mirrors experiment.ts', () => {
	it('has the same codes and limits', () => {
		expect(hook.TERRITORY_TYPES).toEqual([...TERRITORY_TYPES]);
		expect(hook.ENJEUX).toEqual([...ENJEUX]);
		expect(hook.TITLE_MAX).toBe(TITLE_MAX);
		expect(hook.SUMMARY_MAX).toBe(SUMMARY_MAX);
	});

	it('allows exactly the same status changes', () => {
		for (const from of STATUSES) {
			for (const to of STATUSES) {
				expect(hook.canChangeStatus(from, to), `${from} → ${to}`).toBe(canChangeStatus(from, to));
			}
		}
	});

	it.each<[string, Partial<ExperimentInput>]>([
		['valid', {}],
		['blank title', { title: ' ' }],
		['long title', { title: 'x'.repeat(TITLE_MAX + 1) }],
		['blank territory', { territoryName: '' }],
		['bad territory type', { territoryType: 'canton' }],
		['no enjeu', { enjeux: [] }],
		['bad enjeu', { enjeux: ['bonheur'] }],
		['long summary', { summary: 'x'.repeat(SUMMARY_MAX + 1) }],
		['end before start', { endDate: '2026-12-31' }]
	])('gives the same errors for a full input: %s', (_name, change) => {
		const input = { ...valid, ...change };
		const result = validateExperiment(input);
		const expected = result.ok
			? {}
			: Object.fromEntries(Object.entries(result.errors).map(([f, c]) => [FIELD_NAMES[f], c]));
		const values = {
			title: input.title,
			territory_name: input.territoryName,
			territory_type: input.territoryType,
			enjeux: input.enjeux,
			summary: input.summary,
			// PocketBase's stored date form.
			start_date: `${input.startDate} 00:00:00.000Z`,
			end_date: `${input.endDate} 00:00:00.000Z`
		};
		expect(hook.experimentErrors(values, Object.values(FIELD_NAMES))).toEqual(expected);
	});

	it('checks only the fields a request sends (dates always)', () => {
		expect(hook.experimentErrors({ title: 'x', territory_name: '' }, ['title'])).toEqual({});
		expect(
			hook.experimentErrors({ start_date: '2027-02-01', end_date: '2027-01-01' }, ['title'])
		).toEqual({ title: 'title_required', end_date: 'end_before_start' });
	});
});
