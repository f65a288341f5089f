/**
 * The access matrix table of README.md ("Access matrix", between the access-matrix markers)
 * must say exactly what `can()` of src/lib/domain/access.ts does: same roles in the same order,
 * same actions, a ✓ exactly where a role may act in an active experiment.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIONS, ORG_ROLES, ROLES, can } from '../src/lib/domain/access';

const README = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
const START = '<!-- access-matrix:start -->';
const END = '<!-- access-matrix:end -->';

function cells(row: string): string[] {
	return row
		.trim()
		.replace(/^\|/, '')
		.replace(/\|$/, '')
		.split('|')
		.map((cell) => cell.trim());
}

function table(startMarker = START, endMarker = END): string[][] {
	const start = README.indexOf(startMarker);
	const end = README.indexOf(endMarker);
	if (start < 0 || end < start)
		throw new Error(`README.md has no ${startMarker} … ${endMarker} section`);
	return README.slice(start + startMarker.length, end)
		.split('\n')
		.filter((line) => line.trim().startsWith('|'))
		.map(cells);
}

describe('README access matrix', () => {
	it('has one column per action, in the domain order', () => {
		const [header] = table();
		expect(header?.slice(1).map((cell) => cell.split(' ')[0])).toEqual([...ACTIONS]);
	});

	it('has one row per role, in the domain order, matching can()', () => {
		const rows = table().slice(2); // header and separator
		expect(rows.map((row) => /^`([a-z_]+)`/.exec(row[0] ?? '')?.[1])).toEqual([...ROLES]);
		for (const [index, role] of ROLES.entries()) {
			const expected = ACTIONS.map((action) => (can({ role }, action) ? '✓' : '—'));
			expect(rows[index]?.slice(1), `README row of ${role}`).toEqual(expected);
		}
	});
});

describe('README organisation access matrix', () => {
	const orgTable = () =>
		table('<!-- org-access-matrix:start -->', '<!-- org-access-matrix:end -->');

	it('has one column per action, in the domain order', () => {
		const [header] = orgTable();
		expect(header?.slice(1).map((cell) => cell.split(' ')[0])).toEqual([...ACTIONS]);
	});

	it('has one row per organisation role, matching can() without an experiment role', () => {
		const rows = orgTable().slice(2);
		expect(rows.map((row) => /^`([a-z_]+)`/.exec(row[0] ?? '')?.[1])).toEqual([...ORG_ROLES]);
		for (const [index, orgRole] of ORG_ROLES.entries()) {
			const expected = ACTIONS.map((action) => (can({ role: null, orgRole }, action) ? '✓' : '—'));
			expect(rows[index]?.slice(1), `README row of ${orgRole}`).toEqual(expected);
		}
	});
});
