/* global __hooks */
/* eslint-disable @typescript-eslint/no-require-imports -- goja loads shared code with require() */
// An organisation's governance space: one `experiments` record of kind `organisation` per
// organisation, whose memberships follow the organisation roles through `governanceRoles` of
// access_matrix.json (governanceRole() in src/lib/domain/access.ts). Rounds, séances, documents
// and the register then work on it exactly as on an experiment.

const matrix = require(`${__hooks}/access_matrix.json`);
const DERIVED_ROLES = new Set(Object.values(matrix.governanceRoles).filter(Boolean));

/** False while migrations older than 1766710000 run (hooks fire during migrations too). */
function spacesExist(app) {
	return !!app.findCollectionByNameOrId('experiments').fields.getByName('kind');
}

/** The organisation's governance space, or null (none yet, or the organisation is going). */
function spaceOf(app, organisationId) {
	if (!spacesExist(app)) return null;
	const rows = app.findRecordsByFilter(
		'experiments',
		"organisation = {:organisation} && kind = 'organisation'",
		'created',
		1,
		0,
		{ organisation: organisationId }
	);
	return rows.length > 0 ? rows[0] : null;
}

function spaceTitle(organisation) {
	return `Gouvernance — ${organisation.getString('name')}`.slice(0, 200);
}

/** Creates the space of a new organisation (its hooks derive the lists). */
function createSpace(app, organisation) {
	if (!spacesExist(app) || spaceOf(app, organisation.id)) return;
	const space = new Record(app.findCollectionByNameOrId('experiments'));
	space.set('kind', 'organisation');
	space.set('organisation', organisation.id);
	space.set('title', spaceTitle(organisation));
	space.set('status', 'en_cours');
	app.save(space);
}

/** Keeps the space's title naming its organisation. */
function retitleSpace(app, organisation) {
	const space = spaceOf(app, organisation.id);
	if (!space || space.getString('title') === spaceTitle(organisation)) return;
	space.set('title', spaceTitle(organisation));
	app.save(space);
}

/**
 * Gives `userId` the governance role of their organisation role in its space. A membership an
 * administrator added by hand with another role (an outside COPIL member) is left alone when the
 * person holds no governance role.
 */
function syncMember(app, organisationId, userId) {
	if (!organisationId || !userId) return;
	const space = spaceOf(app, organisationId);
	if (!space) return;
	const orgRows = app.findRecordsByFilter(
		'org_memberships',
		'organisation = {:organisation} && user = {:user}',
		'',
		1,
		0,
		{ organisation: organisationId, user: userId }
	);
	const wanted = orgRows.length > 0 ? matrix.governanceRoles[orgRows[0].getString('role')] : null;
	const existing = app.findRecordsByFilter(
		'memberships',
		'experiment = {:experiment} && user = {:user}',
		'',
		1,
		0,
		{ experiment: space.id, user: userId }
	);
	const current = existing.length > 0 ? existing[0] : null;
	if (wanted) {
		if (current && current.getString('role') === wanted) return;
		const membership = current || new Record(app.findCollectionByNameOrId('memberships'));
		membership.set('experiment', space.id);
		membership.set('user', userId);
		membership.set('role', wanted);
		app.save(membership);
	} else if (current && DERIVED_ROLES.has(current.getString('role'))) {
		app.delete(current);
	}
}

/** Syncs the person of an organisation membership just written (and its former pair, if moved). */
function syncRecord(app, record) {
	syncMember(app, record.getString('organisation'), record.getString('user'));
	const original = record.original();
	if (!original) return;
	const [org, user] = [original.getString('organisation'), original.getString('user')];
	if (org !== record.getString('organisation') || user !== record.getString('user'))
		syncMember(app, org, user);
}

module.exports = { spaceOf, createSpace, retitleSpace, syncMember, syncRecord };
