/**
 * Generated bad input, through the real production server and a real PocketBase: for every field
 * of every form and JSON command (their schemas, src/lib/schemas), values just over each limit
 * (tests/support/bad-values.ts) are sent the way a browser or a script would. Each must get a 4xx
 * with a French error on THAT field (and no other: the rest of the input was valid), nothing may
 * be stored, and nothing may answer 5xx. Every action and mutating endpoint under src/routes is
 * listed here, with its schema or the reason it reads no input.
 * Needs `npm run build` first.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CollectionModel } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../scripts/lib/pocketbase.mjs';
import { SESSION_COOKIE } from '../../src/lib/collab/protocol';
import type { UsersRecord } from '../../src/lib/pocketbase/types';
import { dateOrderOf, fieldSpecs } from '../../src/lib/schemas/fields';
import { SCHEMAS } from '../../src/lib/schemas/index';
import { createDocumentWithTemplate } from '../../src/lib/server/documents';
import { startConsentRound, startElection } from '../../src/lib/server/governance/rounds';
import { createInvitation } from '../../src/lib/server/invitations';
import { propose } from '../../src/lib/server/resources/editorial';
import { reviewContext } from '../../src/lib/server/review/context';
import { createThread } from '../../src/lib/server/review/threads';
import { saveVersion } from '../../src/lib/server/review/versions';
import { badCases, isOmit, isRaw, type BadCase, type BadValue } from '../support/bad-values';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import { startTrameServerProcess, type TrameServerProcess } from '../support/trame-server';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD_DIR = join(ROOT, 'build');
if (!existsSync(join(BUILD_DIR, 'handler.js')))
	throw new Error(`no production build in ${BUILD_DIR}: run \`npm run build\` first`);

const PASSWORD = 'mot-de-passe-solide';
const CONCURRENCY = 6;

type Transport = 'form' | 'form-json' | 'json' | 'query';

interface Surface {
	/** What it is, for the test name. */
	name: string;
	/** The route handlers it exercises: `<route file>#<action name or HTTP method>`. */
	covers: string[];
	schema: string;
	transport: Transport;
	method?: 'POST' | 'PUT' | 'PATCH' | 'GET';
	path: () => string;
	base: () => Record<string, unknown>;
	signedIn?: boolean;
	/** Who sends it (the coordinator by default; a member who coordinates nothing can leave). */
	as?: 'coordinator' | 'member';
}

/** Route handlers that read no input from their body or query (beyond ids in the path). */
const NO_INPUT: Record<string, string> = {
	'src/routes/deconnexion/+page.server.ts#default': 'signs out: no field',
	'src/routes/invitation/[token]/+page.server.ts#accept': 'accepts the invitation of the path',
	'src/routes/notifications/+page.server.ts#readAll': 'marks every notification read',
	'src/routes/experiences/[id]/seances/[seance]/+page.server.ts#cancel':
		'cancels the séance (after a confirmation): no field',
	'src/routes/api/onboarding/+server.ts#POST': 'marks the guide done: no body',
	'src/routes/api/review/documents/[id]/messages/[message]/+server.ts#DELETE':
		'deletes the message of the path',
	'src/routes/api/review/documents/[id]/publication/+server.ts#DELETE': 'unpublishes: no body',
	'src/routes/api/review/documents/[id]/versions/[version]/restore/+server.ts#POST':
		'restores the version of the path: no body',
	'src/routes/api/review/documents/[id]/visit/+server.ts#POST':
		'records that the reader opened the document of the path: no body',
	'src/routes/compte/+page.server.ts#sessions': 'ends every session of the account: no field',
	'src/routes/calendrier/+page.server.ts#renew': 'makes a new calendar link: no field',
	'src/routes/calendrier/+page.server.ts#revoke': 'revokes the calendar link: no field'
};

/**
 * Route handlers whose input is a file: bad files (type, size, disguise, zip bomb, corrupt image,
 * unsafe SVG) have their own tables, through the same production server.
 */
const FILE_INPUT: Record<string, string> = {
	'src/routes/documents/[id]/fichiers/+server.ts#POST': 'tests/integration/document-files.test.ts',
	'src/routes/documents/[id]/importer/+page.server.ts#analyser':
		'tests/integration/import-http.test.ts, import-converter.test.ts (bad files)',
	'src/routes/documents/[id]/importer/+page.server.ts#confirmer':
		'tests/integration/import-service.test.ts (renamed section, no right: nothing written)',
	'src/routes/experiences/[id]/importer/+page.server.ts#analyser':
		'tests/integration/import-http.test.ts, import-converter.test.ts (bad files)',
	'src/routes/experiences/[id]/importer/+page.server.ts#confirmer':
		'tests/integration/import-service.test.ts (bad file, no right: nothing created)'
};

let pb: TestPocketBase;
let server: TrameServerProcess;
let coordinator: UsersRecord;
let member: UsersRecord;
let other: UsersRecord;
let cookie = '';
let memberCookie = '';
const ids = {
	experiment: '',
	document: '',
	thread: '',
	message: '',
	version: '',
	invitation: '',
	invitationToken: '',
	membership: '',
	notification: '',
	consentRound: '',
	election: '',
	seance: '',
	seanceItem: '',
	organisation: '',
	orgMembership: ''
};

