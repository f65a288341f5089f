/**
 * Client commands → domain events. A client says WHAT it wants (`{ type: 'advance' }`); the server
 * adds WHO (`by`, the authenticated user) and WHEN (`at`, the server clock), hashes amended texts
 * and names new objections. A body that tries to say who or when is refused (`forged_field`), and
 * any unknown or mistyped field is refused (`invalid_input`, with field errors) rather than
 * silently dropped: each command type has its declared schema (src/lib/schemas/governance.ts).
 */
import * as v from 'valibot';
import type { PositionKind, RoundEvent } from '../../domain/consent-round';
import type { ElectionEvent, RoleDescription } from '../../domain/election';
import type { SharedRoundEvent } from '../../domain/objection-round';
import { consentCommands, electionCommands } from '../../schemas/governance';
import { fieldErrorsOf, fieldMessage } from '../../schemas/messages';
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

/** Events only the server's schedule issues (an asynchronous window's reminder and end). */
export type ScheduledEvent = Extract<RoundEvent, { type: 'remind' | 'close_window' }>;

/** Commands both kinds of round accept, with the same fields and meaning (SharedRoundEvent). */
const SHARED_TYPES: ReadonlySet<string> = new Set<SharedRoundEvent['type']>([
	'start_go_around',
	'next_speaker',
	'pass',
	'test_objection',
	'withdraw_objection',
	'mark_absent'
]);

/**
 * The command's schema by its `type` (src/lib/schemas/governance.ts), its output fields. A body
 * that is no object or names no known type is `invalid_input`; one carrying `by` or `at` is
 * `forged_field` whatever else it holds; fields the schema refuses are `invalid_input` with one
 * French error per field.
 */
function validate<T extends string>(
	body: unknown,
	schemas: Readonly<Record<T, v.GenericSchema>>
): { type: T; fields: Record<string, unknown> } {
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		throw new GovernanceError('invalid_input');
	const record = body as Record<string, unknown>;
	if ('by' in record || 'at' in record) throw new GovernanceError('forged_field');
	const type = record.type;
	if (typeof type !== 'string' || !Object.hasOwn(schemas, type))
		throw new GovernanceError('invalid_input', {
			type: { code: 'choice', message: fieldMessage('choice') ?? '' }
		});
	const schema = schemas[type as T];
	const result = v.safeParse(schema, record);
	if (!result.success)
		throw new GovernanceError('invalid_input', fieldErrorsOf(schema, result.issues));
	const { type: _type, ...fields } = result.output as Record<string, unknown>;
	return { type: type as T, fields };
}

const isShared = (type: string): type is SharedRoundEvent['type'] => SHARED_TYPES.has(type);

/** The event of a command both kinds of round accept (already checked against its schema). */
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
	const { type, fields: f } = validate(body, consentCommands);
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
			const anchor = position.kind === 'objection' ? (f.anchor as string) || null : null;
			return { type, ...base, ...position, anchor };
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
	const { type, fields: f } = validate(body, electionCommands);
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
