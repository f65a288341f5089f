/**
 * The resource centre's editorial path: a member proposes a frozen version of a document for
 * publication, an organisation editor (the `publish` action of access.ts) comments, requests
 * changes (back to the proposer), approves and publishes. The state of a proposal is derived from
 * its events, never stored. Pure: the server (src/lib/server/resources/editorial.ts) loads the
 * events and applies the moves this file allows.
 */
import { DEFAULT_LICENCE, type Licence } from './resources';

/** Kinds of document that go through the editorial path (a subset of the catalogue's). */
export const EDITORIAL_KINDS = [
	'fiche_retour',
	'guide_methodologique',
	'protocole',
	'carnet_de_bord'
] as const;
export type EditorialKind = (typeof EDITORIAL_KINDS)[number];

/** Same limits as migration 1766610000_editorial.js. */
export const EDITORIAL_BODY_MAX = 5000;
export const AUTHORS_MAX = 500;
export const YEAR_MIN = 1990;
export const YEAR_MAX = 2100;

/** What is stored, one row per event, oldest first. */
export const EDITORIAL_STEPS = [
	'proposed',
	'comment',
	'changes_requested',
	'approved',
	'published'
] as const;
export type EditorialStep = (typeof EDITORIAL_STEPS)[number];

export interface EditorialEvent {
	step: EditorialStep;
	actor: string;
	/** ISO date-time. */
	at: string;
	body?: string;
	/** The version a `proposed` or `published` step concerns. */
	versionId?: string;
}

/**
 * - `draft`: nothing proposed yet;
 * - `to_review`: proposed (or proposed again), waiting for an editor (« À relire »);
 * - `changes_requested`: back with the proposer;
 * - `approved`: an editor approved it, not yet published;
 * - `published`: the proposed version is public (a new proposal may follow).
 */
export type ProposalState = 'draft' | 'to_review' | 'changes_requested' | 'approved' | 'published';

/** The state after these events (comments change nothing). */
export function proposalState(events: readonly Pick<EditorialEvent, 'step'>[]): ProposalState {
	let state: ProposalState = 'draft';
	for (const { step } of events) {
		if (step === 'proposed') state = 'to_review';
		else if (step === 'changes_requested') state = 'changes_requested';
		else if (step === 'approved') state = 'approved';
		else if (step === 'published') state = 'published';
	}
	return state;
}

/** States an editor has something to do in (the organisation's « À relire » queue). */
export const awaitsEditor = (state: ProposalState) => state === 'to_review' || state === 'approved';

export type EditorialMove = 'propose' | 'comment' | 'request_changes' | 'approve' | 'publish';

export interface EditorialActor {
	/** May write in the document's experiment (proposes, answers). */
	writer: boolean;
	/** Holds the `publish` action (reviews and publishes). */
	editor: boolean;
}

export type EditorialRefusal = 'forbidden' | 'wrong_state';

/** The states each move starts from, and who makes it. */
const MOVES: Readonly<
	Record<EditorialMove, { from: readonly ProposalState[]; by: (a: EditorialActor) => boolean }>
> = {
	propose: {
		from: ['draft', 'changes_requested', 'published'],
		by: (a) => a.writer || a.editor
	},
	comment: {
		from: ['to_review', 'changes_requested', 'approved'],
		by: (a) => a.writer || a.editor
	},
	request_changes: { from: ['to_review', 'approved'], by: (a) => a.editor },
	approve: { from: ['to_review'], by: (a) => a.editor },
	publish: { from: ['to_review', 'approved'], by: (a) => a.editor }
};

/** May this actor make this move on a proposal in this state? Rights are checked first. */
export function checkMove(
	state: ProposalState,
	move: EditorialMove,
	actor: EditorialActor
): { ok: true } | { ok: false; error: EditorialRefusal } {
	const rule = MOVES[move];
	if (!rule.by(actor)) return { ok: false, error: 'forbidden' };
	if (!rule.from.includes(state)) return { ok: false, error: 'wrong_state' };
	return { ok: true };
}

/** The steps a move records: publishing an unapproved proposal approves it first. */
export function stepsOf(move: EditorialMove, state: ProposalState): EditorialStep[] {
	switch (move) {
		case 'propose':
			return ['proposed'];
		case 'comment':
			return ['comment'];
		case 'request_changes':
			return ['changes_requested'];
		case 'approve':
			return ['approved'];
		case 'publish':
			return state === 'approved' ? ['published'] : ['approved', 'published'];
	}
}

/**
 * Who hears of a move: editors of a proposal (re)proposed; the proposer of a change request,
 * approval or publication; everyone involved (proposer, editors who acted) of a comment. Never
 * the actor.
 */
export function editorialRecipients(input: {
	move: EditorialMove;
	actor: string;
	proposer: string;
	editors: readonly string[];
	events: readonly Pick<EditorialEvent, 'actor'>[];
}): string[] {
	const { move, actor, proposer, editors, events } = input;
	let to: string[];
	if (move === 'propose') to = [...editors];
	else if (move === 'comment') {
		const involved = events.map((e) => e.actor).filter((id) => editors.includes(id));
		to = [proposer, ...(involved.length > 0 ? involved : editors)];
	} else to = [proposer];
	return [...new Set(to)].filter((id) => id !== actor);
}

/** Catalogue facts a proposal carries to its publication. */
export interface ProposalFacts {
	kind: EditorialKind;
	summary: string;
	enjeux: string[];
	territoryType: string;
	year: number;
	authors: string;
	licence: Licence;
}

/** A new proposal's facts: from the experiment and the document, this year, CC BY-SA 4.0. */
export function defaultFacts(input: {
	documentKind: string;
	enjeux: readonly string[];
	territoryType: string;
	now: Date;
}): ProposalFacts {
	const kind = (EDITORIAL_KINDS as readonly string[]).includes(input.documentKind)
		? (input.documentKind as EditorialKind)
		: 'fiche_retour';
	return {
		kind,
		summary: '',
		enjeux: [...input.enjeux],
		territoryType: input.territoryType,
		year: input.now.getUTCFullYear(),
		authors: '',
		licence: DEFAULT_LICENCE
	};
}