/** A link token as PocketBase mails it: only its payload is read before PocketBase checks it. */
function linkToken(type: 'passwordReset' | 'emailChange') {
	const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
	const exp = Math.floor(Date.now() / 1000) + 3600;
	return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ type, exp, newEmail: 'nouvelle@trame.test' })}.c2lnbmF0dXJl`;
}

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const anchor = {
	from: { item: { client: 1, clock: 0 }, assoc: 0 },
	to: { item: { client: 1, clock: 4 }, assoc: -1 }
};

const review = (path = '') => `/api/review/documents/${ids.document}${path}`;
const REVIEW_ROUTE = 'src/routes/api/review/documents/[id]';

const SURFACES: Surface[] = [
	{
		name: 'sign-in',
		covers: ['src/routes/connexion/+page.server.ts#default'],
		schema: 'workspace.signIn',
		transport: 'form',
		signedIn: false,
		path: () => '/connexion',
		base: () => ({ email: 'personne@trame.test', password: 'un-mot-de-passe' })
	},
	{
		name: 'new séance',
		covers: ['src/routes/experiences/[id]/seances/nouvelle/+page.server.ts#default'],
		schema: 'seances.seance',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}/seances/nouvelle`,
		base: () => ({
			title: 'COPIL de printemps',
			startsOn: '02/04/2027',
			startsTime: '18:30',
			durationMinutes: '120',
			place: 'Mairie',
			visioUrl: 'https://visio.example.org/copil',
			quorum: '3',
			facilitator: coordinator.id,
			secretary: member.id
		})
	},
	{
		name: 'edit séance',
		covers: ['src/routes/experiences/[id]/seances/[seance]/modifier/+page.server.ts#default'],
		schema: 'seances.seance',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}/seances/${ids.seance}/modifier`,
		base: () => ({
			title: 'COPIL',
			startsOn: '02/05/2027',
			startsTime: '10:00',
			durationMinutes: '90',
			place: '',
			visioUrl: '',
			quorum: '0',
			facilitator: '',
			secretary: ''
		})
	},
	{
		name: 'agenda item',
		covers: ['src/routes/experiences/[id]/seances/[seance]/+page.server.ts#addItem'],
		schema: 'seances.agendaItem',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}/seances/${ids.seance}?/addItem`,
		base: () => ({ title: 'Tour de météo', durationMinutes: '10', kind: 'information' })
	},
	{
		name: 'suggested agenda items',
		covers: ['src/routes/experiences/[id]/seances/[seance]/+page.server.ts#addSuggested'],
		schema: 'seances.agendaPicks',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}/seances/${ids.seance}?/addSuggested`,
		base: () => ({ picks: [ids.consentRound], overdue: 'on' })
	},
	{
		name: 'move agenda item',
		covers: ['src/routes/experiences/[id]/seances/[seance]/+page.server.ts#moveItem'],
		schema: 'seances.moveItem',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}/seances/${ids.seance}?/moveItem`,
		base: () => ({ item: ids.seanceItem, direction: 'down' })
	},
	{
		name: 'remove agenda item',
		covers: ['src/routes/experiences/[id]/seances/[seance]/+page.server.ts#deleteItem'],
		schema: 'seances.itemRef',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}/seances/${ids.seance}?/deleteItem`,
		base: () => ({ item: ids.seanceItem })
	},
	{
		name: 'attendance',
		covers: ['src/routes/experiences/[id]/seances/[seance]/+page.server.ts#attendance'],
		schema: 'seances.attendance',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}/seances/${ids.seance}?/attendance`,
		base: () => ({ user: member.id, status: 'remote' })
	},
	{
		name: 'follow-up action',
		covers: ['src/routes/experiences/[id]/seances/[seance]/+page.server.ts#addAction'],
		schema: 'seances.followUp',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}/seances/${ids.seance}?/addAction`,
		base: () => ({
			what: 'Envoyer le budget',
			owner: member.id,
			dueDate: '2027-05-15',
			seanceItem: ids.seanceItem
		})
	},
	{
		name: 'run a séance (start, next, close)',
		covers: ['src/routes/experiences/[id]/seances/[seance]/+page.server.ts#run'],
		schema: 'seances.runStep',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}/seances/${ids.seance}?/run`,
		base: () => ({ command: 'close', from: ids.seanceItem })
	},
	{
		name: 'consent round from an agenda item',
		covers: ['src/routes/experiences/[id]/seances/[seance]/+page.server.ts#itemRound'],
		schema: 'seances.itemRound',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}/seances/${ids.seance}?/itemRound`,
		base: () => ({ item: ids.seanceItem, text: 'Le COPIL adopte la charte.', proposer: member.id })
	},
	{
		name: 'follow-up action status',
		covers: ['src/routes/experiences/[id]/actions/+page.server.ts#status'],
		schema: 'seances.followUpStatus',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}/actions?/status`,
		base: () => ({ action: ids.seanceItem, status: 'done' })
	},
	{
		name: 'follow-up action from the actions page',
		covers: ['src/routes/experiences/[id]/actions/+page.server.ts#create'],
		schema: 'seances.followUpFrom',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}/actions?/create`,
		base: () => ({ what: 'Relancer la mairie', owner: member.id, dueDate: '2027-05-15' })
	},
	{
		name: 'new experiment',
		covers: ['src/routes/experiences/nouvelle/+page.server.ts#default'],
		schema: 'workspace.experiment',
		transport: 'form',
		path: () => '/experiences/nouvelle',
		base: () => ({
			title: 'Budget participatif des écoles',
			territoryName: 'Villeurbanne',
			territoryType: 'commune',
			enjeux: ['confiance', 'co_decision'],
			summary: 'Un résumé\nsur deux lignes.',
			startDate: '2027-01-15',
			endDate: '31/12/2027'
		})
	},
	{
		name: 'edit experiment',
		covers: ['src/routes/experiences/[id]/modifier/+page.server.ts#default'],
		schema: 'workspace.experiment',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}/modifier`,
		base: () => ({
			title: 'Assemblée citoyenne',
			territoryName: 'Val de Brenne',
			territoryType: 'intercommunalite',
			enjeux: ['diversification'],
			summary: '',
			startDate: '',
			endDate: ''
		})
	},
	{
		name: 'experiment status',
		covers: ['src/routes/experiences/[id]/+page.server.ts#changeStatus'],
		schema: 'workspace.experimentStatus',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}?/changeStatus`,
		base: () => ({ status: 'conception' })
	},
	{
		name: 'new document',
		covers: ['src/routes/experiences/[id]/+page.server.ts#createDocument'],
		schema: 'workspace.newDocument',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}?/createDocument`,
		base: () => ({ kind: 'libre', title: 'Notes de terrain', source: '' })
	},
	{
		name: 'rename document',
		covers: ['src/routes/experiences/[id]/+page.server.ts#renameDocument'],
		schema: 'workspace.renameDocument',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}?/renameDocument`,
		base: () => ({ document: ids.document, title: 'Protocole révisé' })
	},
	{
		name: 'archive document',
		covers: ['src/routes/experiences/[id]/+page.server.ts#archiveDocument'],
		schema: 'workspace.documentRef',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}?/archiveDocument`,
		base: () => ({ document: ids.document })
	},
	{
		name: 'delete document',
		covers: ['src/routes/experiences/[id]/+page.server.ts#deleteDocument'],
		schema: 'workspace.documentRef',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}?/deleteDocument`,
		base: () => ({ document: ids.document })
	},
	{
		name: 'restore document',
		covers: ['src/routes/experiences/[id]/+page.server.ts#restoreDocument'],
		schema: 'workspace.documentRef',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}?/restoreDocument`,
		base: () => ({ document: ids.document })
	},
	{
		name: 'invite',
		covers: ['src/routes/experiences/[id]/membres/+page.server.ts#invite'],
		schema: 'workspace.invite',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}/membres?/invite`,
		base: () => ({ email: 'nouvelle@trame.test', role: 'observer' })
	},
	{
		name: 'change role',
		covers: ['src/routes/experiences/[id]/membres/+page.server.ts#changeRole'],
		schema: 'workspace.changeRole',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}/membres?/changeRole`,
		base: () => ({ membership: ids.membership, role: 'partner' })
	},
	{
		name: 'propose a document for publication',
		covers: ['src/routes/documents/[id]/publication/+page.server.ts#propose'],
		schema: 'resources.proposal',
		transport: 'form',
		path: () => `/documents/${ids.document}/publication?/propose`,
		base: () => ({
			kind: 'fiche_retour',
			summary: 'Ce que nous avons appris.',
			enjeux: ['confiance'],
			territoryType: 'commune',
			year: '2026',
			authors: 'Camille Durand',
			licence: 'cc-by-sa-4.0'
		})
	},
	...(['comment', 'requestChanges'] as const).map((action) => ({
		name: `editorial ${action}`,
		covers: [`src/routes/documents/[id]/publication/+page.server.ts#${action}`],
		schema: 'resources.editorialRequired',
		transport: 'form' as const,
		path: () => `/documents/${ids.document}/publication?/${action}`,
		base: () => ({ body: 'Ajoutez les chiffres.' })
	})),
	{
		name: 'editorial publish',
		covers: ['src/routes/documents/[id]/publication/+page.server.ts#publish'],
		schema: 'resources.editorialNote',
		transport: 'form',
		path: () => `/documents/${ids.document}/publication?/publish`,
		base: () => ({ body: 'Relu.' })
	},
	{
		name: 'add organisation member',
		covers: ['src/routes/organisations/[id]/+page.server.ts#add'],
		schema: 'organisation.addOrgMember',
		transport: 'form',
		path: () => `/organisations/${ids.organisation}?/add`,
		base: () => ({ email: 'karim@trame.test', role: 'team' })
	},
	{
		name: 'change organisation role',
		covers: ['src/routes/organisations/[id]/+page.server.ts#changeRole'],
		schema: 'organisation.changeOrgRole',
		transport: 'form',
		path: () => `/organisations/${ids.organisation}?/changeRole`,
		base: () => ({ membership: ids.orgMembership, role: 'team' })
	},
	{
		name: 'remove organisation member',
		covers: ['src/routes/organisations/[id]/+page.server.ts#remove'],
		schema: 'organisation.orgMembershipRef',
		transport: 'form',
		path: () => `/organisations/${ids.organisation}?/remove`,
		base: () => ({ membership: ids.orgMembership })
	},
	{
		name: 'remove member',
		covers: ['src/routes/experiences/[id]/membres/+page.server.ts#remove'],
		schema: 'workspace.membershipRef',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}/membres?/remove`,
		base: () => ({ membership: ids.membership })
	},
	{
		name: 'revoke invitation',
		covers: ['src/routes/experiences/[id]/membres/+page.server.ts#revoke'],
		schema: 'workspace.invitationRef',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}/membres?/revoke`,
		base: () => ({ invitation: ids.invitation })
	},
	{
		name: 'renew invitation',
		covers: ['src/routes/experiences/[id]/membres/+page.server.ts#renew'],
		schema: 'workspace.invitationRef',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}/membres?/renew`,
		base: () => ({ invitation: ids.invitation })
	},
	{
		name: 'account from an invitation',
		covers: ['src/routes/invitation/[token]/+page.server.ts#createAccount'],
		schema: 'workspace.newAccount',
		transport: 'form',
		signedIn: false,
		path: () => `/invitation/${ids.invitationToken}?/createAccount`,
		base: () => ({ name: 'Nadia Haddad', password: PASSWORD })
	},
	{
		name: 'forgotten password',
		covers: ['src/routes/mot-de-passe-oublie/+page.server.ts#default'],
		schema: 'accounts.forgotPassword',
		transport: 'form',
		signedIn: false,
		path: () => '/mot-de-passe-oublie',
		base: () => ({ email: 'camille@trame.test' })
	},
	{
		name: 'new password from a link',
		covers: ['src/routes/mot-de-passe/nouveau/[token]/+page.server.ts#default'],
		schema: 'accounts.newPassword',
		transport: 'form',
		signedIn: false,
		path: () => `/mot-de-passe/nouveau/${linkToken('passwordReset')}`,
		base: () => ({ password: 'nouveau-mot-de-passe', passwordConfirm: 'nouveau-mot-de-passe' })
	},
	{
		name: 'profile',
		covers: ['src/routes/compte/+page.server.ts#profile'],
		schema: 'accounts.profile',
		transport: 'form',
		path: () => '/compte?/profile',
		base: () => ({ name: 'Camille Rousseau', locale: 'fr' })
	},
	{
		name: 'password change',
		covers: ['src/routes/compte/+page.server.ts#password'],
		schema: 'accounts.changePassword',
		transport: 'form',
		path: () => '/compte?/password',
		base: () => ({
			oldPassword: PASSWORD,
			password: 'nouveau-mot-de-passe',
			passwordConfirm: 'nouveau-mot-de-passe'
		})
	},
	{
		name: 'address change',
		covers: ['src/routes/compte/+page.server.ts#email'],
		schema: 'accounts.changeEmail',
		transport: 'form',
		path: () => '/compte?/email',
		base: () => ({ newEmail: 'nouvelle@trame.test' })
	},
	{
		name: 'address change confirmed',
		covers: ['src/routes/compte/adresse/[token]/+page.server.ts#default'],
		schema: 'accounts.confirmEmailChange',
		transport: 'form',
		signedIn: false,
		path: () => `/compte/adresse/${linkToken('emailChange')}`,
		base: () => ({ password: PASSWORD })
	},
	{
		name: 'account deletion',
		covers: ['src/routes/compte/supprimer/+page.server.ts#default'],
		schema: 'accounts.deleteAccount',
		transport: 'form',
		as: 'member',
		path: () => '/compte/supprimer',
		base: () => ({ confirmEmail: 'aicha@trame.test' })
	},
	{
		name: 'language',
		covers: ['src/routes/langue/+server.ts#POST'],
		schema: 'account.language',
		transport: 'form-json',
		path: () => '/langue',
		base: () => ({ locale: 'fr', redirectTo: '/' })
	},
	{
		name: 'notification read',
		covers: ['src/routes/notifications/+page.server.ts#read'],
		schema: 'account.notificationRead',
		transport: 'form',
		path: () => '/notifications?/read',
		base: () => ({ id: ids.notification })
	},
	{
		name: 'notification preferences',
		covers: ['src/routes/notifications/+page.server.ts#prefs'],
		schema: 'account.notificationPrefs',
		transport: 'form',
		path: () => '/notifications?/prefs',
		base: () => ({ mute_mentions: 'on' })
	},
	{
		name: 'new consent round',
		covers: ['src/routes/experiences/[id]/decisions/nouvelle/+page.server.ts#consent'],
		schema: 'governance.newConsentRound',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}/decisions/nouvelle?/consent`,
		base: () => ({
			title: 'Adopter le calendrier',
			source: '',
			section: '8. Calendrier',
			text: 'Le COPIL se réunit\nchaque trimestre.',
			proposer: member.id,
			participants: [coordinator.id, member.id],
			remoteDeadline: tomorrow().split('-').reverse().join('/'),
			remoteDeadlineTime: '18:00',
			mode: 'live'
		})
	},
	{
		name: 'new asynchronous consent round',
		covers: ['src/routes/experiences/[id]/decisions/nouvelle/+page.server.ts#consent'],
		schema: 'governance.newConsentRound',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}/decisions/nouvelle?/consent`,
		base: () => ({
			title: 'Adopter le calendrier à distance',
			source: '',
			section: '8. Calendrier',
			text: 'Le COPIL se réunit\nchaque trimestre.',
			proposer: member.id,
			participants: [coordinator.id, member.id],
			mode: 'async',
			windowDays: '7',
			windowReviewDate: '15/01/2030'
		})
	},
	{
		name: 'new election',
		covers: ['src/routes/experiences/[id]/decisions/nouvelle/+page.server.ts#election'],
		schema: 'governance.newElection',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}/decisions/nouvelle?type=election&/election`,
		base: () => ({
			title: 'Secrétaire de séance',
			mission: 'Prendre les notes du COPIL.',
			skills: '',
			termMonths: '12',
			participants: [coordinator.id, member.id],
			copilDocument: ids.document
		})
	},
	{
		name: 'new thread',
		covers: [`${REVIEW_ROUTE}/+server.ts#POST`],
		schema: 'review.newThread',
		transport: 'json',
		path: () => review(),
		base: () => ({
			kind: 'comment',
			anchor,
			quote: 'Contexte',
			body: 'À préciser.',
			replacement: ''
		})
	},
	{
		name: 'reply',
		covers: [`${REVIEW_ROUTE}/threads/[thread]/+server.ts#POST`],
		schema: 'review.messageBody',
		transport: 'json',
		path: () => review(`/threads/${ids.thread}`),
		base: () => ({ body: 'Je réponds.' })
	},
	{
		name: 'thread status',
		covers: [`${REVIEW_ROUTE}/threads/[thread]/+server.ts#PATCH`],
		schema: 'review.threadStatus',
		transport: 'json',
		method: 'PATCH',
		path: () => review(`/threads/${ids.thread}`),
		base: () => ({ change: 'resolve' })
	},
	{
		name: 'tracked change message',
		covers: [`${REVIEW_ROUTE}/changes/+server.ts#POST`],
		schema: 'review.changeMessage',
		transport: 'json',
		path: () => review('/changes'),
		base: () => ({
			changeId: 'badinput1',
			changeAuthor: '',
			anchor,
			deleted: 'Contexte',
			inserted: 'Le contexte',
			body: 'À discuter.'
		})
	},
	{
		name: 'tracked change decision',
		covers: [`${REVIEW_ROUTE}/changes/decisions/+server.ts#POST`],
		schema: 'review.changeDecision',
		transport: 'json',
		path: () => review('/changes/decisions'),
		base: () => ({
			changeId: 'badinput2',
			changeAuthor: '',
			anchor,
			deleted: 'Contexte',
			inserted: '',
			decision: 'accept'
		})
	},
	{
		name: 'edit message',
		covers: [`${REVIEW_ROUTE}/messages/[message]/+server.ts#PATCH`],
		schema: 'review.messageBody',
		transport: 'json',
		method: 'PATCH',
		path: () => review(`/messages/${ids.message}`),
		base: () => ({ body: 'Corrigé.' })
	},
	{
		name: 'named version',
		covers: [`${REVIEW_ROUTE}/versions/+server.ts#POST`],
		schema: 'review.namedVersion',
		transport: 'json',
		path: () => review('/versions'),
		base: () => ({ name: 'Version soumise au COPIL' })
	},
	{
		name: 'publication',
		covers: [`${REVIEW_ROUTE}/publication/+server.ts#PUT`],
		schema: 'review.publish',
		transport: 'json',
		method: 'PUT',
		path: () => review('/publication'),
		base: () => ({ versionId: ids.version })
	},
	{
		name: 'export',
		covers: ['src/routes/documents/[id]/export/+server.ts#GET'],
		schema: 'review.exportQuery',
		transport: 'query',
		method: 'GET',
		path: () => `/documents/${ids.document}/export`,
		base: () => ({ format: 'md', version: ids.version, commentaires: '1' })
	},
	// The resource centre's query (search words and facets): the same schema for its page
	// (/ressources, a 400 page: tests/integration/resource-centre.test.ts), its three feeds and
	// its embeddable list, each read by a signed-out visitor.
	...(
		[
			['resource feed (RSS)', 'rss.xml'],
			['resource feed (Atom)', 'atom.xml'],
			['resource feed (JSON Feed)', 'feed.json'],
			['embeddable resource list', 'integrer']
		] as const
	).map(([name, route]): Surface => ({
		name,
		covers: [`src/routes/ressources/${route}/+server.ts#GET`],
		schema: 'resources.catalogueQuery',
		transport: 'query',
		method: 'GET',
		signedIn: false,
		path: () => `/ressources/${route}`,
		base: () => ({
			q: 'budget participatif',
			kind: 'fiche_retour',
			enjeu: 'confiance',
			territoire: 'commune',
			annee: '2026',
			experience: ids.experiment
		})
	})),
	{
		name: 'procès-verbal',
		covers: ['src/routes/experiences/[id]/decisions/proces-verbal/+server.ts#GET'],
		schema: 'governance.procesVerbalQuery',
		transport: 'query',
		method: 'GET',
		path: () => `/experiences/${ids.experiment}/decisions/proces-verbal`,
		base: () => ({ format: 'pdf', decision: 'abcdefghijklmno' })
	},
	{
		name: 'organisation search-engine choice',
		covers: ['src/routes/organisations/[id]/+page.server.ts#indexing'],
		schema: 'organisation.orgIndexing',
		transport: 'form',
		path: () => `/organisations/${ids.organisation}?/indexing`,
		base: () => ({ indexing: 'on' })
	},
	{
		name: 'séance procès-verbal',
		covers: ['src/routes/experiences/[id]/seances/[seance]/proces-verbal/+server.ts#GET'],
		schema: 'minutes.recordQuery',
		transport: 'query',
		method: 'GET',
		path: () => `/experiences/${ids.experiment}/seances/${ids.seance}/proces-verbal`,
		base: () => ({ format: 'pdf' })
	},
	{
		name: 'compte rendu generation',
		covers: ['src/routes/experiences/[id]/seances/[seance]/+page.server.ts#minutes'],
		schema: 'minutes.minutesForm',
		transport: 'form',
		path: () => `/experiences/${ids.experiment}/seances/${ids.seance}?/minutes`,
		base: () => ({ replace: '1' })
	},
	{
		name: 'write-back choice',
		covers: ['src/routes/rounds/[id]/writeback/+server.ts#POST'],
		schema: 'governance.writebackChoice',
		transport: 'json',
		path: () => `/rounds/${ids.consentRound}/writeback`,
		base: () => ({ choice: 'merge', currentHash: 'a'.repeat(64), text: 'Texte fusionné.' })
	},
	...commandSurfaces()
];

