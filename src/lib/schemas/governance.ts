/**
 * Input schemas of consent governance: the forms that start a consent round or an election, and
 * every JSON command of `POST /rounds/<id>/events` (one schema per command type). The server
 * adds who (`by`) and when (`at`): a body carrying them is refused before any schema
 * (`forged_field`, src/lib/server/governance/commands.ts).
 */
import * as v from 'valibot';
import { POSITION_TEXT_MAX, PROPOSAL_MAX } from '../domain/consent-round';
import { DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS } from '../domain/consent-window';
import * as f from './fields';

/** rounds.title / rounds.section / decisions.elected_name. */
export const ROUND_TITLE_MAX = 300;
/** A role's mission and skills (an election's description). */
export const ROLE_TEXT_MAX = 5000;
/** Reasons (withdrawal, postponement, an objection test) and a proposal's rationale. */
export const REASON_MAX = 5000;
/** Participants of a round (members of one experiment). */
export const PARTICIPANTS_MAX = 500;
/** An objection's anchor: the passage of the proposal it is about. */
export const ANCHOR_TEXT_MAX = 2000;
export const TERM_MONTHS = { min: 1, max: 72 } as const;
export const TURN_SECONDS = { min: 10, max: 1800 } as const;

/** `<document id>:<section index>:<heading>` of the source select. */
const SOURCE = /^[a-z0-9]{15}:\d{1,4}:.+$/s;

/** `/experiences/<id>/decisions/nouvelle?/consent`. */
export const newConsentRound = f.form(
	{
		title: f.text({ max: ROUND_TITLE_MAX, required: true, pb: 'rounds.title' }),
		source: v.pipe(
			f.text({ max: 16 + 5 + ROUND_TITLE_MAX }),
			v.check((s) => s === '' || SOURCE.test(s), 'choice')
		),
		section: f.text({ max: ROUND_TITLE_MAX, pb: 'rounds.section' }),
		text: f.text({
			max: PROPOSAL_MAX,
			multiline: true,
			requiredIf: 'no source nor renewal',
			pb: 'decisions.text'
		}),
		/** A renewal: the register entry whose section comes up for review (replaces `source`). */
		renews: f.id({ required: false }),
		proposer: f.id(),
		participants: f.ids({ min: 1, max: PARTICIPANTS_MAX }),
		hidePositions: f.flag(),
		remoteDeadline: f.datetime({ future: true }),
		/** `async`: an asynchronous no-objection window instead of a round in the room. */
		mode: f.optionalChoice(['live', 'async']),
		// Only the asynchronous mode shows (and sends) the window's fields.
		windowDays: v.optional(
			f.integer({ min: 1, max: MAX_WINDOW_DAYS }),
			String(DEFAULT_WINDOW_DAYS)
		),
		windowReviewDate: f.date({ future: true })
	},
	{
		rules: [
			{
				fields: ['source', 'text', 'renews'],
				check: (r) =>
					r.source === '' && r.text === '' && r.renews === ''
						? { field: 'text', code: 'required' }
						: null
			},
			{
				fields: ['mode', 'windowReviewDate'],
				check: (r) =>
					r.mode === 'async' && r.windowReviewDate === ''
						? { field: 'windowReviewDate', code: 'required' }
						: null
			}
		]
	}
);

/** `/experiences/<id>/decisions/nouvelle?/election`. */
export const newElection = f.form({
	title: f.text({ max: ROUND_TITLE_MAX, required: true, pb: 'rounds.title' }),
	mission: f.text({ max: ROLE_TEXT_MAX, required: true, multiline: true }),
	skills: f.text({ max: ROLE_TEXT_MAX, multiline: true }),
	termMonths: f.integer(TERM_MONTHS),
	participants: f.ids({ min: 1, max: PARTICIPANTS_MAX }),
	/** The document whose COPIL part receives the elected person's seat. */
	copilDocument: f.id({ required: false })
});

const type = <const T extends string>(name: T) => v.literal(name, 'choice');

/** The speaking order, unless the server draws it (`shuffle`). */
const goAroundOrder: f.ObjectRule<{ order: string[]; shuffle: boolean }> = {
	fields: ['order', 'shuffle'],
	check: (c) => (!c.shuffle && c.order.length === 0 ? { field: 'order', code: 'required' } : null)
};

const goAround = {
	order: f.ids({ max: PARTICIPANTS_MAX, requiredIf: 'not shuffled' }),
	shuffle: f.flag({ json: true }),
	turnSeconds: f.jsonInteger(TURN_SECONDS)
};
const objectionId = f.id();
const positionKind = f.choice(['consent', 'concern', 'objection']);
const positionText = f.text({ max: POSITION_TEXT_MAX, multiline: true });
const reason = f.text({ max: REASON_MAX, multiline: true, pb: 'decisions.reason' });
const testObjection = {
	objectionId,
	reasoned: f.flag({ json: true, required: true }),
	reason: f.text({ max: REASON_MAX, multiline: true })
};

