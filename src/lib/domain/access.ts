/**
 * The one access matrix of Trame: may a user do an action on an experiment's content, given the
 * role they hold in the experiment and the role they hold in the organisation that owns it? Used
 * by SvelteKit, by the collaboration server on upgrade, and mirrored by the PocketBase API rules
 * (see pocketbase/pb_hooks/access_matrix.json, generated from this file).
 */

export const ROLES = [
	'coordinator',
	'evaluator',
	'project_lead',
	'elected',
	'innovator',
	'copil_member',
	'partner',
	'observer'
] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = ['read', 'comment', 'edit', 'facilitate', 'manage'] as const;
export type Action = (typeof ACTIONS)[number];

const MATRIX: Readonly<Record<Role, readonly Action[]>> = {
	coordinator: ['read', 'comment', 'edit', 'facilitate', 'manage'],
	evaluator: ['read', 'comment', 'edit'],
	project_lead: ['read', 'comment', 'edit'],
	elected: ['read', 'comment', 'edit'],
	innovator: ['read', 'comment', 'edit'],
	copil_member: ['read', 'comment', 'edit', 'facilitate'],
	partner: ['read', 'comment'],
	observer: ['read']
};

/**
 * Roles in an organisation (a Labo, a network of territories). They add to the experiment role:
 * an administrator sees and manages every experiment of the organisation without being added to
 * it, the team sees every experiment (and edits where its experiment role allows), a member gets
 * nothing beyond their experiment roles.
 */
export const ORG_ROLES = ['admin', 'team', 'member'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

const ORG_MATRIX: Readonly<Record<OrgRole, readonly Action[]>> = {
	admin: ACTIONS,
	team: ['read'],
	member: []
};

export function isOrgRole(value: unknown): value is OrgRole {
	return typeof value === 'string' && (ORG_ROLES as readonly string[]).includes(value);
}

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export interface AccessContext {
	/** The user's role in the experiment that owns the resource, or null if not a member. */
	role: Role | null;
	/** The user's role in the organisation that owns the experiment, if any. */
	orgRole?: OrgRole | null;
	/** Archived experiments and documents are read-only for everyone. */
	archived?: boolean;
}

/** May a user in this context perform this action? */
export function can(context: AccessContext, action: Action): boolean {
	if (context.archived && action !== 'read' && action !== 'manage') return false;
	const byRole = context.role !== null && MATRIX[context.role].includes(action);
	const byOrg = !!context.orgRole && ORG_MATRIX[context.orgRole].includes(action);
	return byRole || byOrg;
}

/** What a live connection to a document may do: the strongest of edit > comment > read. */
export type DocumentAccess = 'edit' | 'comment' | 'read' | 'none';

export function documentAccess(context: AccessContext): DocumentAccess {
	if (can(context, 'edit')) return 'edit';
	if (can(context, 'comment')) return 'comment';
	if (can(context, 'read')) return 'read';
	return 'none';
}

/**
 * A séance's live notes: as the experiment's documents, and its facilitator and secretary (they
 * take the minutes) write them whatever their role, as long as they may read the experiment.
 */
export function seanceNotesAccess(context: AccessContext, takesMinutes: boolean): DocumentAccess {
	const access = documentAccess(context);
	return takesMinutes && access !== 'none' && !context.archived ? 'edit' : access;
}

/** Organisation roles allowed an action in every experiment of their organisation. */
export function orgRolesAllowed(action: Action): OrgRole[] {
	return ORG_ROLES.filter((orgRole) => ORG_MATRIX[orgRole].includes(action));
}

/** May this organisation role manage the organisation itself (its members and their roles)? */
export function canManageOrganisation(orgRole: OrgRole | null | undefined): boolean {
	return orgRole === 'admin';
}

/** May this organisation role see the organisation's portfolio (every experiment, the dashboard)? */
export function canSeePortfolio(orgRole: OrgRole | null | undefined): boolean {
	return orgRole === 'admin' || orgRole === 'team';
}

/**
 * An organisation's own governance space (its COPIL, strategy, guides, templates) is an owner of
 * the same kind as an experiment; its membership derives from organisation roles: the
 * administrators run it (coordinator), the team co-writes, facilitates and takes part in its
 * rounds (copil_member), plain members (people of one experiment) get nothing. PocketBase keeps
 * the space's memberships equal to this mapping (pb_hooks/lib/governance_space.js).
 */
const GOVERNANCE_ROLE: Readonly<Record<OrgRole, Role | null>> = {
	admin: 'coordinator',
	team: 'copil_member',
	member: null
};

export function governanceRole(orgRole: OrgRole | null | undefined): Role | null {
	return orgRole ? GOVERNANCE_ROLE[orgRole] : null;
}

/** Roles allowed an action, for mirroring into PocketBase rules. */
export function rolesAllowed(action: Action): Role[] {
	return ROLES.filter((role) => MATRIX[role].includes(action));
}
