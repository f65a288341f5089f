/** Encoders for the messages the server sends (y-websocket framing + Trame's save acks). */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { MessageType } from '../../src/lib/collab/protocol';

/** y-protocols sync sub-types (see y-protocols/sync). */
export const SyncStep = { Step1: 0, Step2: 1, Update: 2 } as const;

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.Sync);
	encoding.writeVarUint(encoder, SyncStep.Step1);
	encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc));
	return encoding.toUint8Array(encoder);
}

export function encodeSyncStep2(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.Sync);
	encoding.writeVarUint(encoder, SyncStep.Step2);
	encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(doc, stateVector));
	return encoding.toUint8Array(encoder);
}

/** Sync step 2 carrying an already encoded update (e.g. a stored snapshot). */
export function encodeSyncStep2Update(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.Sync);
	encoding.writeVarUint(encoder, SyncStep.Step2);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.Sync);
	encoding.writeVarUint(encoder, SyncStep.Update);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

export function encodeAwarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.Awareness);
	encoding.writeVarUint8Array(encoder, awarenessUpdate);
	return encoding.toUint8Array(encoder);
}

export function encodeSaved(requestId: number): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.Saved);
	encoding.writeVarUint(encoder, requestId);
	return encoding.toUint8Array(encoder);
}

export function encodeError(id: string, details: Record<string, unknown> = {}): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.Error);
	encoding.writeVarString(encoder, id);
	encoding.writeVarString(encoder, JSON.stringify(details));
	return encoding.toUint8Array(encoder);
}

/**
 * One client's entry of an awareness update (client id, clock, the state's JSON text; "null" = left), as
 * y-protocols encodes it: encoded once per tick and shared by every peer's message.
 */
export function encodeAwarenessEntry(clientId: number, clock: number, json: string): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, clientId);
	encoding.writeVarUint(encoder, clock);
	encoding.writeVarString(encoder, json);
	return encoding.toUint8Array(encoder);
}

/** An awareness update (y-protocols) made of entries from `encodeAwarenessEntry`. */
export function awarenessUpdateOf(entries: readonly Uint8Array[]): Uint8Array {
	const update = encoding.createEncoder();
	encoding.writeVarUint(update, entries.length);
	for (const entry of entries) encoding.writeUint8Array(update, entry);
	return encoding.toUint8Array(update);
}

/** An Awareness message made of entries from `encodeAwarenessEntry`. */
export function encodeAwarenessEntries(entries: readonly Uint8Array[]): Uint8Array {
	return encodeAwarenessMessage(awarenessUpdateOf(entries));
}
