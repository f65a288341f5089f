import { describe, expect, it } from 'vitest';
import {
	ACTIONS,
	can,
	documentAccess,
	ORG_ROLES,
	ROLES,
	canManageOrganisation,
	canSeePortfolio,
	governanceRole,
	orgRolesAllowed,
	rolesAllowed,
	type OrgRole,
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

// Organisation roles add to the experiment role, in the experiments of their organisation only.
const ORG_EXPECTED: Record<OrgRole, Record<Action, boolean>> = {
	admin: { read: true, comment: true, edit: true, facilitate: true, manage: true },
	team: { read: true, comment: false, edit: false, facilitate: false, manage: false },
	member: { read: false, comment: false, edit: false, facilitate: false, manage: false }
};

describe('organisation roles', () => {
	const alone = ORG_ROLES.flatMap((orgRole) => ACTIONS.map((action) => [orgRole, action] as const));
	it.each(alone)('%s without an experiment role may %s as expected', (orgRole, action) => {
		expect(can({ role: null, orgRole }, action)).toBe(ORG_EXPECTED[orgRole][action]);
	});

	const combined = ORG_ROLES.flatMap((orgRole) =>
		ROLES.flatMap((role) => ACTIONS.map((action) => [orgRole, role, action] as const))
	);
	it.each(combined)(
		'%s holding %s in the experiment may %s: either role',
		(orgRole, role, action) => {
			expect(can({ role, orgRole }, action)).toBe(
				EXPECTED[role][action] || ORG_EXPECTED[orgRole][action]
			);
		}
	);

	it.each(ORG_ROLES)('an archived experiment is read-only for the organisation %s', (orgRole) => {
		expect(can({ role: null, orgRole, archived: true }, 'edit')).toBe(false);
		expect(can({ role: null, orgRole, archived: true }, 'read')).toBe(ORG_EXPECTED[orgRole].read);
		expect(can({ role: null, orgRole, archived: true }, 'manage')).toBe(
			ORG_EXPECTED[orgRole].manage
		);
	});

	it('gives the team a live read-only document where they hold no role, their role elsewhere', () => {
		expect(documentAccess({ role: null, orgRole: 'team' })).toBe('read');
		expect(documentAccess({ role: 'evaluator', orgRole: 'team' })).toBe('edit');
		expect(documentAccess({ role: null, orgRole: 'admin' })).toBe('edit');
		expect(documentAccess({ role: null, orgRole: 'member' })).toBe('none');
	});

	it('lets only administrators manage the organisation; admins and team see the portfolio', () => {
		expect(ORG_ROLES.filter(canManageOrganisation)).toEqual(['admin']);
		expect(ORG_ROLES.filter(canSeePortfolio)).toEqual(['admin', 'team']);
		expect(canSeePortfolio(null)).toBe(false);
	});

	it('orgRolesAllowed agrees with can()', () => {
		for (const action of ACTIONS)
			expect(orgRolesAllowed(action)).toEqual(
				ORG_ROLES.filter((orgRole) => ORG_EXPECTED[orgRole][action])
			);
	});
});

describe('the governance space of an organisation', () => {
	// What each organisation role may do in its organisation's own COPIL, written out in full.
	const IN_SPACE: Record<OrgRole, Action[]> = {
		admin: ['read', 'comment', 'edit', 'facilitate', 'manage'],
		team: ['read', 'comment', 'edit', 'facilitate'],
		member: []
	};

	it.each(ORG_ROLES)('%s: the derived role with the organisation role', (orgRole) => {
		const context = { role: governanceRole(orgRole), orgRole };
		expect(ACTIONS.filter((action) => can(context, action))).toEqual(IN_SPACE[orgRole]);
	});

	it('gives nothing to people outside the organisation', () => {
		expect(governanceRole(null)).toBeNull();
		expect(governanceRole(undefined)).toBeNull();
	});
});
