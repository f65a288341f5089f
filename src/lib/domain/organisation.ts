/**
 * Organisation membership changes and the rule that an organisation always keeps an
 * administrator (someone must be able to manage its members and see its whole portfolio).
 */
import type { OrgRole } from './access';

export interface OrgMemberRole {
	membershipId: string;
	role: OrgRole;
}

export type OrgMembershipChangeError = 'last_admin';

/** May `membershipId` take `newRole` (null = removed) without leaving no administrator? */
export function checkOrgMembershipChange(
	members: readonly OrgMemberRole[],
	membershipId: string,
	newRole: OrgRole | null
): { ok: true } | { ok: false; error: OrgMembershipChangeError } {
	const target = members.find((m) => m.membershipId === membershipId);
	if (!target || target.role !== 'admin' || newRole === 'admin') return { ok: true };
	const others = members.filter((m) => m.membershipId !== membershipId && m.role === 'admin');
	return others.length > 0 ? { ok: true } : { ok: false, error: 'last_admin' };
}