/** One surface per round command, on an open round of its kind. */
function commandSurfaces(): Surface[] {
	const events = 'src/routes/rounds/[id]/events/+server.ts#POST';
	const objection = 'abcdefghijklmno';
	const goAround = () => ({ order: [coordinator.id, member.id], shuffle: false, turnSeconds: 90 });
	const consent: Record<string, () => Record<string, unknown>> = {
		advance: () => ({}),
		amend: () => ({ text: 'Texte amendé.' }),
		start_go_around: goAround,
		next_speaker: () => ({}),
		pass: () => ({}),
		record_position: () => ({ kind: 'objection', text: 'Pas prêt.', anchor: 'trimestre' }),
		reveal: () => ({}),
		test_objection: () => ({ objectionId: objection, reasoned: true, reason: 'Argumentée.' }),
		withdraw_objection: () => ({ objectionId: objection }),
		integrate_objection: () => ({ objectionId: objection, version: 2 }),
		mark_absent: () => ({ participantId: member.id }),
		adopt: () => ({ reviewDate: tomorrow() }),
		record_input: () => ({ text: 'Pourquoi chaque trimestre ?' }),
		answer_input: () => ({ inputId: objection, text: 'Pour suivre le budget.' }),
		withdraw: () => ({ reason: 'Retirée.' }),
		postpone: () => ({ reason: 'Reportée.' })
	};
	const election: Record<string, () => Record<string, unknown>> = {
		advance: () => ({}),
		describe: () => ({
			role: { title: 'Secrétaire', mission: 'Noter.', skills: '', termMonths: 12 }
		}),
		nominate: () => ({ nomineeId: member.id }),
		propose: () => ({ nomineeId: member.id, rationale: 'Rigoureuse.' }),
		record_position: () => ({ kind: 'consent', text: '' }),
		test_objection: () => ({ objectionId: objection, reasoned: false, reason: '' }),
		withdraw_objection: () => ({ objectionId: objection }),
		integrate_objection: () => ({ objectionId: objection }),
		start_go_around: goAround,
		next_speaker: () => ({}),
		pass: () => ({}),
		mark_absent: () => ({ participantId: member.id }),
		elect: () => ({ termStart: tomorrow() }),
		cancel: () => ({})
	};
	const surfaces = (kind: 'consent' | 'election', bases: typeof consent): Surface[] =>
		Object.entries(bases).map(([type, base]) => ({
			name: `${kind} command ${type}`,
			covers: [events],
			schema: `governance.${kind}.${type}`,
			transport: 'json' as const,
			path: () => `/rounds/${kind === 'consent' ? ids.consentRound : ids.election}/events`,
			base: () => ({ type, ...base() })
		}));
	return [...surfaces('consent', consent), ...surfaces('election', election)];
}

