/**
 * `Authenticator` backed by PocketBase: the session token is validated with the user's own
 * `auth-refresh` (any refusal means Unauthenticated; the refreshed token is discarded), then the
 * document, its experiment and the user's membership are read as superuser and the access is
 * decided by `documentAccess()` — the one access matrix.
 */
import type PocketBase from 'pocketbase';
import { documentAccess, isRole } from '../../src/lib/domain/access';
import { isNotFound, isUnavailable, serverClient } from '../pocketbase/superuser';
import {
	AuthBackendUnavailable,
	type AccessDecision,
	type Authenticator,
	type AuthResult
} from './authenticator';

interface DocumentRow {
	id: string;
	archived: boolean;
	experiment: string;
	expand?: { experiment?: { status?: string } };
}

export class PocketBaseAuthenticator implements Authenticator {
	/** `superuser` must be authenticated as a PocketBase superuser. */
	constructor(
		private readonly url: string,
		private readonly superuser: PocketBase
	) {}

	async authenticate(token: string, documentName: string): Promise<AuthResult> {
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
		const decision = await this.recheck(user.id, documentName);
		return decision.kind === 'granted'
			? { kind: 'granted', user, access: decision.access }
			: { kind: decision.kind, user };
	}

	async recheck(userId: string, documentName: string): Promise<AccessDecision> {
		try {
			const document = await this.superuser
				.collection('documents')
				.getOne<DocumentRow>(documentName, {
					expand: 'experiment',
					fields: 'id,archived,experiment,expand.experiment.status'
				});
			const memberships = await this.superuser
				.collection('memberships')
				.getList<{ role: string }>(1, 1, {
					filter: this.superuser.filter('experiment = {:experiment} && user = {:user}', {
						experiment: document.experiment,
						user: userId
					}),
					fields: 'role',
					skipTotal: true
				});
			const role = memberships.items[0]?.role;
			const archived = document.archived || document.expand?.experiment?.status === 'archivee';
			const access = documentAccess({ role: isRole(role) ? role : null, archived });
			return access === 'none' ? { kind: 'forbidden' } : { kind: 'granted', access };
		} catch (error) {
			if (isNotFound(error)) return { kind: 'not_found' };
			throw new AuthBackendUnavailable('access lookup failed', { cause: error });
		}
	}
}
