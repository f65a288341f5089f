/**
 * Input schemas of the workspace: sign-in, experiments, documents, members and invitations.
 * One schema per form, used by its SvelteKit action; limits agree with the migrated PocketBase
 * collections (tests/integration/schema-agreement.test.ts).
 */
import { ROLES } from '../domain/access';
import { DOCUMENT_KINDS, DOCUMENT_TITLE_MAX } from '../domain/document-kinds';
import { ENJEUX, STATUSES, SUMMARY_MAX, TERRITORY_TYPES, TITLE_MAX } from '../domain/experiment';
import { ACCOUNT_NAME_MAX, PASSWORD_MIN } from '../domain/invitation';
import * as f from './fields';

/**
 * bcrypt reads 72 bytes at most (PocketBase counts characters, up to 71): 64 leaves room for a
 * few accented characters before bcrypt would cut a password short.
 */
export const PASSWORD_MAX = 64;
export const TERRITORY_NAME_MAX = 200;

/** `/connexion`: existing passwords may predate the current minimum, so only presence is checked. */
export const signIn = f.form({
	email: f.email(),
	password: f.secret({ min: 1, max: PASSWORD_MAX })
});

/** `/experiences/nouvelle` and `/experiences/<id>/modifier`. */
export const experiment = f.form(
	{
		title: f.text({ max: TITLE_MAX, required: true, pb: 'experiments.title' }),
		territoryName: f.text({
			max: TERRITORY_NAME_MAX,
			required: true,
			pb: 'experiments.territory_name',
			requiredBeyondCollection: true
		}),
		territoryType: f.choice(TERRITORY_TYPES, {
			pb: 'experiments.territory_type',
			requiredBeyondCollection: true
		}),
		enjeux: f.choices(ENJEUX, {
			min: 1,
			pb: 'experiments.enjeux',
			requiredBeyondCollection: true
		}),
		summary: f.text({ max: SUMMARY_MAX, multiline: true, pb: 'experiments.summary' }),
		startDate: f.date({ pb: 'experiments.start_date' }),
		endDate: f.date({ pb: 'experiments.end_date' })
	},
	{ dateOrder: ['startDate', 'endDate'] }
);

/** The experiment page's status menu. */
export const experimentStatus = f.form({
	status: f.choice(STATUSES, { pb: 'experiments.status' })
});

/** A new document: from its kind's template, or a copy of `source` (which then gives the kind). */
export const newDocument = f.form(
	{
		kind: f.optionalChoice(DOCUMENT_KINDS, { requiredIf: 'no source', pb: 'documents.kind' }),
		title: f.text({ max: DOCUMENT_TITLE_MAX, required: true, pb: 'documents.title' }),
		source: f.id({ required: false })
	},
	{
		rules: [
			{
				fields: ['kind', 'source'],
				check: (d) =>
					d.source === '' && d.kind === '' ? { field: 'kind', code: 'required' } : null
			}
		]
	}
);

export const renameDocument = f.form({
	document: f.id(),
	title: f.text({ max: DOCUMENT_TITLE_MAX, required: true, pb: 'documents.title' })
});

/** Archive / restore a document. */
export const documentRef = f.form({ document: f.id() });

/** The members page: invite an address with a role. */
export const invite = f.form({
	email: f.email({ pb: 'invitations.email' }),
	role: f.choice(ROLES, { pb: 'invitations.role' })
});

export const changeRole = f.form({
	membership: f.id(),
	role: f.choice(ROLES, { pb: 'memberships.role' })
});

export const membershipRef = f.form({ membership: f.id() });

export const invitationRef = f.form({ invitation: f.id() });

/** `/invitation/<token>`: the account of an invited person (the address is the invitation's). */
export const newAccount = f.form({
	name: f.text({ max: ACCOUNT_NAME_MAX, required: true, pb: 'users.name' }),
	password: f.secret({ min: PASSWORD_MIN, max: PASSWORD_MAX, pb: 'users.password' })
});