// --- Sending ------------------------------------------------------------------------------------

function urlencoded(record: Record<string, BadValue | unknown>): string {
	const parts: string[] = [];
	for (const [name, value] of Object.entries(record)) {
		if (value === undefined || isOmit(value as BadValue)) continue;
		const key = encodeURIComponent(name);
		if (isRaw(value as BadValue)) parts.push(`${key}=${(value as { raw: string }).raw}`);
		else if (Array.isArray(value))
			for (const item of value) parts.push(`${key}=${encodeURIComponent(String(item))}`);
		else parts.push(`${key}=${encodeURIComponent(String(value))}`);
	}
	return parts.join('&');
}

function jsonBody(record: Record<string, unknown>): string {
	const body: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(record)) {
		if (!isOmit(value as BadValue)) body[name] = value;
	}
	return JSON.stringify(body);
}

/** Sets `path` (dot path into nested objects) of a copy of `base`. */
function withValue(base: Record<string, unknown>, path: string, value: BadValue) {
	const copy = structuredClone(base);
	const keys = path.split('.');
	let target = copy as Record<string, unknown>;
	for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
	target[keys.at(-1)!] = value;
	return copy;
}

async function send(surface: Surface, record: Record<string, unknown>, raw?: string) {
	const headers: Record<string, string> = { origin: server.url };
	if (surface.signedIn !== false) headers.cookie = surface.as === 'member' ? memberCookie : cookie;
	let path = surface.path();
	let body: string | undefined;
	if (surface.transport === 'query') {
		path += `${path.includes('?') ? '&' : '?'}${urlencoded(record)}${raw ?? ''}`;
	} else if (surface.transport === 'json') {
		headers['content-type'] = 'application/json';
		body = raw ?? jsonBody(record);
	} else {
		headers['content-type'] = 'application/x-www-form-urlencoded';
		// A plain form submission (no JavaScript): the page renders the errors.
		headers.accept = 'text/html,application/xhtml+xml';
		body = raw ?? urlencoded(record);
	}
	return fetch(`${server.url}${path}`, {
		method: surface.method ?? (surface.transport === 'query' ? 'GET' : 'POST'),
		headers,
		body,
		redirect: 'manual',
		signal: AbortSignal.timeout(30_000)
	});
}

