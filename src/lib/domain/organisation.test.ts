import { describe, expect, it } from 'vitest';
import type { OrgRole } from './access';
import { checkOrgMembershipChange, type OrgMemberRole } from './organisation';

const one: OrgMemberRole[] = [
	{ membershipId: 'a', role: 'admin' },
	{ membershipId: 't', role: 'team' },
	{ membershipId: 'm', role: 'member' }
];
const two: OrgMemberRole[] = [...one, { membershipId: 'b', role: 'admin' }];

describe('checkOrgMembershipChange', () => {
	it.each<[string, OrgMemberRole[], string, OrgRole | null, boolean]>([
		['demoting the only administrator', one, 'a', 'team', false],
		['removing the only administrator', one, 'a', null, false],
		['keeping the only administrator an administrator', one, 'a', 'admin', true],
		['demoting one of two administrators', two, 'a', 'member', true],
		['removing one of two administrators', two, 'b', null, true],
		['promoting the team to administrator', one, 't', 'admin', true],
		['removing a member', one, 'm', null, true],
		['an unknown membership (the write itself is refused elsewhere)', one, 'x', null, true]
	])('%s', (_label, members, id, role, ok) => {
		const result = checkOrgMembershipChange(members, id, role);
		expect(result.ok).toBe(ok);
		if (!result.ok) expect(result.error).toBe('last_admin');
	});
});
