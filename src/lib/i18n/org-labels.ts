/** Words for organisation roles (src/lib/domain/access.ts ORG_ROLES). */
import type { OrgRole } from '../domain/access';
import { m } from '../paraglide/messages';

const LABELS: Record<OrgRole, () => string> = {
	admin: m.labo_org_role_admin,
	team: m.labo_org_role_team,
	member: m.labo_org_role_member
};

const HINTS: Record<OrgRole, () => string> = {
	admin: m.labo_org_role_admin_hint,
	team: m.labo_org_role_team_hint,
	member: m.labo_org_role_member_hint
};

export const orgRoleLabel = (role: OrgRole): string => LABELS[role]();
export const orgRoleHint = (role: OrgRole): string => HINTS[role]();
