/**
 * The one access matrix of Trame: may a member holding a role do an action on an experiment's
 * content? Used by SvelteKit, by the collaboration server on upgrade, and mirrored by the
 * PocketBase API rules (see pocketbase/pb_hooks/access_matrix.json, generated from this file).
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

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export interface AccessContext {
	/** The user's role in the experiment that owns the resource, or null if not a member. */
	role: Role | null;
	/** Archived experiments and documents are read-only for everyone. */
	archived?: boolean;
}

/** May a user in this context perform this action? */
export function can(context: AccessContext, action: Action): boolean {
	if (context.role === null) return false;
	if (context.archived && action !== 'read' && action !== 'manage') return false;
	return MATRIX[context.role].includes(action);
}

/** What a live connection to a document may do: the strongest of edit > comment > read. */
export type DocumentAccess = 'edit' | 'comment' | 'read' | 'none';

export function documentAccess(context: AccessContext): DocumentAccess {
	if (can(context, 'edit')) return 'edit';
	if (can(context, 'comment')) return 'comment';
	if (can(context, 'read')) return 'read';
	return 'none';
}

/** Roles allowed an action, for mirroring into PocketBase rules. */
export function rolesAllowed(action: Action): Role[] {
	return ROLES.filter((role) => MATRIX[role].includes(action));
}
