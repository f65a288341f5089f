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
import { consentCommands, electionCommands } from '../../schemas/governance';
import { fieldErrorsOf, fieldMessage } from '../../schemas/messages';
import { GovernanceError } from './errors';

export interface CommandContext {
	by: string;
	at: string;
	hash: (text: string) => string;
	newId: () => string;
	/** Used when a go-around asks for a random order. */
	shuffle: (ids: string[]) => string[];
}

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

/** The domain event for a consent-round command; `participants` feeds a shuffled go-around. */
export function consentEvent(
	body: unknown,
	ctx: CommandContext,
	participants: readonly string[]
): RoundEvent {
	const { type, fields: f } = validate(body, consentCommands);
	const base = { by: ctx.by, at: ctx.at };
	const str = (key: string) => f[key] as string;
	switch (type) {
		case 'advance':
		case 'next_speaker':
		case 'pass':
		case 'reveal':
			return { type, ...base };
		case 'amend':
			return { type, ...base, text: str('text'), hash: ctx.hash(str('text')) };
		case 'start_go_around':
			return { type, ...base, ...goAroundFields(f, ctx, participants) };
		case 'mark_absent':
			return { type, ...base, participantId: str('participantId') };
		case 'record_position': {
			const kind = f.kind as PositionKind;
			return {
				type,
				...base,
				kind,
				text: str('text'),
				anchor: kind === 'objection' ? (f.anchor as string) || null : null,
				...(kind === 'objection' ? { objectionId: ctx.newId() } : {})
			};
		}
		case 'test_objection':
			return {
				type,
				...base,
				objectionId: str('objectionId'),
				reasoned: f.reasoned as boolean,
				reason: str('reason')
			};
		case 'withdraw_objection':
			return { type, ...base, objectionId: str('objectionId') };
		case 'integrate_objection':
			return { type, ...base, objectionId: str('objectionId'), version: f.version as number };
		case 'adopt':
			return { type, ...base, reviewDate: str('reviewDate') };
		case 'withdraw':
		case 'postpone':
			return { type, ...base, reason: str('reason') };
	}
}

function goAroundFields(
	f: Record<string, unknown>,
	ctx: CommandContext,
	participants: readonly string[]
): { order: string[]; turnSeconds: number } {
	const order = f.shuffle === true ? ctx.shuffle([...participants]) : f.order;
	if (!Array.isArray(order)) throw new GovernanceError('invalid_input');
	return { order: order as string[], turnSeconds: f.turnSeconds as number };
}

export function electionEvent(
	body: unknown,
	ctx: CommandContext,
	participants: readonly string[] = []
): ElectionEvent {
	const { type, fields: f } = validate(body, electionCommands);
	const base = { by: ctx.by, at: ctx.at };
	const str = (key: string) => f[key] as string;
	switch (type) {
		case 'advance':
		case 'cancel':
		case 'next_speaker':
		case 'pass':
			return { type, ...base };
		case 'start_go_around':
			return { type, ...base, ...goAroundFields(f, ctx, participants) };
		case 'mark_absent':
			return { type, ...base, participantId: str('participantId') };
		case 'describe':
			return { type, ...base, role: f.role as RoleDescription };
		case 'nominate':
			return { type, ...base, nomineeId: str('nomineeId') };
		case 'propose':
			return { type, ...base, nomineeId: str('nomineeId'), rationale: str('rationale') };
		case 'record_position': {
			const kind = f.kind as PositionKind;
			return {
				type,
				...base,
				kind,
				text: str('text'),
				...(kind === 'objection' ? { objectionId: ctx.newId() } : {})
			};
		}
		case 'test_objection':
			return {
				type,
				...base,
				objectionId: str('objectionId'),
				reasoned: f.reasoned as boolean,
				reason: str('reason')
			};
		case 'withdraw_objection':
		case 'integrate_objection':
			return { type, ...base, objectionId: str('objectionId') };
		case 'elect':
			return { type, ...base, termStart: str('termStart') };
	}
}
