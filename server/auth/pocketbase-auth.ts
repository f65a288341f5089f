/**
 * `Authenticator` backed by PocketBase: the session token is validated with the user's own
 * `auth-refresh` (any refusal means Unauthenticated; the refreshed token is discarded), then the
 * document, its experiment, the user's membership and their role in the experiment's organisation
 * are read as superuser and the access is decided by `documentAccess()` — the one access matrix.
 */
import { getTokenPayload } from 'pocketbase';
import type PocketBase from 'pocketbase';
import { documentAccess, isOrgRole, isRole, seanceNotesAccess } from '../../src/lib/domain/access';
import { SEANCE_NOTES_KIND } from '../../src/lib/domain/document-kinds';
import { isUnavailable, serverClient } from '../pocketbase/superuser';
import { AccessBatcher } from './access-batcher';
import {
	AuthBackendUnavailable,
	type AccessDecision,
	type AccessQuery,
	type Authenticator,
	type AuthResult
} from './authenticator';

interface DocumentRow {
	id: string;
	kind: string;
	archived: boolean;
	experiment: string;
	expand?: { experiment?: { status?: string; organisation?: string } };
}

interface MembershipRow {
	experiment: string;
	user: string;
	role: string;
}

interface OrgMembershipRow {
	organisation: string;
	user: string;
	role: string;
}

/** Ids per filter: keeps each request's URL a few kilobytes long. */
const IDS_PER_REQUEST = 40;

export class PocketBaseAuthenticator implements Authenticator {
	/** New connections' access, decided together while a lookup is out (access-batcher.ts). */
	private readonly admissions = new AccessBatcher((queries) => this.recheckMany(queries));

	/** `superuser` must be authenticated as a PocketBase superuser. */
	constructor(
		private readonly url: string,
		private readonly superuser: PocketBase
	) {}

	async authenticate(token: string, documentName: string): Promise<AuthResult> {
		// The access of the user the token names is looked up while PocketBase checks the token:
		// used only if the check confirms that very user (an unchecked claim decides nothing).
		const claimed = claimedUserId(token);
		const early =
			claimed === null ? null : settled(this.admissions.decide({ userId: claimed, documentName }));
		const pb = serverClient(this.url);
		pb.authStore.save(token, null);
		let user;
		try {
			const result = await pb
				.collection('users')
				.authRefresh<{ id: string; name?: string }>({ fields: 'record.id,record.name' });
			user = { id: result.record.id, name: result.record.name || 'Anonyme' };
		} catch (error) {
			if (isUnavailable(error))
				throw new AuthBackendUnavailable('auth-refresh failed', { cause: error });
			return { kind: 'unauthenticated' };
		} finally {
			pb.authStore.clear();
		}
		const decision =
			early !== null && claimed === user.id
				? await unsettled(early)
				: await this.admissions.decide({ userId: user.id, documentName });
		return decision.kind === 'granted'
			? { kind: 'granted', user, access: decision.access }
			: { kind: decision.kind, user };
	}

	/**
	 * One documents request per 40 documents (with their experiment), one memberships request
	 * per 40 experiments and one organisation memberships request per 40 users, whatever the
	 * number of connections.
	 */
	async recheckMany(queries: readonly AccessQuery[]): Promise<AccessDecision[]> {
		try {
			const documents = await this.documents(unique(queries.map((q) => q.documentName)));
			const [roles, orgRoles, minuteTakers] = await Promise.all([
				this.roles(unique(queries.map((q) => documents.get(q.documentName)?.experiment ?? ''))),
				this.orgRoles(unique(queries.map((q) => q.userId))),
				this.minuteTakers(
					[...documents.values()].filter((d) => d.kind === SEANCE_NOTES_KIND).map((d) => d.id)
				)
			]);
			return queries.map((query): AccessDecision => {
				const document = documents.get(query.documentName);
				if (!document) return { kind: 'not_found' };
				const role = roles.get(membershipKey(document.experiment, query.userId));
				const organisation = document.expand?.experiment?.organisation ?? '';
				const orgRole = orgRoles.get(membershipKey(organisation, query.userId));
				const archived = document.archived || document.expand?.experiment?.status === 'archivee';
				const context = {
					role: isRole(role) ? role : null,
					orgRole: isOrgRole(orgRole) ? orgRole : null,
					archived
				};
				// A séance's notes (the document's id is the séance's): its minute-takers write.
				const access =
					document.kind === SEANCE_NOTES_KIND
						? seanceNotesAccess(
								context,
								minuteTakers.get(document.id)?.includes(query.userId) ?? false
							)
						: documentAccess(context);
				return access === 'none' ? { kind: 'forbidden' } : { kind: 'granted', access };
			});
		} catch (error) {
			throw new AuthBackendUnavailable('access lookup failed', { cause: error });
		}
	}

