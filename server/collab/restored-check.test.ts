import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EDITOR_FIELD } from '../../src/lib/editor/extensions';
import { RESTORED_FIELD, trackRestoredAuthors } from '../../src/lib/editor/authorship/restored';
import { restoredViolation } from './restored-check';
import { inspectUpdate } from './update-check';

const LEA = 1;
const KARIM = 2;

/** Léa's paragraph on the server; Karim's copy, with an undo manager that records restorations. */
function setup() {
	const server = new Y.Doc();
	const lea = new Y.Doc();
	lea.clientID = LEA;
	const paragraph = new Y.XmlElement('paragraph');
	const text = new Y.XmlText();
	paragraph.insert(0, [text]);
	lea.getXmlFragment(EDITOR_FIELD).insert(0, [paragraph]);
	text.insert(0, 'Texte de Léa');
	Y.applyUpdate(server, Y.encodeStateAsUpdate(lea));
	const karim = new Y.Doc();
	Y.applyUpdate(karim, Y.encodeStateAsUpdate(server));
	karim.clientID = KARIM;
	const sent: Uint8Array[] = [];
	karim.on('update', (update: Uint8Array) => sent.push(update));
	const undo = new Y.UndoManager(karim.getXmlFragment(EDITOR_FIELD), { captureTimeout: 0 });
	trackRestoredAuthors(undo);
	const karimText = () =>
		(karim.getXmlFragment(EDITOR_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
	/** Applies Karim's updates so far to the server but the last; returns the last one's check. */
	const checkLast = (resend = false, isOwn = (client: number) => client === KARIM) => {
		for (const update of sent.slice(0, -1)) Y.applyUpdate(server, update);
		const last = sent.at(-1)!;
		sent.length = 0;
		return restoredViolation(inspectUpdate(last).restored, server, isOwn, resend);
	};
	/** Karim writes an entry by hand (a crafted client). */
	const forge = (key: string, value: unknown) =>
		karim.transact(() => karim.getMap(RESTORED_FIELD).set(key, value));
	return { server, karim, undo, karimText, checkLast, forge, sent };
}

describe('the restored map check (who wrote what through undo, server side)', () => {
	it('accepts what an undo of a deletion of someone else’s text writes', () => {
		const { undo, karimText, checkLast, karim } = setup();
		karimText().delete(0, 5);
		undo.undo();
		expect(karim.getMap(RESTORED_FIELD).size).toBe(1);
		expect(checkLast()).toBeNull();
	});

	it.each<[string, (s: ReturnType<typeof setup>) => void, boolean, string | null]>([
		[
			'refuses one’s own new text said to be Léa’s (her text still there)',
			({ karimText, forge }) => {
				karimText().insert(0, 'Karim ');
				forge(`${KARIM}:0`, [LEA, 0, 5]);
			},
			false,
			'restored_source_present'
		],
		[
			'refuses someone else’s items said to be restorations',
			({ forge }) => forge(`${LEA}:0`, [KARIM, 0, 3]),
			false,
			'restored_not_own'
		],
		[
			'refuses items nobody holds',
			({ forge }) => forge(`${KARIM}:500`, [LEA, 900, 3]),
			false,
			'restored_unknown_items'
		],
		[
			'accepts items nobody holds in a resend (the server may have lost them)',
			({ forge }) => forge(`${KARIM}:500`, [LEA, 900, 3]),
			true,
			null
		],
		[
			'refuses a malformed entry',
			({ forge }) => forge(`${KARIM}:x`, [LEA, 0, 0]),
			false,
			'restored_malformed'
		]
	])('%s', (_name, act, resend, expected) => {
		const s = setup();
		act(s);
		expect(s.checkLast(resend)).toBe(expected);
	});
});
