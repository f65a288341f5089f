/**
 * Personal data (RGPD): what Trame holds about one person, as a ZIP of JSON files plus the files
 * they uploaded, and the deletion of their account. Read and deleted as superuser, after the
 * route checked who asks (only ever the signed-in person about themself).
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { ClientResponseError, type CollectionModel, type RecordModel } from 'pocketbase';
import type PocketBase from 'pocketbase';
import type { ConsentRound, Position } from '../../domain/consent-round';
import type { Election } from '../../domain/election';
import { formatDateTime } from '../../i18n/format';

/** Relation fields that say "this person made this record" (their files are theirs). */
const OWNER_FIELDS = ['created_by', 'author', 'uploaded_by', 'owner', 'user'];

const filter = (admin: PocketBase, expression: string, params: Record<string, string>) =>
	admin.filter(expression, params);

const json = (value: unknown) => strToU8(`${JSON.stringify(value, null, '\t')}\n`);

/** Files under `fichiers/<collection>/<record>/<name>`, from collections with an owner field. */
async function uploadedFiles(
	admin: PocketBase,
	userId: string
): Promise<{ files: Zippable; index: Array<Record<string, string>> }> {
	const collections = await admin.collections.getFullList<CollectionModel>();
	const files: Zippable = {};
	const index: Array<Record<string, string>> = [];
	let token: string | null = null;
	for (const collection of collections) {
		if (collection.name.startsWith('_')) continue;
		const fileFields = collection.fields.filter((field) => field.type === 'file');
		const owners = collection.fields.filter(
			(field) =>
				field.type === 'relation' &&
				OWNER_FIELDS.includes(field.name) &&
				(field as { collectionId?: string }).collectionId === '_pb_users_auth_'
		);
		if (fileFields.length === 0 || owners.length === 0) continue;
		const mine = owners.map((owner) => `${owner.name} ?= {:user}`).join(' || ');
		const records = await admin
			.collection(collection.name)
			.getFullList<RecordModel>({ filter: filter(admin, mine, { user: userId }) });
		for (const record of records) {
			for (const field of fileFields) {
				const value = record[field.name] as string | string[] | undefined;
				const names = Array.isArray(value) ? value : value ? [value] : [];
				for (const name of names) {
					token ??= await admin.files.getToken();
					const response = await fetch(admin.files.getURL(record, name, { token }));
					if (!response.ok) continue;
					const path = `fichiers/${collection.name}/${record.id}/${name}`;
					files[path] = new Uint8Array(await response.arrayBuffer());
					index.push({ collection: collection.name, record: record.id, field: field.name, path });
				}
			}
		}
	}
	return { files, index };
}

function ownPositions(state: ConsentRound | Election, userId: string) {
	const mine = (position: Position) => position.participantId === userId;
	return {
		positions: [...(state.pastPositions ?? []), ...(state.positions ?? [])].filter(mine),
		objections: (state.objections ?? []).filter((objection) => objection.authorId === userId),
		nominations:
			'nominations' in state
				? state.nominations.filter((nomination) => nomination.voterId === userId)
				: []
	};
}

