/// <reference path="../../.data/pb_data/types.d.ts" />
/* global __hooks, onRecordCreate, onRecordUpdate, onRecordDelete */
/* eslint-disable @typescript-eslint/no-require-imports -- goja loads shared code with require() */
// Organisations' governance spaces (lib/governance_space.js): created with the organisation,
// titled after it, their memberships following organisation roles in the same transaction as the
// change. Clients create experiments only (the space's kind is never theirs to write).

onRecordCreateRequest((e) => {
	if (!e.hasSuperuserAuth() && e.record.getString('kind') === 'organisation') {
		throw new BadRequestError('Un espace de gouvernance est créé avec son organisation.', {
			fields: ['kind']
		});
	}
	e.next();
}, 'experiments');

onRecordCreate((e) => {
	if (!e.record.getString('kind')) e.record.set('kind', 'experiment');
	e.next();
}, 'experiments');

onRecordCreate((e) => {
	const access = require(`${__hooks}/lib/access.js`);
	access.inTransaction(e, (txApp) => {
		e.next();
		require(`${__hooks}/lib/governance_space.js`).createSpace(txApp, e.record);
	});
}, 'organisations');

onRecordUpdate((e) => {
	const access = require(`${__hooks}/lib/access.js`);
	access.inTransaction(e, (txApp) => {
		e.next();
		require(`${__hooks}/lib/governance_space.js`).retitleSpace(txApp, e.record);
	});
}, 'organisations');

onRecordCreate((e) => {
	const access = require(`${__hooks}/lib/access.js`);
	access.inTransaction(e, (txApp) => {
		e.next();
		require(`${__hooks}/lib/governance_space.js`).syncRecord(txApp, e.record);
	});
}, 'org_memberships');

onRecordUpdate((e) => {
	const access = require(`${__hooks}/lib/access.js`);
	access.inTransaction(e, (txApp) => {
		e.next();
		require(`${__hooks}/lib/governance_space.js`).syncRecord(txApp, e.record);
	});
}, 'org_memberships');

onRecordDelete((e) => {
	const access = require(`${__hooks}/lib/access.js`);
	access.inTransaction(e, (txApp) => {
		e.next();
		try {
			require(`${__hooks}/lib/governance_space.js`).syncMember(
				txApp,
				e.record.getString('organisation'),
				e.record.getString('user')
			);
		} catch (_) {
			// the organisation itself is being deleted (cascade)
		}
	});
}, 'org_memberships');
