/**
 * Every input schema of Trame, by name: one per form, per JSON command, per validated query.
 * tests/integration/schema-agreement.test.ts checks their limits against the migrated PocketBase
 * collections, tests/integration/bad-input.test.ts sends values just over each limit through the
 * routes. A new form or command adds its schema here (see docs/architecture.md).
 */
import type { GenericSchema } from 'valibot';
import * as accounts from '../accounts/schemas';
import * as account from './account';
import * as governance from './governance';
import * as organisation from './organisation';
import * as resources from './resources';
import * as review from './review';
import * as seances from './seances';
import * as minutes from './minutes';
import * as workspace from './workspace';

const prefixed = (prefix: string, schemas: Record<string, GenericSchema>) =>
	Object.fromEntries(
		Object.entries(schemas).map(([name, schema]) => [`${prefix}.${name}`, schema])
	);

export const SCHEMAS: Readonly<Record<string, GenericSchema>> = {
	'workspace.signIn': workspace.signIn,
	'workspace.experiment': workspace.experiment,
	'workspace.experimentStatus': workspace.experimentStatus,
	'workspace.newDocument': workspace.newDocument,
	'workspace.renameDocument': workspace.renameDocument,
	'workspace.documentRef': workspace.documentRef,
	'workspace.invite': workspace.invite,
	'workspace.changeRole': workspace.changeRole,
	'workspace.membershipRef': workspace.membershipRef,
	'workspace.invitationRef': workspace.invitationRef,
	'workspace.newAccount': workspace.newAccount,
	'account.language': account.language,
	'account.notificationRead': account.notificationRead,
	'account.notificationPrefs': account.notificationPrefs,
	'accounts.forgotPassword': accounts.ForgotPasswordSchema,
	'accounts.newPassword': accounts.NewPasswordSchema,
	'accounts.changePassword': accounts.ChangePasswordSchema,
	'accounts.changeEmail': accounts.ChangeEmailSchema,
	'accounts.confirmEmailChange': accounts.ConfirmEmailChangeSchema,
	'accounts.profile': accounts.ProfileSchema,
	'accounts.deleteAccount': accounts.DeleteAccountSchema,
	'review.newThread': review.newThread,
	'review.messageBody': review.messageBody,
	'review.threadStatus': review.threadStatus,
	'review.changeMessage': review.changeMessage,
	'review.changeDecision': review.changeDecision,
	'review.namedVersion': review.namedVersion,
	'review.publish': review.publish,
	'review.exportQuery': review.exportQuery,
	'resources.catalogueQuery': resources.catalogueQuery,
	'resources.proposal': resources.proposal,
	'resources.editorialNote': resources.editorialNote,
	'resources.editorialRequired': resources.editorialRequired,
	'governance.newConsentRound': governance.newConsentRound,
	'governance.newElection': governance.newElection,
	'governance.procesVerbalQuery': governance.procesVerbalQuery,
	'governance.writebackChoice': governance.writebackChoice,
	...prefixed('governance.consent', governance.consentCommands),
	...prefixed('governance.election', governance.electionCommands),
	'organisation.addOrgMember': organisation.addOrgMember,
	'organisation.changeOrgRole': organisation.changeOrgRole,
	'organisation.orgMembershipRef': organisation.orgMembershipRef,
	'organisation.orgIndexing': organisation.orgIndexing,
	'seances.seance': seances.seance,
	'seances.agendaItem': seances.agendaItem,
	'seances.agendaPicks': seances.agendaPicks,
	'seances.moveItem': seances.moveItem,
	'seances.itemRef': seances.itemRef,
	'seances.attendance': seances.attendance,
	'seances.followUp': seances.followUp,
	'seances.followUpFrom': seances.followUpFrom,
	'minutes.minutesForm': minutes.minutesForm,
	'minutes.recordQuery': minutes.recordQuery,
	'seances.followUpStatus': seances.followUpStatus,
	'seances.runStep': seances.runStep,
	'seances.itemRound': seances.itemRound
};
