import { describe, expect, it } from 'vitest';
import type { Role } from './access';
import { checkMembershipChange, type MemberRole } from './membership';

const team = (...roles: Role[]): MemberRole[] =>
	roles.map((role, i) => ({ membershipId: `m${i}`, role }));

describe('checkMembershipChange (an experiment keeps a coordinator)', () => {
	it.each<[string, MemberRole[], string, Role | null, boolean]>([
		['demote the only coordinator', team('coordinator', 'evaluator'), 'm0', 'evaluator', false],
		['remove the only coordinator', team('coordinator', 'evaluator'), 'm0', null, false],
		['demote one of two coordinators', team('coordinator', 'coordinator'), 'm0', 'observer', true],
		['remove one of two coordinators', team('coordinator', 'coordinator'), 'm1', null, true],
		['keep the coordinator role', team('coordinator'), 'm0', 'coordinator', true],
		['change another member', team('coordinator', 'partner'), 'm1', 'observer', true],
		['remove another member', team('coordinator', 'partner'), 'm1', null, true],
		['promote a member', team('coordinator', 'partner'), 'm1', 'coordinator', true],
		['unknown membership', team('coordinator'), 'zz', null, true]
	])('%s', (_name, members, id, role, ok) => {
		const result = checkMembershipChange(members, id, role);
		expect(result).toEqual(ok ? { ok: true } : { ok: false, error: 'last_coordinator' });
	});
});
