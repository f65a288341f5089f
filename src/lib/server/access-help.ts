/**
 * The page a signed-in person gets for a link they cannot open: the same 404 whether the thing
 * does not exist or is not theirs (no existence leak), saying who to ask. The experiment's
 * coordinators are named only to someone who may know the experiment exists: a member (a page
 * their role does not open, 403) or a person holding an invitation to it (by their address).
 * Anyone else is told to ask the person who sent the link.
 */
import { error } from '@sveltejs/kit';
import { ClientResponseError } from 'pocketbase';
import type PocketBase from 'pocketbase';
import { normalizeEmail } from '../domain/invitation';
import { appLog, errorFields } from './log';
import { adminPocketBase } from './pocketbase';

/** What the error page shows besides its status (App.Error). */
export interface AccessHelp {
	message: string;
	/** Coordinators to ask, when the person may know the experiment; else absent. */
	coordinators?: string[];
	/** The person holds an invitation to this experiment, not yet accepted. */
	invited?: boolean;
}

/** What the link pointed at: an experiment, or a document or round of one. */
export type AccessTarget = { experimentId: string } | { documentId: string } | { roundId: string };

async function experimentOf(admin: PocketBase, target: AccessTarget): Promise<string | null> {
	try {
		if ('experimentId' in target) return target.experimentId;
		const collection = 'documentId' in target ? 'documents' : 'rounds';
		const id = 'documentId' in target ? target.documentId : target.roundId;
		const record = await admin.collection(collection).getOne(id, { fields: 'experiment' });
		return String(record.experiment);
	} catch (e) {
		if (e instanceof ClientResponseError && (e.status === 404 || e.status === 400)) return null;
		throw e;
	}
}

async function coordinatorNames(admin: PocketBase, experimentId: string): Promise<string[]> {
	const rows = await admin.collection('memberships').getFullList({
		filter: admin.filter('experiment = {:experiment} && role = "coordinator"', {
			experiment: experimentId
		}),
		expand: 'user',
		fields: 'expand.user.name'
	});
	return rows.map((row) => String(row.expand?.user?.name ?? '')).filter(Boolean);
}

/**
 * Who to ask, for a signed-in person who could not read `target`. Never says whether the target
 * exists unless the person may know it (an invitation to its experiment, or `member`).
 */
export async function accessHelp(
	user: { id: string; email?: string },
	target: AccessTarget,
	options: { member?: boolean } = {}
): Promise<AccessHelp> {
	const generic: AccessHelp = { message: 'Not found' };
	try {
		const admin = await adminPocketBase();
		const experimentId = await experimentOf(admin, target);
		if (!experimentId) return generic;
		let invited = false;
		if (!options.member && user.email) {
			const invitations = await admin.collection('invitations').getList(1, 1, {
				filter: admin.filter('experiment = {:experiment} && email = {:email} && accepted_at = ""', {
					experiment: experimentId,
					email: normalizeEmail(user.email)
				}),
				fields: 'id'
			});
			invited = invitations.totalItems > 0;
		}
		if (!options.member && !invited) return generic;
		return {
			message: 'Not found',
			coordinators: await coordinatorNames(admin, experimentId),
			invited
		};
	} catch (e) {
		// The help is a courtesy: the refusal stands without it.
		appLog.warn('access.help_lookup_failed', errorFields(e));
		return generic;
	}
}

/** Throws the 404 page of a link the signed-in person cannot read. */
export async function notReadable(
	user: { id: string; email?: string },
	target: AccessTarget
): Promise<never> {
	error(404, await accessHelp(user, target));
}

/** Throws the 403 page of a page the member's role does not open (they know the experiment). */
export async function notAllowed(
	user: { id: string; email?: string },
	experimentId: string
): Promise<never> {
	const help = await accessHelp(user, { experimentId }, { member: true });
	error(403, { ...help, message: 'Forbidden' });
}