	private async documents(ids: string[]): Promise<Map<string, DocumentRow>> {
		const found = new Map<string, DocumentRow>();
		for (const chunk of chunks(ids)) {
			const rows = await this.superuser.collection('documents').getFullList<DocumentRow>({
				filter: anyOf(this.superuser, 'id', chunk),
				expand: 'experiment',
				fields:
					'id,kind,archived,experiment,expand.experiment.status,expand.experiment.organisation',
				// More than a chunk can match: one page, no second request.
				batch: IDS_PER_REQUEST * 2
			});
			for (const row of rows) found.set(row.id, row);
		}
		return found;
	}

	/** The facilitator and the secretary of each séance whose notes are asked for. */
	private async minuteTakers(seances: string[]): Promise<Map<string, string[]>> {
		const takers = new Map<string, string[]>();
		for (const chunk of chunks(seances)) {
			const rows = await this.superuser
				.collection('seances')
				.getFullList<{ id: string; facilitator: string; secretary: string }>({
					filter: anyOf(this.superuser, 'id', chunk),
					fields: 'id,facilitator,secretary',
					batch: IDS_PER_REQUEST * 2
				});
			for (const row of rows)
				takers.set(
					row.id,
					[row.facilitator, row.secretary].filter((id) => id !== '')
				);
		}
		return takers;
	}

	/**
	 * Role per (experiment, user). Every membership of those experiments: an experiment has tens
	 * of members, so this is cheaper than a filter per (experiment, user) pair.
	 */
	private async roles(experiments: string[]): Promise<Map<string, string>> {
		const roles = new Map<string, string>();
		for (const chunk of chunks(experiments.filter((id) => id !== ''))) {
			const rows = await this.superuser.collection('memberships').getFullList<MembershipRow>({
				filter: anyOf(this.superuser, 'experiment', chunk),
				fields: 'experiment,user,role',
				batch: 1000
			});
			for (const row of rows) roles.set(membershipKey(row.experiment, row.user), row.role);
		}
		return roles;
	}

	/** Organisation role per (organisation, user): a user belongs to a handful of organisations. */
	private async orgRoles(users: string[]): Promise<Map<string, string>> {
		const roles = new Map<string, string>();
		for (const chunk of chunks(users.filter((id) => id !== ''))) {
			const rows = await this.superuser
				.collection('org_memberships')
				.getFullList<OrgMembershipRow>({
					filter: anyOf(this.superuser, 'user', chunk),
					fields: 'organisation,user,role',
					batch: 1000
				});
			for (const row of rows) roles.set(membershipKey(row.organisation, row.user), row.role);
		}
		return roles;
	}
}

/** The user id a session token claims (its signature unchecked), or null. */
function claimedUserId(token: string): string | null {
	const id = getTokenPayload(token).id;
	return typeof id === 'string' && id !== '' ? id : null;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise that never rejects (an early lookup nobody may wait for must not go unhandled). */
function settled<T>(promise: Promise<T>): Promise<Settled<T>> {
	return promise.then(
		(value) => ({ ok: true, value }),
		(error: unknown) => ({ ok: false, error })
	);
}

async function unsettled<T>(promise: Promise<Settled<T>>): Promise<T> {
	const result = await promise;
	if (result.ok) return result.value;
	throw result.error;
}

function anyOf(pb: PocketBase, field: string, values: readonly string[]): string {
	const params: Record<string, string> = {};
	const terms = values.map((value, i) => {
		params[`v${i}`] = value;
		return `${field} = {:v${i}}`;
	});
	return pb.filter(terms.join(' || '), params);
}

function membershipKey(experiment: string, user: string): string {
	return `${experiment}\u0000${user}`;
}

function unique(values: string[]): string[] {
	return [...new Set(values)];
}

function chunks<T>(values: readonly T[]): T[][] {
	const result: T[][] = [];
	for (let i = 0; i < values.length; i += IDS_PER_REQUEST) {
		result.push(values.slice(i, i + IDS_PER_REQUEST));
	}
	return result;
}