/** One schema per consent-round command, by `type`. */
export const consentCommands = {
	advance: f.command({ type: type('advance') }),
	amend: f.command({
		type: type('amend'),
		text: f.text({
			max: PROPOSAL_MAX,
			required: true,
			multiline: true,
			pb: 'decisions.text',
			// A proposal's text (the domain's `text_required`); a register entry may have none.
			requiredBeyondCollection: true
		})
	}),
	start_go_around: f.command(
		{ type: type('start_go_around'), ...goAround },
		{ rules: [goAroundOrder] }
	),
	next_speaker: f.command({ type: type('next_speaker') }),
	pass: f.command({ type: type('pass') }),
	record_position: f.command({
		type: type('record_position'),
		kind: positionKind,
		text: positionText,
		anchor: f.text({ max: ANCHOR_TEXT_MAX, multiline: true })
	}),
	reveal: f.command({ type: type('reveal') }),
	test_objection: f.command({ type: type('test_objection'), ...testObjection }),
	withdraw_objection: f.command({ type: type('withdraw_objection'), objectionId }),
	integrate_objection: f.command({
		type: type('integrate_objection'),
		objectionId,
		version: f.jsonInteger({ min: 1, max: 100_000 })
	}),
	mark_absent: f.command({ type: type('mark_absent'), participantId: f.id() }),
	adopt: f.command({
		type: type('adopt'),
		reviewDate: f.date({ required: true, future: true })
	}),
	// A question or remark on the proposal during an asynchronous window, and its answer.
	record_input: f.command({
		type: type('record_input'),
		text: f.text({ max: POSITION_TEXT_MAX, required: true, multiline: true })
	}),
	answer_input: f.command({
		type: type('answer_input'),
		inputId: f.id(),
		text: f.text({ max: POSITION_TEXT_MAX, required: true, multiline: true })
	}),
	withdraw: f.command({ type: type('withdraw'), reason }),
	postpone: f.command({ type: type('postpone'), reason })
} as const;

/** One schema per election command, by `type`. */
export const electionCommands = {
	advance: f.command({ type: type('advance') }),
	describe: f.command({
		type: type('describe'),
		role: f.command({
			title: f.text({ max: ROUND_TITLE_MAX, required: true }),
			mission: f.text({ max: ROLE_TEXT_MAX, required: true, multiline: true }),
			skills: f.text({ max: ROLE_TEXT_MAX, multiline: true }),
			termMonths: f.jsonInteger(TERM_MONTHS)
		})
	}),
	nominate: f.command({ type: type('nominate'), nomineeId: f.id() }),
	propose: f.command({
		type: type('propose'),
		nomineeId: f.id(),
		rationale: f.text({ max: REASON_MAX, multiline: true })
	}),
	record_position: f.command({
		type: type('record_position'),
		kind: positionKind,
		text: positionText
	}),
	test_objection: f.command({ type: type('test_objection'), ...testObjection }),
	withdraw_objection: f.command({ type: type('withdraw_objection'), objectionId }),
	integrate_objection: f.command({ type: type('integrate_objection'), objectionId }),
	start_go_around: f.command(
		{ type: type('start_go_around'), ...goAround },
		{ rules: [goAroundOrder] }
	),
	next_speaker: f.command({ type: type('next_speaker') }),
	pass: f.command({ type: type('pass') }),
	mark_absent: f.command({ type: type('mark_absent'), participantId: f.id() }),
	elect: f.command({ type: type('elect'), termStart: f.date({ required: true }) }),
	cancel: f.command({ type: type('cancel') })
} as const;

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * `POST /rounds/<id>/writeback`: the facilitator's choice when the section changed since it was
 * frozen (`apply` the adopted text, `keep_current`, `merge` with the merged `text`), each given
 * the hash of the section's text they saw (`currentHash`); or `retry` a write that failed.
 */
export const writebackChoice = f.command(
	{
		choice: f.choice(['apply', 'keep_current', 'merge', 'retry']),
		currentHash: v.pipe(
			f.text({ max: 64, requiredIf: 'a choice other than retry' }),
			v.check((s) => s === '' || SHA256_HEX.test(s), 'invalid')
		),
		text: f.text({ max: PROPOSAL_MAX, multiline: true, requiredIf: 'merge' })
	},
	{
		rules: [
			{
				fields: ['choice', 'currentHash'],
				check: (c) =>
					c.choice !== 'retry' && c.currentHash === ''
						? { field: 'currentHash', code: 'required' }
						: null
			},
			{
				fields: ['choice', 'text'],
				check: (c) =>
					c.choice === 'merge' && c.text.trim() === ''
						? { field: 'text', code: 'required' }
						: c.choice !== 'merge' && c.text !== ''
							? { field: 'text', code: 'invalid' }
							: null
			}
		]
	}
);

/**
 * `GET /experiences/<id>/decisions/proces-verbal?format=…[&decision=…]` (the register's filters,
 * `q`, `kind`, `outcome`, `due`, are read as the register page reads them: unknown values ignored).
 */
export const procesVerbalQuery = f.form({
	format: f.choice(['docx', 'pdf']),
	decision: f.id({ required: false })
});
