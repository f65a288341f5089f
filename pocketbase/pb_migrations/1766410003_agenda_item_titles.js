/// <reference path="../../.data/pb_data/types.d.ts" />
/* global NumberField, SelectField, TextField */
// Agenda items generated from the work keep a reason and a subject (src/lib/domain/seances/
// item-title.ts) so each reader sees their title in their language; `title` keeps the text as
// written when created (exports, free items). Existing items are recognised by their French or
// English wording (the same prefixes as item-title.ts: keep them in step).
// Regenerate src/lib/pocketbase/types.ts with any change.

const PREFIXES = {
	minutes: ['Approbation du compte rendu : ', 'Approval of the minutes: '],
	escalated: [
		'Objections à intégrer (consentement à distance non conclu) : ',
		'Objections to integrate (remote consent not concluded): '
	],
	round: ['Proposition à décider par consentement : ', 'Proposal to decide by consent: '],
	election: ['Élection sans candidat : ', 'Election without candidates: '],
	review: ['Révision de la décision : ', 'Review of the decision: ']
};
const OVERDUE = [/^Actions en retard \((\d+)\)$/, /^Overdue actions \((\d+)\)$/];

function parse(title) {
	for (const reason of Object.keys(PREFIXES)) {
		const prefix = PREFIXES[reason].find((p) => title.startsWith(p));
		if (prefix && title.length > prefix.length)
			return { reason, subject: title.slice(prefix.length), count: 0 };
	}
	for (const pattern of OVERDUE) {
		const match = pattern.exec(title);
		if (match) return { reason: 'overdue', subject: '', count: Number(match[1]) };
	}
	return null;
}

migrate(
	(app) => {
		const items = app.findCollectionByNameOrId('seance_items');
		items.fields.add(
			new SelectField({
				name: 'title_reason',
				maxSelect: 1,
				values: ['minutes', 'escalated', 'round', 'election', 'review', 'overdue']
			})
		);
		items.fields.add(new TextField({ name: 'title_subject', max: 2000 }));
		items.fields.add(new NumberField({ name: 'title_count', onlyInt: true, min: 0 }));
		app.save(items);
		for (const record of app.findAllRecords('seance_items')) {
			const found = parse(record.getString('title'));
			if (!found) continue;
			record.set('title_reason', found.reason);
			record.set('title_subject', found.subject);
			record.set('title_count', found.count);
			app.save(record);
		}
	},
	(app) => {
		const items = app.findCollectionByNameOrId('seance_items');
		for (const name of ['title_reason', 'title_subject', 'title_count'])
			items.fields.removeByName(name);
		app.save(items);
	}
);
