/// <reference path="../../.data/pb_data/types.d.ts" />
/* global __hooks, onRecordUpdateRequest, onRecordCreate, onRecordUpdate, onRecordDelete */
/* eslint-disable @typescript-eslint/no-require-imports -- goja loads shared code with require() */
// Keeps experiments.readers/commenters/editors/facilitators/managers equal to what memberships and
// the access matrix allow, in the same transaction as every write that could change them, so the
// API rules (`readers.id ?= @request.auth.id`, ...) never see a stale list.

// --- experiments -------------------------------------------------------------------------------

onRecordCreateRequest((e) => {
	const access = require(`${__hooks}/lib/access.js`);
	access.rejectDerivedWrites(e);
	// A user creates experiments as themself; a superuser (the Trame server) may name the creator.
	if (!e.hasSuperuserAuth()) {
		e.record.set('created_by', e.auth.id);
		// …in an organisation they belong to (any role), or in the default one.
		const organisation = e.record.getString('organisation');
		if (organisation) {
			try {
				e.app.findFirstRecordByFilter(
					'org_memberships',
					'organisation = {:organisation} && user = {:user}',
					{ organisation, user: e.auth.id }
				);
			} catch (_) {
				throw new BadRequestError('Vous ne faites pas partie de cette organisation.', {
					fields: ['organisation']
				});
			}
		}
	}
	e.next();
}, 'experiments');

onRecordUpdateRequest((e) => {
	const access = require(`${__hooks}/lib/access.js`);
	access.rejectDerivedWrites(e);
	e.next();
}, 'experiments');

onRecordCreate((e) => {
	const access = require(`${__hooks}/lib/access.js`);
	if (!e.record.getString('status')) e.record.set('status', 'idee');
	access.inTransaction(e, (txApp) => {
		if (!e.record.getString('organisation'))
			e.record.set('organisation', access.defaultOrganisationId(txApp));
		access.applyLists(txApp, e.record);
		e.next();

		const creator = e.record.getString('created_by');
		if (!creator) return;
		// The creator belongs to the organisation (as a member when they were not in it yet).
		const organisation = e.record.getString('organisation');
		if (organisation) {
			const inOrg = txApp.findRecordsByFilter(
				'org_memberships',
				'organisation = {:organisation} && user = {:user}',
				'',
				1,
				0,
				{ organisation, user: creator }
			);
			if (inOrg.length === 0) {
				const row = new Record(txApp.findCollectionByNameOrId('org_memberships'));
				row.set('organisation', organisation);
				row.set('user', creator);
				row.set('role', 'member');
				txApp.save(row);
			}
		}
		const membership = new Record(txApp.findCollectionByNameOrId('memberships'));
		membership.set('experiment', e.record.id);
		membership.set('user', creator);
		membership.set('role', 'coordinator');
		txApp.save(membership); // its hook refreshes the experiment's lists

		// Return the lists as stored, not the empty ones computed before the membership existed.
		const stored = txApp.findRecordById('experiments', e.record.id);
		for (const list of access.DERIVED_LISTS) e.record.set(list, stored.get(list));
	});
}, 'experiments');

onRecordUpdate((e) => {
	const access = require(`${__hooks}/lib/access.js`);
	// Recomputed on every save (status change to `archivee`, refresh after a membership change,
	// Admin UI edits), read in the same transaction as the write.
	access.inTransaction(e, (txApp) => {
		access.applyLists(txApp, e.record);
		e.next();
	});
}, 'experiments');

// --- memberships -------------------------------------------------------------------------------

onRecordCreate((e) => {
	const access = require(`${__hooks}/lib/access.js`);
	access.inTransaction(e, (txApp) => {
		e.next();
		access.refreshExperiment(txApp, e.record.getString('experiment'));
	});
}, 'memberships');

onRecordUpdate((e) => {
	const access = require(`${__hooks}/lib/access.js`);
	const before = e.record.original().getString('experiment');
	access.inTransaction(e, (txApp) => {
		e.next();
		const after = e.record.getString('experiment');
		access.refreshExperiment(txApp, after);
		if (before !== after) access.refreshExperiment(txApp, before);
	});
}, 'memberships');

onRecordDelete((e) => {
	const access = require(`${__hooks}/lib/access.js`);
	access.inTransaction(e, (txApp) => {
		e.next();
		access.refreshExperiment(txApp, e.record.getString('experiment'));
	});
}, 'memberships');

// --- organisation memberships: their roles reach every experiment of the organisation ------------

onRecordCreate((e) => {
	const access = require(`${__hooks}/lib/access.js`);
	access.inTransaction(e, (txApp) => {
		e.next();
		access.refreshOrganisation(txApp, e.record.getString('organisation'));
	});
}, 'org_memberships');

onRecordUpdate((e) => {
	const access = require(`${__hooks}/lib/access.js`);
	const before = e.record.original().getString('organisation');
	access.inTransaction(e, (txApp) => {
		e.next();
		const after = e.record.getString('organisation');
		access.refreshOrganisation(txApp, after);
		if (before !== after) access.refreshOrganisation(txApp, before);
	});
}, 'org_memberships');

onRecordDelete((e) => {
	const access = require(`${__hooks}/lib/access.js`);
	access.inTransaction(e, (txApp) => {
		e.next();
		try {
			access.refreshOrganisation(txApp, e.record.getString('organisation'));
		} catch (_) {
			// the organisation itself is being deleted (cascade)
		}
	});
}, 'org_memberships');

// --- documents ---------------------------------------------------------------------------------

onRecordCreateRequest((e) => {
	// A user creates documents as themself; a superuser (the Trame server) may name the author.
	if (!e.hasSuperuserAuth() && e.auth) e.record.set('created_by', e.auth.id);
	e.next();
}, 'documents');
