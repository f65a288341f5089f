/// <reference path="../../.data/pb_data/types.d.ts" />
/* global onRecordCreate, onRecordUpdate, onRecordDelete */
// Invariants of consent governance, owned by the store itself so that even a superuser client (the
// Trame server, the Admin UI) cannot break them. Model hooks run for API, batch and Go writes alike.
// Error messages are stable ids; the app maps them to French messages.
//
// - A round is created open at revision 0; each update moves its revision by exactly one
//   (optimistic concurrency: a writer that read a stale round is refused, nothing is lost).
// - A round stored closed never changes again (except losing its link to a deleted document).
// - Rounds, round_events and decisions are never deleted; events and decisions never updated.
// - A decision's write-back record (how its text reached the document) is written once, never
//   changed nor deleted.

onRecordCreate((e) => {
	if (e.record.getBool('closed')) throw new BadRequestError('round_created_closed');
	if (e.record.getInt('revision') !== 0) throw new BadRequestError('revision_conflict');
	e.next();
}, 'rounds');

onRecordUpdate((e) => {
	const before = e.record.original();
	const after = e.record;
	const fixed = ['experiment', 'kind', 'created_by', 'source_state', 'source_anchor', 'renews'];
	for (const field of fixed) {
		if (before.getString(field) !== after.getString(field))
			throw new BadRequestError('round_field_immutable');
	}
	if (before.getBool('closed')) {
		// The only change a closed round accepts: its document deleted (relation unset).
		const unchanged = ['title', 'section', 'state', 'phase', 'closed', 'revision'].every(
			(field) => before.getString(field) === after.getString(field)
		);
		const documentUnset = before.getString('document') !== '' && after.getString('document') === '';
		if (!unchanged || !documentUnset) throw new BadRequestError('round_closed');
		e.next();
		return;
	}
	if (after.getInt('revision') !== before.getInt('revision') + 1)
		throw new BadRequestError('revision_conflict');
	e.next();
}, 'rounds');

onRecordDelete(() => {
	throw new BadRequestError('round_immutable');
}, 'rounds');

onRecordUpdate(() => {
	throw new BadRequestError('round_event_immutable');
}, 'round_events');

onRecordDelete(() => {
	throw new BadRequestError('round_event_immutable');
}, 'round_events');

onRecordUpdate(() => {
	throw new BadRequestError('decision_immutable');
}, 'decisions');

onRecordDelete(() => {
	throw new BadRequestError('decision_immutable');
}, 'decisions');

onRecordUpdate(() => {
	throw new BadRequestError('reminder_immutable');
}, 'decision_reminders');

onRecordUpdate(() => {
	throw new BadRequestError('writeback_immutable');
}, 'decision_writebacks');

onRecordDelete(() => {
	throw new BadRequestError('writeback_immutable');
}, 'decision_writebacks');
