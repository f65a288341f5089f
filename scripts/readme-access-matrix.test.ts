/**
 * The access matrix table of README.md ("Access matrix", between the access-matrix markers)
 * must say exactly what `can()` of src/lib/domain/access.ts does: same roles in the same order,
 * same actions, a ✓ exactly where a role may act in an active experiment.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIONS, ROLES, can } from '../src/lib/domain/access';

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

function table(): string[][] {
	const start = README.indexOf(START);
	const end = README.indexOf(END);
	if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} section`);
	return README.slice(start + START.length, end)
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
