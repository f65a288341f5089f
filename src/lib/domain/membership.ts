/**
 * Membership changes and the rule that an experiment always keeps a coordinator. The same rule is
 * enforced by PocketBase (pocketbase/pb_hooks/workspace.pb.js); this copy lets the UI explain it
 * before the request is sent.
 */
import type { Role } from './access';

export interface MemberRole {
	membershipId: string;
	role: Role;
}

export type MembershipChangeError = 'last_coordinator';

/** May `membershipId` take `newRole` (null = removed) without leaving no coordinator? */
export function checkMembershipChange(
	members: readonly MemberRole[],
	membershipId: string,
	newRole: Role | null
): { ok: true } | { ok: false; error: MembershipChangeError } {
	const target = members.find((m) => m.membershipId === membershipId);
	if (!target || target.role !== 'coordinator' || newRole === 'coordinator') return { ok: true };
	const others = members.filter((m) => m.membershipId !== membershipId && m.role === 'coordinator');
	return others.length > 0 ? { ok: true } : { ok: false, error: 'last_coordinator' };
}
