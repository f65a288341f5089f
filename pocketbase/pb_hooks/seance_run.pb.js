/// <reference path="../../.data/pb_data/types.d.ts" />
// Running a séance (src/lib/server/seances/run.ts): each step (start, next, close) carries
// `run_from`, the item its author saw as current. PocketBase checks it against the stored
// `current_item` inside the step's batch transaction (writes are serialised), so of two
// facilitators pressing « Point suivant » at once, one moves on and the other is refused: no item
// is ever skipped, whatever the number of app instances. `run_from` is not stored.
onRecordUpdateRequest((e) => {
	const body = e.requestInfo().body || {};
	if (Object.prototype.hasOwnProperty.call(body, 'run_from')) {
		const original = e.record.original();
		const from = String(body.run_from || '');
		const stale =
			from === ''
				? original.getString('status') !== 'planned'
				: original.getString('status') !== 'running' || original.getString('current_item') !== from;
		if (stale) {
			throw new BadRequestError('seance_run_stale: la séance a déjà avancé entre-temps.');
		}
	}
	e.next();
}, 'seances');
