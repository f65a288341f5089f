/**
 * Organisations as pages show them and administrators change them. Who may see what is decided by
 * the domain (`canManageOrganisation`, `can()` through the experiments' API rules); organisation
 * memberships are written here with the superuser client, after that check, like invitations.
 */
import type PocketBase from 'pocketbase';
import { canManageOrganisation, isOrgRole, type OrgRole } from '../domain/access';
import { checkOrgMembershipChange } from '../domain/organisation';
import type { TypedPocketBase } from '../pocketbase/types';
import { EXPERIMENTS_ONLY, experimentView, type ExperimentView } from './experiments';
import { orgRoleIn } from './members';
import { isStatus } from './pb-errors';

export interface MyOrganisation {
	id: string;
	name: string;
	role: OrgRole;
}

/** The organisations the user belongs to, by name (their own rows only, read as themself). */
export async function myOrganisations(
	pb: TypedPocketBase,
	userId: string
): Promise<MyOrganisation[]> {
	const rows = await pb.collection('org_memberships').getFullList({
		filter: pb.filter('user = {:user}', { user: userId }),
		expand: 'organisation',
		fields: 'role,expand.organisation.id,expand.organisation.name'
	});
	return rows
		.flatMap((row) => {
			const org = (row as { expand?: { organisation?: { id: string; name: string } } }).expand
				?.organisation;
			return org && isOrgRole(row.role) ? [{ id: org.id, name: org.name, role: row.role }] : [];
		})
		.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

export interface OrgMemberView {
	membershipId: string;
	userId: string;
	name: string;
	/** Shown to administrators only (they add members by address). */
	email: string;
	role: OrgRole;
}

export interface OrganisationPage {
	id: string;
	name: string;
	myRole: OrgRole;
	canManage: boolean;
	/** Search engines may index its public pages (an administrator's choice; noindex until then). */
	indexable: boolean;
	/** The experiments of the organisation this user reads (every one for admins and the team). */
	experiments: ExperimentView[];
	members: OrgMemberView[];
}

/** The page's data, or null when the user does not belong to the organisation (404). */
export async function organisationPage(
	admin: PocketBase,
	userPb: TypedPocketBase,
	organisationId: string,
	userId: string
): Promise<OrganisationPage | null> {
	if (!/^[a-z0-9]{15}$/.test(organisationId)) return null;
	const myRole = await orgRoleIn(admin, organisationId, userId);
	if (!myRole) return null;
	const [organisation, experiments, rows] = await Promise.all([
		admin.collection('organisations').getOne(organisationId, { fields: 'id,name,indexable' }),
		// The API rules (derived lists, organisation roles included) decide which experiments show.
		userPb.collection('experiments').getFullList({
			filter: userPb.filter(`organisation = {:org} && ${EXPERIMENTS_ONLY}`, {
				org: organisationId
			}),
			sort: 'title'
		}),
		admin.collection('org_memberships').getFullList({
			filter: admin.filter('organisation = {:org}', { org: organisationId }),
			expand: 'user',
			fields: 'id,role,user,expand.user.name,expand.user.email'
		})
	]);
	const canManage = canManageOrganisation(myRole);
	const members = rows
		.flatMap((row): OrgMemberView[] => {
			const user = (row as { expand?: { user?: { name?: string; email?: string } } }).expand?.user;
			if (!isOrgRole(row.role)) return [];
			return [
				{
					membershipId: row.id,
					userId: String(row.user),
					name: user?.name || String(row.user),
					email: canManage ? (user?.email ?? '') : '',
					role: row.role
				}
			];
		})
		.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
	return {
		id: organisation.id,
		name: String(organisation.name),
		myRole,
		canManage,
		indexable: organisation.indexable === true,
		experiments: experiments.map(experimentView),
		members
	};
}

export type OrgChangeResult =
	| { ok: true }
	| { ok: false; error: 'forbidden' | 'not_found' | 'last_admin' | 'no_account' | 'already_in' };

async function requireAdmin(admin: PocketBase, organisationId: string, actorId: string) {
	return canManageOrganisation(await orgRoleIn(admin, organisationId, actorId));
}

async function membersOf(admin: PocketBase, organisationId: string) {
	const rows = await admin.collection('org_memberships').getFullList({
		filter: admin.filter('organisation = {:org}', { org: organisationId }),
		fields: 'id,role'
	});
	return rows.flatMap((row) =>
		isOrgRole(row.role) ? [{ membershipId: row.id, role: row.role }] : []
	);
}

/** Sets (role) or removes (null) an organisation membership; an administrator always remains. */
export async function changeOrgMembership(
	admin: PocketBase,
	input: { organisationId: string; actorId: string; membershipId: string; role: OrgRole | null }
): Promise<OrgChangeResult> {
	if (!(await requireAdmin(admin, input.organisationId, input.actorId)))
		return { ok: false, error: 'forbidden' };
	const members = await membersOf(admin, input.organisationId);
	if (!members.some((m) => m.membershipId === input.membershipId))
		return { ok: false, error: 'not_found' };
	const check = checkOrgMembershipChange(members, input.membershipId, input.role);
	if (!check.ok) return check;
	if (input.role === null) await admin.collection('org_memberships').delete(input.membershipId);
	else await admin.collection('org_memberships').update(input.membershipId, { role: input.role });
	return { ok: true };
}

/** Lets search engines index the organisation's public pages, or stops them (administrators). */
export async function setOrgIndexing(
	admin: PocketBase,
	input: { organisationId: string; actorId: string; indexable: boolean }
): Promise<OrgChangeResult> {
	if (!(await requireAdmin(admin, input.organisationId, input.actorId)))
		return { ok: false, error: 'forbidden' };
	await admin.collection('organisations').update(input.organisationId, {
		indexable: input.indexable
	});
	return { ok: true };
}

/** Adds an existing account (by address) to the organisation with a role. */
export async function addOrgMember(
	admin: PocketBase,
	input: { organisationId: string; actorId: string; email: string; role: OrgRole }
): Promise<OrgChangeResult> {
	if (!(await requireAdmin(admin, input.organisationId, input.actorId)))
		return { ok: false, error: 'forbidden' };
	const user = await admin
		.collection('users')
		.getFirstListItem(admin.filter('email = {:email}', { email: input.email }), { fields: 'id' })
		.catch((error: unknown) => {
			if (isStatus(error, 404)) return null;
			throw error;
		});
	if (!user) return { ok: false, error: 'no_account' };
	if (await orgRoleIn(admin, input.organisationId, user.id))
		return { ok: false, error: 'already_in' };
	await admin
		.collection('org_memberships')
		.create({ organisation: input.organisationId, user: user.id, role: input.role });
	return { ok: true };
}
