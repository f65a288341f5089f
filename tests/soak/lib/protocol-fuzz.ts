/**
 * Mutated y-protocol, awareness and Trame frames (bit flips, truncation, huge varints, unknown
 * types, garbage) sent by an admitted client, reconnecting whenever the server closes it.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { MessageType } from '../../../src/lib/collab/protocol';
import { encodeAwarenessUpdate } from '../../../server/collab/awareness-guard';
import { connectRaw, type RawClient } from '../../../server/testing/raw-client';
import { within } from '../../../server/testing/within';
import type { Rng } from './rng';

export interface FuzzStats {
	frames: number;
	bytes: number;
	reconnects: number;
	closeCodes: Record<string, number>;
}

function frame(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, type);
	write(encoder);
	return encoding.toUint8Array(encoder);
}

/** Valid frames of every kind the server reads, to mutate. */
export function seedFrames(rng: Rng): Uint8Array[] {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	doc.getText('text').insert(0, 'fuzz');
	doc.getText('text').format(0, 2, { bold: true });
	const fragment = doc.getXmlFragment('default');
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [new Y.XmlText('hello')]);
	fragment.insert(0, [paragraph]);
	doc.getText('text').delete(1, 2);
	doc.getMap('meta').set('k', { nested: [1, 2, 3] });
	const frames: Uint8Array[] = [];
	for (const update of updates) {
		frames.push(
			frame(
				MessageType.Sync,
				(e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, update))
			)
		);
	}
	frames.push(
		frame(
			MessageType.Sync,
			(e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, Y.encodeStateVector(doc)))
		)
	);
	frames.push(
		frame(
			MessageType.Sync,
			(e) => (
				encoding.writeVarUint(e, 1),
				encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc))
			)
		)
	);
	const awareness = encodeAwarenessUpdate([
		{
			clientId: rng.int(1, 2 ** 30),
			clock: rng.int(0, 100),
			state: { cursor: { anchor: 1 }, user: { name: 'x' } }
		}
	]);
	frames.push(frame(MessageType.Awareness, (e) => encoding.writeVarUint8Array(e, awareness)));
	frames.push(frame(MessageType.QueryAwareness, () => {}));
	frames.push(frame(MessageType.SaveRequest, (e) => encoding.writeVarUint(e, rng.int(0, 1000))));
	return frames;
}

export function mutate(rng: Rng, source: Uint8Array): Uint8Array {
	const bytes = Uint8Array.from(source);
	switch (rng.int(0, 7)) {
		case 0: {
			// Bit flips.
			const flips = rng.int(1, 8);
			for (let i = 0; i < flips && bytes.length > 0; i++)
				bytes[rng.int(0, bytes.length - 1)]! ^= 1 << rng.int(0, 7);
			return bytes;
		}
		case 1:
			return bytes.slice(0, rng.int(0, Math.max(0, bytes.length - 1)));
		case 2: {
			// A huge varint where a length or number is expected.
			const at = rng.int(0, Math.max(0, bytes.length - 1));
			const huge = new Uint8Array(rng.int(5, 12)).fill(0xff);
			return Uint8Array.from([...bytes.slice(0, at), ...huge, ...bytes.slice(at)]);
		}
		case 3: {
			// Unknown message type (or a known one with the wrong body).
			const type = rng.pick([4, 5, 50, 99, 102, 103, 127, 128, 255, 300, 2 ** 31]);
			return Uint8Array.from([...frame(type, () => {}), ...bytes.slice(1)]);
		}
		case 4:
			return Uint8Array.from([
				...bytes,
				...Array.from({ length: rng.int(1, 64) }, () => rng.int(0, 255))
			]);
		case 5:
			return Uint8Array.from(Array.from({ length: rng.int(0, 256) }, () => rng.int(0, 255)));
		case 6: {
			// Byte substitutions in the payload.
			for (let i = 0; i < rng.int(1, 4) && bytes.length > 1; i++)
				bytes[rng.int(1, bytes.length - 1)] = rng.pick([0, 0x7f, 0x80, 0xff]);
			return bytes;
		}
		default:
			return Uint8Array.from([...bytes.slice(0, 1), ...mutate(rng, bytes.slice(1))]);
	}
}

/** Fuzzes one document as one user for `durationMs`. */
export async function fuzzDocument(options: {
	url: string;
	token: string;
	rng: Rng;
	durationMs: number;
	onClient?: (client: RawClient) => void;
}): Promise<FuzzStats> {
	const { rng } = options;
	const stats: FuzzStats = { frames: 0, bytes: 0, reconnects: 0, closeCodes: {} };
	const corpus = seedFrames(rng);
	const deadline = Date.now() + options.durationMs;
	while (Date.now() < deadline) {
		const client = connectRaw(options.url, { token: options.token, answerStep1: false });
		options.onClient?.(client);
		try {
			await within(client.opened, 20_000, 'a fuzzing socket to open');
		} catch {
			client.ws.terminate();
			continue;
		}
		stats.reconnects++;
		while (Date.now() < deadline && client.closeEvent === null) {
			const bytes = rng.chance(0.1) ? rng.pick(corpus) : mutate(rng, rng.pick(corpus));
			if (client.ws.readyState !== client.ws.OPEN) break;
			client.send(bytes);
			stats.frames++;
			stats.bytes += bytes.byteLength;
			if (stats.frames % 16 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
		}
		const event =
			client.closeEvent ??
			(await within(client.close(), 20_000, 'the server to complete the close handshake'));
		stats.closeCodes[event.code] = (stats.closeCodes[event.code] ?? 0) + 1;
	}
	return stats;
}
