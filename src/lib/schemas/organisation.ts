/** Input schemas of the organisation page: its members and their organisation roles. */
import { ORG_ROLES } from '../domain/access';
import * as f from './fields';

/** Add an existing account to the organisation. */
export const addOrgMember = f.form({
	email: f.email(),
	role: f.choice(ORG_ROLES, { pb: 'org_memberships.role' })
});

export const changeOrgRole = f.form({
	membership: f.id(),
	role: f.choice(ORG_ROLES, { pb: 'org_memberships.role' })
});

export const orgMembershipRef = f.form({ membership: f.id() });

/** Search engines on the organisation's public pages: allowed (`on`) or not (`off`). */
export const orgIndexing = f.form({ indexing: f.choice(['on', 'off']) });