// --- Reading the answer ----------------------------------------------------------------------

const decode = (html: string) =>
	html
		.replace(/<!--[\s\S]*?-->/g, '')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&')
		.trim();

/** Field errors as the page shows them (`data-field-error`, see FieldError.svelte). */
function htmlFieldErrors(html: string): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const match of html.matchAll(/<p[^>]*data-field-error="([^"]+)"[^>]*>([\s\S]*?)<\/p>/g)) {
		errors[match[1]!] ??= decode(match[2]!);
	}
	return errors;
}

async function fieldErrorsOf(
	surface: Surface,
	response: Response
): Promise<Record<string, string>> {
	const text = await response.text();
	if (surface.transport === 'form') return htmlFieldErrors(text);
	const body = JSON.parse(text) as { fields?: Record<string, { message?: string }> };
	return Object.fromEntries(
		Object.entries(body.fields ?? {}).map(([name, error]) => [name, String(error.message)])
	);
}

/** Every French (and English) message template, as a pattern its parameters may fill. */
function messagePatterns(locale: 'fr' | 'en'): RegExp[] {
	const files = [join(ROOT, 'messages', `${locale}.json`)];
	for (const area of readdirSync(join(ROOT, 'messages'))) {
		const file = join(ROOT, 'messages', area, `${locale}.json`);
		if (existsSync(file)) files.push(file);
	}
	return files.flatMap((file) =>
		Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)
			.filter(([key, value]) => key !== '$schema' && typeof value === 'string')
			// A template made mostly of parameters ("{tables}: {rows}") would match any sentence.
			.filter(
				([, value]) =>
					(value as string).replace(/\{[^}]+\}/g, '').replace(/[^\p{L}]/gu, '').length >= 6
			)
			.map(([, value]) => {
				const pattern = (value as string)
					.replace(/[.*+?^$()|[\]\\]/g, '\\$&')
					.replace(/\{[^}]+\}/g, '[\\s\\S]+?');
				return new RegExp(`^${pattern}$`);
			})
	);
}

