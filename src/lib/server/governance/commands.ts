/**
 * Client commands → domain events. A client says WHAT it wants (`{ type: 'advance' }`); the server
 * adds WHO (`by`, the authenticated user) and WHEN (`at`, the server clock), hashes amended texts
 * and names new objections. A body that tries to say who or when is refused (`forged_field`), and
 * any unknown or mistyped field is refused (`invalid_input`) rather than silently dropped.
 */
import type { PositionKind, RoundEvent } from '../../domain/consent-round';
import type { ElectionEvent, RoleDescription } from '../../domain/election';
import type { SharedRoundEvent } from '../../domain/objection-round';
import { GovernanceError } from './errors';

export interface CommandContext {
	by: string;
	at: string;
	hash: (text: string) => string;
	/**
	 * The form an amended text is kept in (a proposal frozen from a section is kept in the
	 * section's text form, so it can be written back exactly); as typed when absent.
	 */
	canonical?: (text: string) => string;
	newId: () => string;
	/** Used when a go-around asks for a random order. */
	shuffle: (ids: string[]) => string[];
}

type FieldType = 'string' | 'number' | 'boolean' | 'string[]' | 'kind' | 'role';
type Shape = Record<string, { type: FieldType; optional?: boolean }>;

const KINDS: readonly PositionKind[] = ['consent', 'concern', 'objection'];

/** Commands both kinds of round accept, with the same fields and meaning (SharedRoundEvent). */
const SHARED_SHAPES: Record<SharedRoundEvent['type'], Shape> = {
	start_go_around: {
		order: { type: 'string[]', optional: true },
		shuffle: { type: 'boolean', optional: true },
		turnSeconds: { type: 'number' }
	},
	next_speaker: {},
	pass: {},
	test_objection: {
		objectionId: { type: 'string' },
		reasoned: { type: 'boolean' },
		reason: { type: 'string' }
	},
	withdraw_objection: { objectionId: { type: 'string' } },
	mark_absent: { participantId: { type: 'string' } }
};

/** Events only the server's schedule issues (an asynchronous window's reminder and end). */
export type ScheduledEvent = Extract<RoundEvent, { type: 'remind' | 'close_window' }>;
type ClientRoundEvent = Exclude<RoundEvent, ScheduledEvent>;

const CONSENT_SHAPES: Record<ClientRoundEvent['type'], Shape> = {
	...SHARED_SHAPES,
	advance: {},
	amend: { text: { type: 'string' } },
	record_position: {
		kind: { type: 'kind' },
		text: { type: 'string' },
		anchor: { type: 'string', optional: true }
	},
	reveal: {},
	integrate_objection: { objectionId: { type: 'string' }, version: { type: 'number' } },
	adopt: { reviewDate: { type: 'string' } },
	record_input: { text: { type: 'string' } },
	answer_input: { inputId: { type: 'string' }, text: { type: 'string' } },
	withdraw: { reason: { type: 'string' } },
	postpone: { reason: { type: 'string' } }
};

const ELECTION_SHAPES: Record<ElectionEvent['type'], Shape> = {
	...SHARED_SHAPES,
	advance: {},
	describe: { role: { type: 'role' } },
	nominate: { nomineeId: { type: 'string' } },
	propose: { nomineeId: { type: 'string' }, rationale: { type: 'string' } },
	record_position: { kind: { type: 'kind' }, text: { type: 'string' } },
	integrate_objection: { objectionId: { type: 'string' } },
	elect: { termStart: { type: 'string' } },
	cancel: {}
};

const MAX_STRING = 200_000;

function isRoleDescription(value: unknown): value is RoleDescription {
	if (typeof value !== 'object' || value === null) return false;
	const role = value as Record<string, unknown>;
	return (
		Object.keys(role).every((k) => ['title', 'mission', 'skills', 'termMonths'].includes(k)) &&
		typeof role.title === 'string' &&
		typeof role.mission === 'string' &&
		typeof role.skills === 'string' &&
		typeof role.termMonths === 'number'
	);
}

function matches(type: FieldType, value: unknown): boolean {
	switch (type) {
		case 'string':
			return typeof value === 'string' && value.length <= MAX_STRING;
		case 'number':
			return typeof value === 'number' && Number.isFinite(value);
		case 'boolean':
			return typeof value === 'boolean';
		case 'string[]':
			return (
				Array.isArray(value) && value.length <= 500 && value.every((v) => typeof v === 'string')
			);
		case 'kind':
			return typeof value === 'string' && (KINDS as readonly string[]).includes(value);
		case 'role':
			return isRoleDescription(value);
	}
}

