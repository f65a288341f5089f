import { describe, expect, it } from 'vitest';
import {
	ACTIONS,
	can,
	documentAccess,
	ROLES,
	rolesAllowed,
	type Action,
	type Role
} from './access';

// The expected matrix, written out in full so a change to the code must be a change here too.
const EXPECTED: Record<Role, Record<Action, boolean>> = {
	coordinator: { read: true, comment: true, edit: true, facilitate: true, manage: true },
	evaluator: { read: true, comment: true, edit: true, facilitate: false, manage: false },
	project_lead: { read: true, comment: true, edit: true, facilitate: false, manage: false },
	elected: { read: true, comment: true, edit: true, facilitate: false, manage: false },
	innovator: { read: true, comment: true, edit: true, facilitate: false, manage: false },
	copil_member: { read: true, comment: true, edit: true, facilitate: true, manage: false },
	partner: { read: true, comment: true, edit: false, facilitate: false, manage: false },
	observer: { read: true, comment: false, edit: false, facilitate: false, manage: false }
};

describe('access matrix', () => {
	const cases = ROLES.flatMap((role) => ACTIONS.map((action) => [role, action] as const));
	it.each(cases)('%s may %s as expected', (role, action) => {
		expect(can({ role }, action)).toBe(EXPECTED[role][action]);
	});

	it.each(ACTIONS)('a non-member may not %s', (action) => {
		expect(can({ role: null }, action)).toBe(false);
	});

	it.each(ROLES)('an archived experiment is read-only for %s', (role) => {
		expect(can({ role, archived: true }, 'edit')).toBe(false);
		expect(can({ role, archived: true }, 'comment')).toBe(false);
		expect(can({ role, archived: true }, 'read')).toBe(true);
		expect(can({ role, archived: true }, 'manage')).toBe(EXPECTED[role].manage);
	});

	it.each<[Role | null, string]>([
		['coordinator', 'edit'],
		['evaluator', 'edit'],
		['partner', 'comment'],
		['observer', 'read'],
		[null, 'none']
	])('documentAccess for %s is %s', (role, expected) => {
		expect(documentAccess({ role })).toBe(expected);
	});

	it('rolesAllowed agrees with can()', () => {
		for (const action of ACTIONS)
			expect(rolesAllowed(action)).toEqual(ROLES.filter((role) => EXPECTED[role][action]));
	});
});
