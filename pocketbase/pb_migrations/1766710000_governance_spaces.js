/// <reference path="../../.data/pb_data/types.d.ts" />
// Each organisation owns one governance space (its COPIL, strategy, guides, templates): an
// `experiments` record of kind `organisation`, so documents, rounds, elections, séances, decisions
// and the register work unchanged on it. Its memberships derive from organisation roles
// (governanceRole() in src/lib/domain/access.ts, kept by pb_hooks/governance_space.pb.js); this
// migration backfills `kind` and creates the spaces of existing organisations. A space keeps its
// kind and status (clients cannot change them) and cannot be deleted through the API.
// Regenerate src/lib/pocketbase/types.ts with any change.

const KIND_GUARD = ' && @request.body.kind:changed = false';
const SPACE_STATUS_GUARD = " && (kind != 'organisation' || @request.body.status:changed = false)";
const SPACE_DELETE_GUARD = " && kind != 'organisation'";

// Frozen copy of the mapping and the matrix at this migration (the hooks read the generated
// access_matrix.json at run time; migrations cannot load it).
const GOVERNANCE_ROLE = { admin: 'coordinator', team: 'copil_member' };
const ACTIONS_OF = {
	coordinator: ['readers', 'commenters', 'editors', 'facilitators', 'managers'],
	copil_member: ['readers', 'commenters', 'editors', 'facilitators']
};

migrate(
	(app) => {
		const experiments = app.findCollectionByNameOrId('experiments');
		experiments.fields.add(
			new SelectField({ name: 'kind', maxSelect: 1, values: ['experiment', 'organisation'] })
		);
		experiments.updateRule = `${experiments.updateRule}${KIND_GUARD}${SPACE_STATUS_GUARD}`;
		experiments.deleteRule = `${experiments.deleteRule}${SPACE_DELETE_GUARD}`;
		app.save(experiments);

		for (const experiment of app.findAllRecords('experiments')) {
			experiment.set('kind', 'experiment');
			app.saveNoValidate(experiment);
		}

		const membershipsCollection = app.findCollectionByNameOrId('memberships');
		for (const organisation of app.findAllRecords('organisations')) {
			const space = new Record(experiments);
			space.set('kind', 'organisation');
			space.set('organisation', organisation.id);
			space.set('title', `Gouvernance — ${organisation.getString('name')}`.slice(0, 200));
			space.set('status', 'en_cours');
			const lists = {};
			for (const list of ACTIONS_OF.coordinator) lists[list] = [];
			const rows = app.findRecordsByFilter(
				'org_memberships',
				'organisation = {:organisation}',
				'',
				0,
				0,
				{ organisation: organisation.id }
			);
			for (const row of rows) {
				const role = GOVERNANCE_ROLE[row.getString('role')];
				if (role) for (const list of ACTIONS_OF[role]) lists[list].push(row.getString('user'));
			}
			for (const list of ACTIONS_OF.coordinator) space.set(list, lists[list].sort());
			app.saveNoValidate(space);
			for (const row of rows) {
				const role = GOVERNANCE_ROLE[row.getString('role')];
				if (!role) continue;
				const membership = new Record(membershipsCollection);
				membership.set('experiment', space.id);
				membership.set('user', row.getString('user'));
				membership.set('role', role);
				app.saveNoValidate(membership);
			}
		}
	},
	(app) => {
		for (const space of app.findRecordsByFilter('experiments', "kind = 'organisation'", '', 0, 0))
			app.delete(space);
		const experiments = app.findCollectionByNameOrId('experiments');
		experiments.fields.removeByName('kind');
		experiments.updateRule = experiments.updateRule
			.replace(SPACE_STATUS_GUARD, '')
			.replace(KIND_GUARD, '');
		experiments.deleteRule = experiments.deleteRule.replace(SPACE_DELETE_GUARD, '');
		app.save(experiments);
	}
);