const FRENCH = messagePatterns('fr');
const ENGLISH = messagePatterns('en');
const isFrench = (message: string) =>
	FRENCH.some((p) => p.test(message)) && !ENGLISH.some((p) => p.test(message));

// --- Nothing stored ------------------------------------------------------------------------------

let collections: CollectionModel[] = [];

async function snapshot(): Promise<string[]> {
	const rows = await Promise.all(
		collections.map(async (collection) =>
			(await pb.admin.collection(collection.name).getFullList({ sort: 'id' })).map(
				(record) => `${collection.name} ${JSON.stringify(record)}`
			)
		)
	);
	return rows.flat();
}

// --- Coverage: every action and mutating endpoint ----------------------------------------------

function routeHandlers(): string[] {
	const found: string[] = [];
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir)) {
			const path = join(dir, entry);
			if (statSync(path).isDirectory()) walk(path);
			else if (entry === '+page.server.ts' || entry === '+server.ts') {
				const source = readFileSync(path, 'utf8');
				const file = relative(ROOT, path).split('\\').join('/');
				if (entry === '+server.ts') {
					for (const m of source.matchAll(/export const (POST|PUT|PATCH|DELETE|GET)\b/g))
						found.push(`${file}#${m[1]}`);
				} else {
					const actions =
						/export const actions[^=]*=\s*\{([\s\S]*)\};?\s*$/.exec(source)?.[1] ?? '';
					for (const m of actions.matchAll(/^\t(\w+): /gm)) found.push(`${file}#${m[1]}`);
				}
			}
		}
	};
	walk(join(ROOT, 'src', 'routes'));
	return found;
}

/** GET endpoints that read no validated query (their query is filters or none). */
const GET_WITHOUT_INPUT = new Set([
	// Who owns each Yjs client id of the document of the path ("Qui a écrit quoi"): no query.
	'src/routes/documents/[id]/auteurs/+server.ts#GET',
	// The personal-data ZIP of the signed-in person: no query.
	'src/routes/compte/donnees/+server.ts#GET',
	// Single sign-on: `redirectTo` goes through safeRedirectTarget, `invitation` through the
	// pending sign-in's schema; the return's `code` and `state` are checked against its cookie.
	'src/routes/connexion/sso/+server.ts#GET',
	'src/routes/connexion/sso/retour/+server.ts#GET',
	'src/routes/api/live/+server.ts#GET',
	'src/routes/api/review/inbox/+server.ts#GET',
	`${REVIEW_ROUTE}/+server.ts#GET`,
	`${REVIEW_ROUTE}/publication/+server.ts#GET`,
	`${REVIEW_ROUTE}/versions/+server.ts#GET`,
	'src/routes/experiences/[id]/decisions/export.csv/+server.ts#GET',
	// The calendar feed: the token of the path only (unknown → 404, tests/integration/seances-calendar.test.ts).
	'src/routes/calendrier/[token].ics/+server.ts#GET',
	'src/routes/rounds/[id]/view/+server.ts#GET',
	// Where a closed round's adopted text stands in its document; the decisions about a document.
	'src/routes/rounds/[id]/writeback/+server.ts#GET',
	'src/routes/api/documents/[id]/decisions/+server.ts#GET',
	// A file by its key; `largeur` is read as a whole number in range or ignored (files/serve.ts).
	'src/routes/documents/[id]/fichiers/[key]/+server.ts#GET',
	'src/routes/public/[slug]/fichiers/[key]/+server.ts#GET',
	// The public pages for search engines, and robots.txt: no query.
	'src/routes/sitemap.xml/+server.ts#GET',
	'src/routes/robots.txt/+server.ts#GET'
]);

