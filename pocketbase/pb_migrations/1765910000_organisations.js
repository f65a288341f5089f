/// <reference path="../../.data/pb_data/types.d.ts" />
// Organisations (a Labo, a network of territories) own experiments; their members hold an
// organisation role (admin, team, member) that adds to their experiment role in every experiment
// of the organisation (src/lib/domain/access.ts). The experiments' derived access lists include
// those roles (pb_hooks/lib/access.js), so every existing rule (`experiment.readers…`) follows.
// Organisation memberships are written by the Trame server only (after can-manage checks), like
// invitations. Existing experiments move into a default organisation, their members become its
// members. Regenerate src/lib/pocketbase/types.ts with any change.

const ORG_MEMBER = 'org_memberships_via_organisation.user ?= @request.auth.id';

migrate(
	(app) => {
		const users = app.findCollectionByNameOrId('users');
		const experiments = app.findCollectionByNameOrId('experiments');

		const organisations = new Collection({
			type: 'base',
			name: 'organisations',
			listRule: null,
			viewRule: null,
			createRule: null,
			updateRule: null,
			deleteRule: null,
			fields: [
				{ type: 'text', name: 'name', required: true, max: 200 },
				{ type: 'text', name: 'slug', required: true, max: 60, pattern: '^[a-z0-9-]+$' },
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
				{ type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
			],
			indexes: ['CREATE UNIQUE INDEX `idx_organisations_slug` ON `organisations` (`slug`)']
		});
		app.save(organisations);

		const orgMemberships = new Collection({
			type: 'base',
			name: 'org_memberships',
			listRule: `user = @request.auth.id || organisation.${ORG_MEMBER}`,
			viewRule: `user = @request.auth.id || organisation.${ORG_MEMBER}`,
			createRule: null,
			updateRule: null,
			deleteRule: null,
			fields: [
				{
					type: 'relation',
					name: 'organisation',
					required: true,
					collectionId: organisations.id,
					maxSelect: 1,
					cascadeDelete: true
				},
				{
					type: 'relation',
					name: 'user',
					required: true,
					collectionId: users.id,
					maxSelect: 1,
					cascadeDelete: true
				},
				{
					type: 'select',
					name: 'role',
					required: true,
					maxSelect: 1,
					values: ['admin', 'team', 'member']
				},
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
				{ type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
			],
			indexes: [
				'CREATE UNIQUE INDEX `idx_org_memberships_pair` ON `org_memberships` (`organisation`, `user`)',
				'CREATE INDEX `idx_org_memberships_user` ON `org_memberships` (`user`)'
			]
		});
		app.save(orgMemberships);

		// Members of an organisation see its name.
		organisations.listRule = ORG_MEMBER;
		organisations.viewRule = ORG_MEMBER;
		app.save(organisations);

		experiments.fields.add(
			new RelationField({
				name: 'organisation',
				collectionId: organisations.id,
				maxSelect: 1,
				cascadeDelete: false
			})
		);
		// Moving an experiment to another organisation is not a client's write.
		experiments.updateRule = `${experiments.updateRule} && @request.body.organisation:changed = false`;
		app.save(experiments);

		// Existing data: one default organisation holding every experiment; their members join it.
		const existing = app.findAllRecords('experiments');
		const fallback = new Record(organisations);
		fallback.set('name', 'Le Labo');
		fallback.set('slug', 'labo');
		app.save(fallback);
		for (const experiment of existing) {
			experiment.set('organisation', fallback.id);
			app.saveNoValidate(experiment);
		}
		const seen = new Set();
		for (const membership of app.findAllRecords('memberships')) {
			const user = membership.getString('user');
			if (seen.has(user)) continue;
			seen.add(user);
			const row = new Record(orgMemberships);
			row.set('organisation', fallback.id);
			row.set('user', user);
			row.set('role', 'member');
			app.saveNoValidate(row);
		}
	},
	(app) => {
		const experiments = app.findCollectionByNameOrId('experiments');
		experiments.fields.removeByName('organisation');
		experiments.updateRule = experiments.updateRule.replace(
			' && @request.body.organisation:changed = false',
			''
		);
		app.save(experiments);
		app.delete(app.findCollectionByNameOrId('org_memberships'));
		app.delete(app.findCollectionByNameOrId('organisations'));
	}
);
