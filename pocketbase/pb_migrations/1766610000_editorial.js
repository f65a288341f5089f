/// <reference path="../pb_data/types.d.ts" />
// The resource centre's editorial path (src/lib/domain/editorial.ts): a member proposes a named
// version of a document for publication with its catalogue facts; an organisation editor
// (administrateur·rice or équipe: the `publish` action of src/lib/domain/access.ts) comments,
// requests changes, approves and publishes. The proposal's state is derived from its events,
// never stored. Proposals are written by the Trame server only; their events by the server, or
// by an editor directly (the rule mirrors can(…, 'publish') through `experiments.publishers`).
// Publications carry the proposal's facts (enjeux, territory type, year, authors).
// Same limits as src/lib/domain/editorial.ts.

const ENJEUX = [
	'diversification',
	'massification',
	'engagement',
	'pouvoir_agir',
	'perennisation',
	'co_construction',
	'co_decision',
	'confiance'
];
const TERRITORIES = [
	'region',
	'departement',
	'metropole',
	'intercommunalite',
	'commune',
	'village'
];
const KINDS = ['fiche_retour', 'guide_methodologique', 'protocole', 'carnet_de_bord'];
const LICENCES = ['cc-by-sa-4.0', 'cc-by-4.0', 'cc-by-nc-sa-4.0', 'cc-by-nd-4.0', 'cc0-1.0'];
const NOTICES = [
	'editorial_proposed',
	'editorial_comment',
	'editorial_changes',
	'editorial_published'
];
const EDITOR = 'experiment.publishers.id ?= @request.auth.id';

