/**
 * Input schemas of séances (COPIL meetings), their agenda, attendance and follow-up actions.
 * Limits agree with pocketbase/pb_migrations/1765800000_seances.js.
 */
import * as v from 'valibot';
import { PROPOSAL_MAX } from '../domain/consent-round';
import { RUN_COMMANDS } from '../domain/seances/run';
import { FOLLOW_UP_STATUSES } from '../domain/seances/follow-up';
import { ATTENDANCE_STATUSES, ITEM_KINDS } from '../domain/seances/seance';
import * as f from './fields';

export const SEANCE_TITLE_MAX = 200;
export const PLACE_MAX = 300;
export const VISIO_URL_MAX = 500;
export const ITEM_TITLE_MAX = 300;
export const FOLLOW_UP_MAX = 500;
/** Links suggested items to the agenda at once (rounds, decisions, the previous minutes). */
export const PICKS_MAX = 100;

/** `/experiences/<id>/seances/nouvelle` and `…/seances/<seance>/modifier`. */
export const seance = f.form({
	title: f.text({ max: SEANCE_TITLE_MAX, required: true, pb: 'seances.title' }),
	// The day (jj/mm/aaaa) and the time, read as Paris wall-clock time (the room's).
	startsOn: f.date({ required: true }),
	startsTime: f.time({ required: true }),
	durationMinutes: f.integer({ min: 0, max: 1440, pb: 'seances.duration_minutes' }),
	place: f.text({ max: PLACE_MAX, pb: 'seances.place' }),
	visioUrl: v.pipe(
		f.text({ max: VISIO_URL_MAX }),
		v.check((s) => s === '' || /^https?:\/\/[^\s/]+\.[^\s]+$/i.test(s), 'invalid')
	),
	quorum: f.integer({ min: 0, max: 500, pb: 'seances.quorum' }),
	facilitator: f.id({ required: false }),
	secretary: f.id({ required: false }),
	// Members invited (inbox, and email with an .ics when mail is configured).
	invitees: f.ids({ max: 500 })
});

/** A free agenda item. */
export const agendaItem = f.form({
	title: f.text({ max: ITEM_TITLE_MAX, required: true, pb: 'seance_items.title' }),
	durationMinutes: f.integer({ min: 0, max: 600, pb: 'seance_items.duration_minutes' }),
	kind: f.choice(ITEM_KINDS, { pb: 'seance_items.kind' })
});

/** Suggested items picked by the facilitator: the ids they link to, and the overdue actions. */
export const agendaPicks = f.form({
	picks: f.ids({ max: PICKS_MAX }),
	overdue: f.flag()
});

/** Moves an agenda item one place up or down (buttons, keyboard included). */
export const moveItem = f.form({
	item: f.id(),
	direction: f.choice(['up', 'down'] as const)
});

/** Names an agenda item (removal). */
export const itemRef = f.form({ item: f.id() });

/** One member's attendance. */
export const attendance = f.form({
	user: f.id(),
	status: f.choice(ATTENDANCE_STATUSES)
});

/** A follow-up action. */
export const followUp = f.form({
	what: f.text({ max: FOLLOW_UP_MAX, required: true, pb: 'follow_ups.what' }),
	owner: f.id(),
	dueDate: f.date({ pb: 'follow_ups.due_date' }),
	seanceItem: f.id({ required: false })
});

/** `/experiences/[id]/actions?/create`: an action from a decision or a comment thread (or none). */
export const followUpFrom = f.form({
	what: f.text({ max: FOLLOW_UP_MAX, required: true, pb: 'follow_ups.what' }),
	owner: f.id(),
	dueDate: f.date({ pb: 'follow_ups.due_date' }),
	decision: f.id({ required: false }),
	thread: f.id({ required: false })
});

/** A follow-up action's status. */
export const followUpStatus = f.form({
	action: f.id(),
	status: f.choice(FOLLOW_UP_STATUSES, { pb: 'follow_ups.status' })
});

/**
 * A step of the run: start, next item, close. `from` is the item the facilitator saw as current:
 * a second facilitator's click on a stale page must not skip an item.
 */
export const runStep = f.form({
	command: f.choice(RUN_COMMANDS),
	from: f.id({ required: false })
});

/** A consent round started from an agenda item, on its proposal. */
export const itemRound = f.form({
	item: f.id(),
	text: f.text({
		max: PROPOSAL_MAX,
		multiline: true,
		required: true,
		pb: 'decisions.text',
		// A proposal's text (the domain's `text_required`); a register entry may have none.
		requiredBeyondCollection: true
	}),
	proposer: f.id()
});