/** The ZIP of "Mes données": profile, memberships, comments, positions, notifications, files. */
export async function exportPersonalData(
	admin: PocketBase,
	userId: string,
	now: Date
): Promise<Uint8Array> {
	const byUser = (field: string) => filter(admin, `${field} = {:user}`, { user: userId });
	const [
		user,
		links,
		memberships,
		orgMemberships,
		actions,
		threads,
		messages,
		notifications,
		prefs,
		invitations,
		rounds
	] = await Promise.all([
		admin.collection('users').getOne(userId),
		admin
			.collection('_externalAuths')
			.getFullList({ filter: byUser('recordRef'), fields: 'provider,providerId,created' }),
		admin
			.collection('memberships')
			.getFullList({ filter: byUser('user'), expand: 'experiment', sort: 'created' }),
		admin
			.collection('org_memberships')
			.getFullList({ filter: byUser('user'), expand: 'organisation', sort: 'created' }),
		admin
			.collection('follow_ups')
			.getFullList({ filter: byUser('owner'), expand: 'experiment', sort: 'created' }),
		admin
			.collection('review_threads')
			.getFullList({ filter: byUser('author'), expand: 'document', sort: 'created' }),
		admin.collection('review_messages').getFullList({ filter: byUser('author'), sort: 'created' }),
		admin.collection('notifications').getFullList({ filter: byUser('user'), sort: 'created' }),
		admin.collection('notification_prefs').getFullList({ filter: byUser('user') }),
		admin.collection('invitations').getFullList({
			filter: filter(admin, 'invited_by = {:user} || accepted_by = {:user}', { user: userId }),
			expand: 'experiment',
			sort: 'created'
		}),
		admin
			.collection('rounds')
			.getFullList({ filter: 'closed = true', sort: 'created', expand: 'experiment' })
	]);

	const title = (record: RecordModel, relation: string) =>
		(record.expand?.[relation] as { title?: string } | undefined)?.title ?? '';

	const positions = rounds
		.map((round) => {
			const state = round.state as ConsentRound | Election;
			const involved =
				state.participants?.includes(userId) ||
				state.facilitatorId === userId ||
				('proposerId' in state && state.proposerId === userId);
			if (!involved) return null;
			return {
				round: round.id,
				kind: round.kind,
				title: round.title,
				experiment: title(round, 'experiment'),
				closed: state.closedAt,
				...ownPositions(state, userId)
			};
		})
		.filter((entry) => entry !== null);

	const { files, index } = await uploadedFiles(admin, userId);

	const readme = [
		'Trame — vos données personnelles / your personal data',
		`Export du ${formatDateTime(now.toISOString(), 'fr')} pour ${user.email}.`,
		'',
		'profil.json            votre compte (nom, adresse, langue, SIRET, connexion unique)',
		'adhesions.json         les expérimentations dont vous êtes membre et votre rôle',
		'organisations.json     les organisations (Labos) dont vous êtes membre et votre rôle',
		'actions.json           les actions de suivi qui vous sont confiées',
		'commentaires.json      vos fils de commentaires, suggestions et réponses',
		'positions.json         vos positions, objections et nominations dans les tours clos',
		'notifications.json     vos notifications et vos préférences',
		'invitations.json       les invitations que vous avez envoyées ou acceptées',
		'fichiers/              les fichiers que vous avez déposés (index dans fichiers.json)',
		'',
		'Le texte des documents co-écrits et le registre des décisions appartiennent aux',
		'expérimentations : ils ne sont pas dans cet export (voir /donnees-personnelles).'
	].join('\n');

	return zipSync({
		'LISEZMOI.txt': strToU8(`${readme}\n`),
		'profil.json': json({
			id: user.id,
			name: user.name,
			email: user.email,
			verified: user.verified,
			locale: user.locale,
			siret: user.siret ?? '',
			created: user.created,
			updated: user.updated,
			onboarded_at: user.onboarded_at ?? '',
			single_sign_on: links.map((link) => ({
				provider: link.provider,
				providerId: link.providerId,
				created: link.created
			}))
		}),
		'adhesions.json': json(
			memberships.map((membership) => ({
				experiment: membership.experiment,
				experimentTitle: title(membership, 'experiment'),
				role: membership.role,
				since: membership.created
			}))
		),
		'organisations.json': json(
			orgMemberships.map((membership) => ({
				organisation: membership.organisation,
				organisationName:
					(membership.expand?.organisation as { name?: string } | undefined)?.name ?? '',
				role: membership.role,
				since: membership.created
			}))
		),
		'actions.json': json(
			actions.map((action) => ({
				experiment: action.experiment,
				experimentTitle: title(action, 'experiment'),
				what: action.what,
				due: action.due_date ?? '',
				status: action.status,
				created: action.created
			}))
		),
		'commentaires.json': json({
			threads: threads.map((thread) => ({
				id: thread.id,
				document: thread.document,
				documentTitle: title(thread, 'document'),
				kind: thread.kind,
				status: thread.status,
				quote: thread.quote,
				replacement: thread.replacement,
				created: thread.created
			})),
			messages: messages.map((message) => ({
				id: message.id,
				thread: message.thread,
				body: message.body,
				edited: message.edited,
				created: message.created
			}))
		}),
		'positions.json': json(positions),
		'notifications.json': json({
			notifications: notifications.map((n) => ({
				kind: n.kind,
				excerpt: n.excerpt,
				link: n.link,
				read: n.read,
				created: n.created
			})),
			preferences: prefs.map(({ collectionId, collectionName, id, user, ...rest }) => {
				void collectionId;
				void collectionName;
				void id;
				void user;
				return rest;
			})
		}),
		'invitations.json': json(
			invitations.map((invitation) => ({
				experimentTitle: title(invitation, 'experiment'),
				email: invitation.email,
				role: invitation.role,
				sentByMe: invitation.invited_by === userId,
				acceptedByMe: invitation.accepted_by === userId,
				created: invitation.created,
				accepted_at: invitation.accepted_at
			}))
		),
		'fichiers.json': json(index),
		...files
	});
}

export interface BlockingExperiment {
	id: string;
	title: string;
}

/** Experiments where this person is the only coordinator: they must hand over first. */
export async function experimentsToHandOver(
	admin: PocketBase,
	userId: string
): Promise<BlockingExperiment[]> {
	const mine = await admin.collection('memberships').getFullList({
		filter: filter(admin, "user = {:user} && role = 'coordinator'", { user: userId }),
		expand: 'experiment'
	});
	const blocking: BlockingExperiment[] = [];
	for (const membership of mine) {
		const others = await admin.collection('memberships').getList(1, 1, {
			filter: filter(
				admin,
				"experiment = {:experiment} && role = 'coordinator' && user != {:user}",
				{
					experiment: membership.experiment,
					user: userId
				}
			),
			fields: 'id'
		});
		if (others.totalItems === 0) {
			blocking.push({
				id: membership.experiment,
				title: (membership.expand?.experiment as { title?: string } | undefined)?.title ?? ''
			});
		}
	}
	return blocking;
}

export type DeleteResult = { ok: true } | { ok: false; blocking: BlockingExperiment[] };

/**
 * Deletes the account. PocketBase removes with it the memberships, notifications and preferences
 * (cascade) and empties the references elsewhere: comments stay, authored by "compte supprimé";
 * decisions keep the names they snapshotted. Its hook refuses while the person is the last
 * coordinator of an experiment (checked here first for a clear answer).
 */
export async function deleteAccount(admin: PocketBase, userId: string): Promise<DeleteResult> {
	const blocking = await experimentsToHandOver(admin, userId);
	if (blocking.length > 0) return { ok: false, blocking };
	try {
		await admin.collection('users').delete(userId);
	} catch (error) {
		if (error instanceof ClientResponseError && error.status === 400) {
			return { ok: false, blocking: await experimentsToHandOver(admin, userId) };
		}
		throw error;
	}
	return { ok: true };
}
