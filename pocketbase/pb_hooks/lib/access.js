/* global __hooks */
/* eslint-disable @typescript-eslint/no-require-imports -- goja loads shared code with require() */
// Derived access lists of experiments (readers, commenters, editors, facilitators, managers),
// computed from memberships, the memberships of the experiment's organisation and
// access_matrix.json (generated from src/lib/domain/access.ts).
// Loaded with require() inside each handler: JSVM handlers run in isolated contexts.

const matrix = require(`${__hooks}/access_matrix.json`);

/** Which derived relation field of `experiments` lists the users allowed an action. */
const LIST_BY_ACTION = {
	read: 'readers',
	comment: 'commenters',
	edit: 'editors',
	facilitate: 'facilitators',
	manage: 'managers',
	publish: 'publishers'
};

const DERIVED_LISTS = matrix.actions.map((action) => {
	const list = LIST_BY_ACTION[action];
	if (!list) throw new Error(`access_matrix.json: no derived list for action "${action}"`);
	return list;
});

/** Mirrors can() in access.ts: the `archivee` status leaves only read and manage. */
function isArchived(experiment) {
	return experiment.getString('status') === 'archivee';
}

/** { readers: [userId...], ... } for this experiment, from its memberships as seen by `app`. */
function computeLists(app, experiment) {
	const allowed = isArchived(experiment) ? matrix.archived : matrix.active;
	const orgAllowed = isArchived(experiment) ? matrix.orgArchived : matrix.orgActive;
	const sets = {};
	for (const list of DERIVED_LISTS) sets[list] = new Set();

	// The organisation's roles apply even before the experiment's own memberships exist.
	const organisation = experiment.getString('organisation');
	if (organisation) {
		const orgRows = app.findRecordsByFilter(
			'org_memberships',
			'organisation = {:organisation}',
			'',
			0,
			0,
			{ organisation }
		);
		for (const row of orgRows) {
			const actions = orgAllowed[row.getString('role')];
			if (!actions)
				throw new Error(`access_matrix.json: unknown organisation role "${row.getString('role')}"`);
			for (const action of actions) sets[LIST_BY_ACTION[action]].add(row.getString('user'));
		}
	}
	const lists = {};
	if (experiment.isNew()) {
		for (const list of DERIVED_LISTS) lists[list] = [...sets[list]].sort();
		return lists;
	}

	const memberships = app.findRecordsByFilter(
		'memberships',
		'experiment = {:experiment}',
		'',
		0,
		0,
		{ experiment: experiment.id }
	);
	for (const membership of memberships) {
		const role = membership.getString('role');
		const actions = allowed[role];
		if (!actions) throw new Error(`access_matrix.json: unknown role "${role}"`);
		for (const action of actions) sets[LIST_BY_ACTION[action]].add(membership.getString('user'));
	}
	// Stable order, so an unchanged membership set gives an identical record.
	for (const list of DERIVED_LISTS) lists[list] = [...sets[list]].sort();
	return lists;
}

function applyLists(app, experiment) {
	const lists = computeLists(app, experiment);
	for (const list of DERIVED_LISTS) experiment.set(list, lists[list]);
}

/** Re-saves an experiment so its save hook recomputes the lists; no-op if it is being deleted. */
function refreshExperiment(app, experimentId) {
	if (!experimentId) return;
	let experiment;
	try {
		experiment = app.findRecordById('experiments', experimentId);
	} catch (_) {
		return; // deleted in this transaction (cascade from the experiment itself)
	}
	app.save(experiment);
}

/** Re-saves every experiment of an organisation (its roles changed). */
function refreshOrganisation(app, organisationId) {
	if (!organisationId) return;
	const experiments = app.findRecordsByFilter(
		'experiments',
		'organisation = {:organisation}',
		'',
		0,
		0,
		{ organisation: organisationId }
	);
	for (const experiment of experiments) app.save(experiment);
}

/** The organisation new experiments fall into when none is named: the oldest one. */
function defaultOrganisationId(app) {
	const rows = app.findRecordsByFilter('organisations', '1 = 1', 'created,id', 1, 0);
	return rows.length > 0 ? rows[0].id : '';
}

/**
 * Runs `fn(txApp)` in a transaction (joining the caller's one if any) with `e.app` switched to it,
 * so `e.next()` (the record write) and our follow-up writes commit or roll back together.
 */
function inTransaction(e, fn) {
	const original = e.app;
	original.runInTransaction((txApp) => {
		e.app = txApp;
		try {
			fn(txApp);
		} finally {
			e.app = original;
		}
	});
}

/** 400 if a non-superuser request body tries to write a derived list. */
function rejectDerivedWrites(e) {
	if (e.hasSuperuserAuth()) return; // overwritten by the save hook anyway
	const body = e.requestInfo().body || {};
	const written = DERIVED_LISTS.filter((list) => body[list] !== undefined);
	if (written.length > 0) {
		throw new BadRequestError(
			`These fields are maintained by the server from memberships and cannot be written: ${written.join(', ')}.`,
			{ fields: written }
		);
	}
}

module.exports = {
	DERIVED_LISTS,
	computeLists,
	applyLists,
	refreshExperiment,
	refreshOrganisation,
	defaultOrganisationId,
	inTransaction,
	rejectDerivedWrites
};