// --- Setup ---------------------------------------------------------------------------------------

beforeAll(async () => {
	pb = await startTestPocketBase();
	[coordinator, member, other] = (await Promise.all(
		['camille', 'karim', 'aicha'].map((name) =>
			pb.createUser({ email: `${name}@trame.test`, password: PASSWORD, name })
		)
	)) as [UsersRecord, UsersRecord, UsersRecord];
	const coordinatorClient = await pb.userClient(coordinator.email!, PASSWORD);
	cookie = `${SESSION_COOKIE}=${coordinatorClient.authStore.token}`;
	memberCookie = `${SESSION_COOKIE}=${(await pb.userClient(other.email!, PASSWORD)).authStore.token}`;
	ids.experiment = (
		await pb.createExperiment(coordinatorClient, {
			title: 'Assemblée citoyenne',
			territory_name: 'Val de Brenne',
			territory_type: 'intercommunalite',
			enjeux: ['diversification']
		})
	).id;
	await pb.addMember(ids.experiment, member.id, 'evaluator');
	ids.membership = (await pb.addMember(ids.experiment, other.id, 'copil_member')).id;
	// The coordinator administers the default organisation (the experiment's); Aïcha is in it.
	const coordinatorInOrg = await pb.admin
		.collection('org_memberships')
		.getFirstListItem(pb.admin.filter('user = {:u}', { u: coordinator.id }));
	await pb.admin.collection('org_memberships').update(coordinatorInOrg.id, { role: 'admin' });
	ids.organisation = coordinatorInOrg.organisation;
	ids.orgMembership = (
		await pb.admin
			.collection('org_memberships')
			.create({ organisation: ids.organisation, user: other.id, role: 'member' })
	).id;

	const created = await createDocumentWithTemplate(pb.admin, {
		experimentId: ids.experiment,
		userId: coordinator.id,
		kind: 'protocole',
		title: 'Protocole',
		locale: 'fr'
	});
	if (!created.ok) throw new Error(created.error);
	ids.document = created.id;
	const ctx = await reviewContext(pb.admin, ids.document, coordinator.id);
	ids.thread = (
		await createThread(coordinatorClient, pb.admin, ctx, {
			kind: 'comment',
			anchor,
			quote: 'Contexte',
			body: 'Premier commentaire.'
		})
	).id;
	ids.message = (
		await pb.admin.collection('review_messages').getFirstListItem(`thread = "${ids.thread}"`)
	).id;
	ids.version = await saveVersion(pb.admin, ids.document, 'named', {
		name: 'v1',
		userId: coordinator.id
	});
	// A proposal to the resource centre, waiting for review: the coordinator may comment on it.
	await propose(pb.admin, {
		documentId: ids.document,
		userId: coordinator.id,
		facts: {
			kind: 'fiche_retour',
			summary: 'Résumé',
			enjeux: ['confiance'],
			territoryType: 'commune',
			year: 2026,
			authors: 'Camille',
			licence: 'cc-by-sa-4.0'
		},
		versionName: 'Proposée'
	});
	const invitation = await createInvitation(pb.admin, {
		experimentId: ids.experiment,
		email: 'invitee@trame.test',
		role: 'observer',
		invitedBy: coordinator.id,
		origin: 'http://127.0.0.1',
		now: new Date()
	});
	ids.invitation = invitation.id;
	ids.invitationToken = invitation.link.split('/').at(-1)!;
	ids.notification = (
		await pb.admin.collection('notifications').create({
			user: coordinator.id,
			kind: 'mention',
			actor: member.id,
			document: ids.document,
			excerpt: 'Bonjour',
			link: `/documents/${ids.document}`
		})
	).id;
	ids.consentRound = await startConsentRound(
		{ admin: pb.admin },
		{
			experimentId: ids.experiment,
			userId: coordinator.id,
			title: 'Calendrier',
			text: 'Texte exact.',
			proposerId: member.id,
			participants: [coordinator.id, member.id]
		}
	);
	ids.election = await startElection(
		{ admin: pb.admin },
		{
			experimentId: ids.experiment,
			userId: coordinator.id,
			role: { title: 'Secrétaire', mission: 'Noter.', skills: '', termMonths: 12 },
			participants: [coordinator.id, member.id]
		}
	);
	ids.seance = (
		await pb.admin.collection('seances').create({
			experiment: ids.experiment,
			title: 'COPIL',
			starts_at: '2027-05-02 08:00:00.000Z',
			status: 'planned',
			created_by: coordinator.id
		})
	).id;
	ids.seanceItem = (
		await pb.admin.collection('seance_items').create({
			seance: ids.seance,
			position: 0,
			title: 'Point',
			kind: 'information'
		})
	).id;
	collections = (await pb.admin.collections.getFullList()).filter((c) => !c.name.startsWith('_'));

	const port = await findFreePort();
	server = await startTrameServerProcess({
		pbUrl: pb.url,
		superuser: pb.superuser,
		port,
		origin: `http://127.0.0.1:${port}`,
		env: { TRAME_BUILD_DIR: BUILD_DIR }
	});
	// A first view of the séance page creates its shared notes (a document of kind notes_seance):
	// a side effect of viewing, done here so that no refused input is blamed for it.
	const view = await fetch(`${server.url}/experiences/${ids.experiment}/seances/${ids.seance}`, {
		headers: { cookie }
	});
	expect(view.status).toBe(200);
}, 120_000);

afterAll(async () => {
	await server?.stop();
	await pb?.stop();
});

// --- The tests -----------------------------------------------------------------------------------

const started = Date.now();
let requests = 0;
const found: string[] = [];

afterAll(() => {
	console.log(
		`[bad-input] ${requests} refused inputs over ${SURFACES.length} forms and commands in ${((Date.now() - started) / 1000).toFixed(1)} s`
	);
	if (found.length > 0) console.log(`[bad-input] defects:\n${found.join('\n')}`);
});