migrate(
	(app) => {
		const users = app.findCollectionByNameOrId('users');
		const experiments = app.findCollectionByNameOrId('experiments');
		const documents = app.findCollectionByNameOrId('documents');
		const versions = app.findCollectionByNameOrId('doc_versions');

		// The derived list of the `publish` action (pb_hooks/lib/access.js keeps it).
		experiments.fields.add(
			new RelationField({
				name: 'publishers',
				collectionId: users.id,
				maxSelect: 10000,
				cascadeDelete: false
			})
		);
		app.save(experiments);

		const facts = [
			{ type: 'select', name: 'enjeux', maxSelect: ENJEUX.length, values: ENJEUX },
			{ type: 'select', name: 'territory_type', maxSelect: 1, values: TERRITORIES },
			{ type: 'number', name: 'year', onlyInt: true, min: 1990, max: 2100 },
			{ type: 'text', name: 'authors', max: 500 }
		];
		const proposals = new Collection({
			type: 'base',
			name: 'editorial_proposals',
			listRule: `proposed_by = @request.auth.id || ${EDITOR}`,
			viewRule: `proposed_by = @request.auth.id || ${EDITOR}`,
			createRule: null,
			updateRule: null,
			deleteRule: null,
			fields: [
				{
					type: 'relation',
					name: 'document',
					required: true,
					collectionId: documents.id,
					maxSelect: 1,
					cascadeDelete: true
				},
				{
					type: 'relation',
					name: 'experiment',
					required: true,
					collectionId: experiments.id,
					maxSelect: 1,
					cascadeDelete: true
				},
				{
					type: 'relation',
					name: 'proposed_by',
					required: true,
					collectionId: users.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				// The frozen version proposed (the latest proposal's).
				{
					type: 'relation',
					name: 'version',
					required: true,
					collectionId: versions.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				{ type: 'select', name: 'kind', required: true, maxSelect: 1, values: KINDS },
				{ type: 'text', name: 'summary', max: 1000 },
				...facts,
				{ type: 'select', name: 'licence', maxSelect: 1, values: LICENCES },
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
				{ type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
			],
			indexes: [
				'CREATE UNIQUE INDEX `idx_editorial_proposals_document` ON `editorial_proposals` (`document`)',
				'CREATE INDEX `idx_editorial_proposals_experiment` ON `editorial_proposals` (`experiment`)'
			]
		});
		app.save(proposals);

		const events = new Collection({
			type: 'base',
			name: 'editorial_events',
			listRule: `proposal.proposed_by = @request.auth.id || proposal.${EDITOR}`,
			viewRule: `proposal.proposed_by = @request.auth.id || proposal.${EDITOR}`,
			// Review steps only, by an editor in their own name; proposing and publishing go through
			// the Trame server (it checks the version and writes the publication).
			createRule: `proposal.${EDITOR} && @request.body.actor = @request.auth.id && (@request.body.step = 'comment' || @request.body.step = 'changes_requested' || @request.body.step = 'approved')`,
			updateRule: null,
			deleteRule: null,
			fields: [
				{
					type: 'relation',
					name: 'proposal',
					required: true,
					collectionId: proposals.id,
					maxSelect: 1,
					cascadeDelete: true
				},
				{
					type: 'select',
					name: 'step',
					required: true,
					maxSelect: 1,
					values: ['proposed', 'comment', 'changes_requested', 'approved', 'published']
				},
				{
					type: 'relation',
					name: 'actor',
					required: true,
					collectionId: users.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				{ type: 'text', name: 'body', max: 5000 },
				// The version a `proposed` or `published` step concerns.
				{ type: 'text', name: 'version', max: 15 },
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
			],
			indexes: [
				'CREATE INDEX `idx_editorial_events_proposal` ON `editorial_events` (`proposal`, `created`)'
			]
		});
		app.save(events);

		const publications = app.findCollectionByNameOrId('publications');
		for (const field of facts) {
			if (field.type === 'select') publications.fields.add(new SelectField(field));
			else if (field.type === 'number') publications.fields.add(new NumberField(field));
			else publications.fields.add(new TextField(field));
		}
		app.save(publications);

		const notifications = app.findCollectionByNameOrId('notifications');
		const kind = notifications.fields.getByName('kind');
		kind.values = [...kind.values.filter((v) => !NOTICES.includes(v)), ...NOTICES];
		// The actor's name as written: an editor who is a member of no experiment (the head of the
		// Labo) is not among the users the recipient may read, yet must be named in their inbox.
		notifications.fields.add(new TextField({ name: 'actor_name', max: 200 }));
		notifications.updateRule = `${notifications.updateRule} && @request.body.actor_name:changed = false`;
		app.save(notifications);

		// Existing experiments: their organisation's administrators and team are the publishers
		// (the same as access_matrix.json's orgActive; archived experiments publish nothing).
		for (const experiment of app.findAllRecords('experiments')) {
			const organisation = experiment.getString('organisation');
			if (!organisation || experiment.getString('status') === 'archivee') continue;
			const rows = app.findRecordsByFilter(
				'org_memberships',
				"organisation = {:organisation} && (role = 'admin' || role = 'team')",
				'',
				0,
				0,
				{ organisation }
			);
			experiment.set('publishers', rows.map((row) => row.getString('user')).sort());
			app.saveNoValidate(experiment);
		}
	},
	(app) => {
		app
			.db()
			.newQuery(
				"DELETE FROM notifications WHERE kind IN ('editorial_proposed', 'editorial_comment', 'editorial_changes', 'editorial_published')"
			)
			.execute();
		const notifications = app.findCollectionByNameOrId('notifications');
		const kind = notifications.fields.getByName('kind');
		kind.values = kind.values.filter((v) => !NOTICES.includes(v));
		notifications.fields.removeByName('actor_name');
		notifications.updateRule = notifications.updateRule.replace(
			' && @request.body.actor_name:changed = false',
			''
		);
		app.save(notifications);
		const publications = app.findCollectionByNameOrId('publications');
		for (const name of ['enjeux', 'territory_type', 'year', 'authors'])
			publications.fields.removeByName(name);
		app.save(publications);
		app.delete(app.findCollectionByNameOrId('editorial_events'));
		app.delete(app.findCollectionByNameOrId('editorial_proposals'));
		const experiments = app.findCollectionByNameOrId('experiments');
		experiments.fields.removeByName('publishers');
		app.save(experiments);
	}
);