/** Checks the body against the shape of its type; returns its fields (without `type`). */
function validate<T extends string>(
	body: unknown,
	shapes: Record<T, Shape>
): { type: T; fields: Record<string, unknown> } {
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		throw new GovernanceError('invalid_input');
	const record = body as Record<string, unknown>;
	if ('by' in record || 'at' in record) throw new GovernanceError('forged_field');
	const type = record.type;
	if (typeof type !== 'string' || !Object.hasOwn(shapes, type))
		throw new GovernanceError('invalid_input');
	const shape = shapes[type as T];
	const fields: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(record)) {
		if (key === 'type') continue;
		const spec = shape[key];
		if (!spec) throw new GovernanceError('invalid_input');
		if (value === undefined || (value === null && spec.optional)) continue;
		if (!matches(spec.type, value)) throw new GovernanceError('invalid_input');
		fields[key] = value;
	}
	for (const [key, spec] of Object.entries(shape)) {
		if (!spec.optional && !(key in fields)) throw new GovernanceError('invalid_input');
	}
	return { type: type as T, fields };
}

const isShared = (type: string): type is SharedRoundEvent['type'] =>
	Object.hasOwn(SHARED_SHAPES, type);

/** The event of a command both kinds of round accept (already checked against its shape). */
function sharedEvent(
	type: SharedRoundEvent['type'],
	f: Record<string, unknown>,
	ctx: CommandContext,
	participants: readonly string[]
): SharedRoundEvent {
	const base = { by: ctx.by, at: ctx.at };
	switch (type) {
		case 'next_speaker':
		case 'pass':
			return { type, ...base };
		case 'start_go_around': {
			const order = f.shuffle === true ? ctx.shuffle([...participants]) : f.order;
			if (!Array.isArray(order)) throw new GovernanceError('invalid_input');
			return { type, ...base, order: order as string[], turnSeconds: f.turnSeconds as number };
		}
		case 'test_objection':
			return {
				type,
				...base,
				objectionId: f.objectionId as string,
				reasoned: f.reasoned as boolean,
				reason: f.reason as string
			};
		case 'withdraw_objection':
			return { type, ...base, objectionId: f.objectionId as string };
		case 'mark_absent':
			return { type, ...base, participantId: f.participantId as string };
	}
}

/** A position's kind and text; an objection is given its id by the server. */
function positionFields(f: Record<string, unknown>, ctx: CommandContext) {
	const kind = f.kind as PositionKind;
	return {
		kind,
		text: f.text as string,
		...(kind === 'objection' ? { objectionId: ctx.newId() } : {})
	};
}

/** The domain event for a consent-round command; `participants` feeds a shuffled go-around. */
export function consentEvent(
	body: unknown,
	ctx: CommandContext,
	participants: readonly string[]
): RoundEvent {
	const { type, fields: f } = validate(body, CONSENT_SHAPES);
	if (isShared(type)) return sharedEvent(type, f, ctx, participants);
	const base = { by: ctx.by, at: ctx.at };
	const str = (key: string) => f[key] as string;
	switch (type) {
		case 'advance':
		case 'reveal':
			return { type, ...base };
		case 'amend': {
			const text = ctx.canonical ? ctx.canonical(str('text')) : str('text');
			return { type, ...base, text, hash: ctx.hash(text) };
		}
		case 'record_input':
			return { type, ...base, text: str('text'), inputId: ctx.newId() };
		case 'answer_input':
			return { type, ...base, inputId: str('inputId'), text: str('text') };
		case 'record_position': {
			const position = positionFields(f, ctx);
			const anchor = position.kind === 'objection' ? (f.anchor as string | undefined) : null;
			return { type, ...base, ...position, anchor: anchor ?? null };
		}
		case 'integrate_objection':
			return { type, ...base, objectionId: str('objectionId'), version: f.version as number };
		case 'adopt':
			return { type, ...base, reviewDate: str('reviewDate') };
		case 'withdraw':
		case 'postpone':
			return { type, ...base, reason: str('reason') };
	}
}

export function electionEvent(
	body: unknown,
	ctx: CommandContext,
	participants: readonly string[] = []
): ElectionEvent {
	const { type, fields: f } = validate(body, ELECTION_SHAPES);
	if (isShared(type)) return sharedEvent(type, f, ctx, participants);
	const base = { by: ctx.by, at: ctx.at };
	const str = (key: string) => f[key] as string;
	switch (type) {
		case 'advance':
		case 'cancel':
			return { type, ...base };
		case 'describe':
			return { type, ...base, role: f.role as RoleDescription };
		case 'nominate':
			return { type, ...base, nomineeId: str('nomineeId') };
		case 'propose':
			return { type, ...base, nomineeId: str('nomineeId'), rationale: str('rationale') };
		case 'record_position':
			return { type, ...base, ...positionFields(f, ctx) };
		case 'integrate_objection':
			return { type, ...base, objectionId: str('objectionId') };
		case 'elect':
			return { type, ...base, termStart: str('termStart') };
	}
}