describe('every action and mutating endpoint has its schema here', () => {
	it('lists each route handler as a surface or says why it reads no input', () => {
		const covered = new Set([
			...SURFACES.flatMap((s) => s.covers),
			...Object.keys(NO_INPUT),
			...Object.keys(FILE_INPUT),
			...GET_WITHOUT_INPUT
		]);
		const handlers = routeHandlers().filter((h) => !h.endsWith('#GET') || !h.includes('+page'));
		expect(handlers.length).toBeGreaterThan(30);
		expect(handlers.filter((h) => !covered.has(h))).toEqual([]);
		expect([...covered].filter((h) => !handlers.includes(h))).toEqual([]);
	});

	it('uses every schema', () => {
		const used = new Set(SURFACES.map((s) => s.schema));
		expect(Object.keys(SCHEMAS).filter((name) => !used.has(name))).toEqual([]);
	});
});

interface Attempt {
	label: string;
	field: string | null;
	record: Record<string, unknown>;
	raw?: string;
	/** Whole-input refusals: the error id of a JSON answer, or `text` for a plain-text answer. */
	error?: string;
}

function attempts(surface: Surface): Attempt[] {
	const schema = SCHEMAS[surface.schema]!;
	const json = surface.transport === 'json';
	const base = surface.base();
	const list: Attempt[] = fieldSpecs(schema).flatMap(({ path, spec }) =>
		badCases(spec, json)
			// An address holds 16 KB at most: a longer value never reaches a field (see below).
			.filter((c) => surface.transport !== 'query' || JSON.stringify(c.value).length < 8000)
			.map((c: BadCase) => ({
				label: `${path}: ${c.label}`,
				field: path,
				record: withValue(base, path, c.value)
			}))
	);
	if (surface.transport === 'query')
		list.push({
			label: 'a 100 KB address',
			field: null,
			record: base,
			raw: `&pad=${'x'.repeat(100 * 1024)}`,
			error: 'text'
		});
	const order = dateOrderOf(schema);
	if (order)
		list.push({
			label: `${order[1]} the day before ${order[0]}`,
			field: order[1],
			record: { ...base, [order[0]]: '2027-06-02', [order[1]]: '01/06/2027' }
		});
	if (json) {
		list.push(
			{ label: 'an unknown field', field: 'extra', record: { ...base, extra: 'x' } },
			{ label: 'not JSON', field: null, record: base, raw: '{"type": ', error: 'invalid_input' },
			{ label: 'a JSON list', field: null, record: base, raw: '[]', error: 'invalid_input' },
			{
				label: '1.5 MB body',
				field: null,
				record: base,
				raw: JSON.stringify({ ...base, pad: 'x'.repeat(1_500_000) }),
				error: 'too_large'
			}
		);
		if (surface.schema.startsWith('governance.'))
			list.push(
				{
					label: 'forged author',
					field: null,
					record: { ...base, by: member.id },
					error: 'forged_field'
				},
				{
					label: 'forged time',
					field: null,
					record: { ...base, at: '2020-01-01T00:00:00Z' },
					error: 'forged_field'
				},
				{ label: 'unknown command', field: 'type', record: { ...base, type: 'dissolve' } }
			);
	}
	return list;
}

async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>) {
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(limit, items.length) }, async () => {
			while (next < items.length) await task(items[next++]!);
		})
	);
}

describe.each(SURFACES.map((s) => [s.name, s] as const))('%s', (_name, surface) => {
	it('refuses each bad value on its field, in French, storing nothing', async () => {
		const list = attempts(surface);
		expect(list.length).toBeGreaterThan(surface.transport === 'json' ? 3 : 0);
		const before = await snapshot();
		const failures: string[] = [];
		await pool(list, CONCURRENCY, async (attempt) => {
			requests++;
			const response = await send(surface, attempt.record, attempt.raw);
			const where = `${surface.name} — ${attempt.label}`;
			if (response.status >= 500 || response.status < 400) {
				failures.push(`${where}: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
				return;
			}
			if (attempt.error === 'text') {
				const text = await response.text();
				if (!/^Requête trop longue/.test(text))
					failures.push(`${where}: ${response.status} ${text}`);
				return;
			}
			if (attempt.field === null) {
				const body = (await response.json()) as { error?: string; message?: string };
				if (body.error !== attempt.error || !isFrench(String(body.message)))
					failures.push(`${where}: ${response.status} ${JSON.stringify(body)}`);
				return;
			}
			const errors = await fieldErrorsOf(surface, response);
			const message = errors[attempt.field];
			const others = Object.keys(errors).filter((name) => name !== attempt.field);
			if (message === undefined || !isFrench(message) || others.length > 0)
				failures.push(`${where}: ${response.status} ${JSON.stringify(errors)}`);
		});
		const after = await snapshot();
		found.push(...failures);
		expect(failures).toEqual([]);
		expect(after).toEqual(before);
	});
});

// Last (files run their tests in order): PocketBase is stopped for good.
describe('an outage reads as an outage, never as "not found" nor as bad input', () => {
	it('answers 503 in French, keeps what was typed, and only then says "réessayez"', async () => {
		const slug = 'protocole-publie';
		await pb.admin.collection('publications').create({
			document: ids.document,
			version: ids.version,
			slug,
			published_by: coordinator.id
		});
		expect((await fetch(`${server.url}/public/${slug}`)).status).toBe(200);
		await pb.kill();

		// The public page of a publication: 503, not 404 (it exists; PocketBase is away).
		const publicPage = await fetch(`${server.url}/public/${slug}`);
		expect(publicPage.status).toBe(503);
		expect(publicPage.headers.get('retry-after')).toBe('5');
		expect(await publicPage.text()).toContain('Réessayez dans un instant');

		// A signed-in page and a JSON endpoint.
		const page = await fetch(`${server.url}/experiences/${ids.experiment}`, {
			headers: { cookie }
		});
		expect(page.status).toBe(503);
		expect(await page.text()).toContain('Réessayez dans un instant');
		const api = await fetch(`${server.url}${review()}`, { headers: { cookie } });
		expect(api.status).toBe(503);
		expect(((await api.json()) as { message: string }).message).toContain('Réessayez');

		// The sign-in form keeps the address and says to try again.
		const signIn = await send(SURFACES[0]!, { email: 'camille@trame.test', password: PASSWORD });
		expect(signIn.status).toBe(503);
		const html = await signIn.text();
		expect(html).toContain('value="camille@trame.test"');
		expect(html).toMatch(/réessayez/i);
	});
});
