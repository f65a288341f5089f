/**
 * Messages between instances holding the same document (one bus channel per document). Every
 * message names its sender: one document load of one instance (`<instance>/<load>`).
 *
 * - Hello: "I hold it (again)": my state vector, durable seq, my clients' presence. Holders
 *   answer with a Sync addressed to me.
 * - Sync: what you lack (against your state vector), my state vector (answer with what I lack),
 *   the seq that covers it, my durable seq, my clients' presence.
 * - Update: document updates of my clients (or of the server on their behalf), up to my seq `seq`.
 * - Awareness: presence changes of my clients (a y-protocols awareness update).
 * - Durable: everything up to my seq is stored.
 * - Bye: I unloaded it; everything up to my seq is stored.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const RelayType = {
	Hello: 0,
	Sync: 1,
	Update: 2,
	Awareness: 3,
	Durable: 4,
	Bye: 5
} as const;

export type RelayMessage =
	| {
			type: typeof RelayType.Hello;
			sender: string;
			stateVector: Uint8Array;
			durableSeq: number;
			awareness: Uint8Array;
	  }
	| {
			type: typeof RelayType.Sync;
			sender: string;
			target: string;
			update: Uint8Array;
			stateVector: Uint8Array;
			seq: number;
			durableSeq: number;
			awareness: Uint8Array;
	  }
	| { type: typeof RelayType.Update; sender: string; seq: number; update: Uint8Array }
	| { type: typeof RelayType.Awareness; sender: string; awareness: Uint8Array }
	| { type: typeof RelayType.Durable; sender: string; durableSeq: number }
	| { type: typeof RelayType.Bye; sender: string; durableSeq: number };

export function encodeRelay(message: RelayMessage): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, message.type);
	encoding.writeVarString(encoder, message.sender);
	switch (message.type) {
		case RelayType.Hello:
			encoding.writeVarUint8Array(encoder, message.stateVector);
			encoding.writeVarUint(encoder, message.durableSeq);
			encoding.writeVarUint8Array(encoder, message.awareness);
			break;
		case RelayType.Sync:
			encoding.writeVarString(encoder, message.target);
			encoding.writeVarUint8Array(encoder, message.update);
			encoding.writeVarUint8Array(encoder, message.stateVector);
			encoding.writeVarUint(encoder, message.seq);
			encoding.writeVarUint(encoder, message.durableSeq);
			encoding.writeVarUint8Array(encoder, message.awareness);
			break;
		case RelayType.Update:
			encoding.writeVarUint(encoder, message.seq);
			encoding.writeVarUint8Array(encoder, message.update);
			break;
		case RelayType.Awareness:
			encoding.writeVarUint8Array(encoder, message.awareness);
			break;
		case RelayType.Durable:
		case RelayType.Bye:
			encoding.writeVarUint(encoder, message.durableSeq);
			break;
	}
	return encoding.toUint8Array(encoder);
}

/** Throws on a malformed message (the bus only carries our own, but never trust a byte). */
export function decodeRelay(bytes: Uint8Array): RelayMessage {
	const decoder = decoding.createDecoder(bytes);
	const type = decoding.readVarUint(decoder);
	const sender = decoding.readVarString(decoder);
	switch (type) {
		case RelayType.Hello:
			return {
				type,
				sender,
				stateVector: decoding.readVarUint8Array(decoder),
				durableSeq: decoding.readVarUint(decoder),
				awareness: decoding.readVarUint8Array(decoder)
			};
		case RelayType.Sync:
			return {
				type,
				sender,
				target: decoding.readVarString(decoder),
				update: decoding.readVarUint8Array(decoder),
				stateVector: decoding.readVarUint8Array(decoder),
				seq: decoding.readVarUint(decoder),
				durableSeq: decoding.readVarUint(decoder),
				awareness: decoding.readVarUint8Array(decoder)
			};
		case RelayType.Update:
			return {
				type,
				sender,
				seq: decoding.readVarUint(decoder),
				update: decoding.readVarUint8Array(decoder)
			};
		case RelayType.Awareness:
			return { type, sender, awareness: decoding.readVarUint8Array(decoder) };
		case RelayType.Durable:
		case RelayType.Bye:
			return { type, sender, durableSeq: decoding.readVarUint(decoder) };
		default:
			throw new Error(`unknown relay message type ${type}`);
	}
}
