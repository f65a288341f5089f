import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import {
	prosemirrorJSONToYDoc,
	updateYFragment,
	yXmlFragmentToProseMirrorRootNode
} from '@tiptap/y-tiptap';
import { EDITOR_FIELD, editorSchema } from '../../src/lib/editor/extensions';
import { DELETE_MARK, INSERT_MARK } from '../../src/lib/editor/suggestions/marks';
import { trackTransaction } from '../../src/lib/editor/suggestions/track';
import { suggestionViolation, type SuggestionViolation } from './suggestion-check';
import {
	holdsTransaction,
	SuggestionGuard,
	suggestionGuard,
	transactionEnds
} from './suggestion-guard';
import { changesNothing, inspectUpdate } from './update-check';
import { startHarness } from '../testing/harness';

const schema = editorSchema();
const mark = (author: string, id = 'c1') => ({ id, author, authorName: author, time: 1 });

/**
 * The server's document: a heading, "Budget 2026" with Léa's pending insertion " TTC", and
 * "Vote en mai" with Karim's pending insertion " prochain".
 */
function serverDoc(): Y.Doc {
	return prosemirrorJSONToYDoc(
		schema,
		{
			type: 'doc',
			content: [
				{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Objectifs' }] },
				{
					type: 'paragraph',
					content: [
						{ type: 'text', text: 'Budget 2026' },
						{ type: 'text', text: ' TTC', marks: [{ type: INSERT_MARK, attrs: mark('lea', 'l1') }] }
					]
				},
				{
					type: 'paragraph',
					content: [
						{ type: 'text', text: 'Vote en mai' },
						{
							type: 'text',
							text: ' prochain',
							marks: [{ type: INSERT_MARK, attrs: mark('karim', 'k1') }]
						}
					]
				}
			]
		},
		EDITOR_FIELD
	);
}

/** The i-th block's text. */
function textOf(doc: Y.Doc, block: number): Y.XmlText {
	return (doc.getXmlFragment(EDITOR_FIELD).get(block) as Y.XmlElement).get(0) as Y.XmlText;
}

type Edit = (doc: Y.Doc) => void;

/** The update a client synced with `server` produces by `edit`. */
function updateBy(server: Y.Doc, edit: Edit): Uint8Array {
	const client = new Y.Doc();
	Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
	const before = Y.encodeStateVector(client);
	client.transact(() => edit(client));
	return Y.encodeStateAsUpdate(client, before);
}

function guardOf(server: Y.Doc): SuggestionGuard {
	const guard = new SuggestionGuard(server);
	guard.retain();
	return guard;
}

describe('the incremental suggestion check', () => {
	it.each<[string, Edit]>([
		[
			'types inside their own pending insertion',
			(d) => textOf(d, 2).insert(15, 'e', { [INSERT_MARK]: mark('karim', 'k1') })
		],
		[
			'starts a suggestion in the middle of someone else’s text',
			(d) => textOf(d, 1).insert(3, 'X', { [INSERT_MARK]: mark('karim', 'k2') })
		],
		[
			'strikes someone else’s text with their deletion mark',
			(d) => textOf(d, 1).format(0, 6, { [DELETE_MARK]: mark('karim', 'k3') })
		],
		[
			'strikes text in the heading',
			(d) => textOf(d, 0).format(0, 4, { [DELETE_MARK]: mark('karim', 'k3') })
		],
		['withdraws part of their own insertion', (d) => textOf(d, 2).delete(12, 4)],
		['withdraws their whole insertion', (d) => textOf(d, 2).delete(11, 9)],
		[
			'replaces: strike and insert in one change',
			(d) => {
				textOf(d, 1).format(7, 4, { [DELETE_MARK]: mark('karim', 'k4') });
				textOf(d, 1).insert(11, '2027', { [INSERT_MARK]: mark('karim', 'k4') });
			}
		],
		[
			'suggests in two paragraphs at once',
			(d) => {
				textOf(d, 1).insert(0, 'A', { [INSERT_MARK]: mark('karim', 'k5') });
				textOf(d, 2).insert(0, 'B', { [INSERT_MARK]: mark('karim', 'k5') });
			}
		],
		[
			'uses the editor’s hashed attribute key (y-prosemirror)',
			(d) => textOf(d, 1).insert(6, '!', { [`${INSERT_MARK}--abc12345`]: mark('karim', 'k6') })
		]
	])('accepts without reading the whole document: %s', (_name, edit) => {
		const server = serverDoc();
		const guard = guardOf(server);
		const update = updateBy(server, edit);
		expect(suggestionViolation(server, update, 'karim')).toBeNull();
		expect(guard.check(update, 'karim')).toBeNull();
		expect(guard.counters).toMatchObject({ fast: 1, full: 0 });
	});

	it.each<[string, Edit, SuggestionViolation]>([
		['types plain text', (d) => textOf(d, 1).insert(0, 'Vandal '), 'not_a_suggestion'],
		[
			'types under Léa’s mark (forged author)',
			(d) => textOf(d, 1).insert(0, 'X', { [INSERT_MARK]: mark('lea') }),
			'not_a_suggestion'
		],
		[
			'strikes under Léa’s name',
			(d) => textOf(d, 1).format(0, 6, { [DELETE_MARK]: mark('lea') }),
			'not_a_suggestion'
		],
		['deletes someone else’s text', (d) => textOf(d, 1).delete(0, 7), 'not_a_suggestion'],
		['withdraws Léa’s insertion', (d) => textOf(d, 1).delete(11, 4), 'not_a_suggestion'],
		[
			'makes someone else’s text bold',
			(d) => textOf(d, 1).format(0, 6, { bold: {} }),
			'not_a_suggestion'
		],
		[
			'lifts Léa’s insertion mark',
			(d) => {
				// Stored under y-prosemirror's hashed key: lifted by setting that key to null.
				const text = textOf(d, 1);
				const [, lea] = text.toDelta() as { attributes: Record<string, unknown> }[];
				text.format(11, 4, Object.fromEntries(Object.keys(lea!.attributes).map((k) => [k, null])));
			},
			'not_a_suggestion'
		],
		[
			'claims existing text as their insertion',
			(d) => textOf(d, 1).format(0, 6, { [INSERT_MARK]: mark('karim') }),
			'not_a_suggestion'
		],
		[
			'changes a block’s attribute',
			(d) => (d.getXmlFragment(EDITOR_FIELD).get(0) as Y.XmlElement).setAttribute('level', '3'),
			'not_a_suggestion'
		],
		[
			'adds a paragraph',
			(d) => d.getXmlFragment(EDITOR_FIELD).insert(1, [new Y.XmlElement('paragraph')]),
			'not_a_suggestion'
		],
		[
			'adds a paragraph made of their suggestion (Enter)',
			(d) => {
				const paragraph = new Y.XmlElement('paragraph');
				paragraph.insert(0, [new Y.XmlText()]);
				d.getXmlFragment(EDITOR_FIELD).insert(2, [paragraph]);
				(paragraph.get(0) as Y.XmlText).insert(0, 'suite', { [INSERT_MARK]: mark('karim') });
			},
			'not_a_suggestion'
		],
		['removes a paragraph', (d) => d.getXmlFragment(EDITOR_FIELD).delete(1, 1), 'not_a_suggestion'],
		['writes to another shared type', (d) => d.getMap('meta').set('x', 1), 'outside_body'],
		[
			'suggests, and writes to another shared type',
			(d) => {
				textOf(d, 1).insert(0, 'A', { [INSERT_MARK]: mark('karim') });
				d.getMap('meta').set('x', 1);
			},
			'outside_body'
		]
	])('refuses like the whole-document check: %s → %s', (_name, edit, expected) => {
		const server = serverDoc();
		const guard = guardOf(server);
		const before = Y.encodeStateAsUpdate(server);
		const update = updateBy(server, edit);
		expect(suggestionViolation(server, update, 'karim')).toBe(expected);
		expect(guard.check(update, 'karim')).toBe(expected);
		expect(guard.counters.fast).toBe(0);
		// Checking never changes the live document.
		expect(Y.encodeStateAsUpdate(server)).toEqual(before);
		// The shadow forgets the refused update: the next suggestion is judged on the live text.
		const next = updateBy(server, (d) =>
			textOf(d, 1).insert(0, 'ok', { [INSERT_MARK]: mark('karim', 'k9') })
		);
		expect(guard.check(next, 'karim')).toBeNull();
		expect(guard.counters.fast).toBe(1);
	});

	it('continues the author’s own insertion without reading the block (the editor’s hashed key)', () => {
		const server = serverDoc();
		const guard = guardOf(server);
		// Right after Karim's " prochain" (stored by y-tiptap under its hashed key), typing
		// inherits its attributes: one text item, no formatting item.
		const update = updateBy(server, (d) => textOf(d, 2).insert(20, 's'));
		expect(suggestionViolation(server, update, 'karim')).toBeNull();
		expect(guard.check(update, 'karim')).toBeNull();
		expect(guard.counters).toMatchObject({ fast: 1, full: 0, continued: 1 });
		Y.applyUpdate(server, update);
		const next = updateBy(server, (d) => textOf(d, 2).insert(21, 'x'));
		expect(guard.check(next, 'karim')).toBeNull();
		expect(guard.counters).toMatchObject({ fast: 2, full: 0, continued: 2 });
	});

	it.each<[string, (server: Y.Doc, guard: SuggestionGuard) => Uint8Array]>([
		// Inherits Léa's insertion mark: text under her name.
		[
			'typing right after Léa’s insertion',
			(server) => updateBy(server, (d) => textOf(d, 1).insert(15, 'x'))
		],
		[
			'typing right after their own struck text (inherits their deletion mark, not an insertion)',
			(server, guard) => {
				const strike = updateBy(server, (d) =>
					textOf(d, 2).format(0, 4, { [DELETE_MARK]: mark('karim', 'k2') })
				);
				expect(guard.check(strike, 'karim')).toBeNull();
				Y.applyUpdate(server, strike);
				return updateBy(server, (d) => textOf(d, 2).insert(4, 'x'));
			}
		],
		[
			'typing right after their own insertion with its mark lifted',
			(server) =>
				updateBy(server, (d) => {
					const text = textOf(d, 2);
					const [, own] = text.toDelta() as { attributes: Record<string, unknown> }[];
					const lifted = Object.fromEntries(Object.keys(own!.attributes).map((k) => [k, null]));
					text.insert(20, 'x', lifted);
				})
		],
		[
			'typing right after their own insertion, and deleting someone else’s text',
			(server) =>
				updateBy(server, (d) => {
					textOf(d, 2).insert(20, 'x');
					textOf(d, 1).delete(0, 1);
				})
		]
	])(
		'does not take that shortcut for %s: refused as the whole-document check refuses',
		(_name, make) => {
			const server = serverDoc();
			const guard = guardOf(server);
			const update = make(server, guard);
			const continued = guard.counters.continued;
			expect(suggestionViolation(server, update, 'karim')).toBe('not_a_suggestion');
			expect(guard.check(update, 'karim')).toBe('not_a_suggestion');
			expect(guard.counters.continued).toBe(continued);
		}
	);

	it('follows the live document: a keystroke after others’ edits is checked on their result', () => {
		const server = serverDoc();
		const guard = guardOf(server);
		const karim = new Y.Doc();
		Y.applyUpdate(karim, Y.encodeStateAsUpdate(server));
		for (let i = 0; i < 20; i++) {
			// An editor types plain text in the same paragraph meanwhile (applied unchecked).
			Y.applyUpdate(
				server,
				updateBy(server, (d) => textOf(d, 2).insert(0, 'e'))
			);
			const sv = Y.encodeStateVector(karim);
			textOf(karim, 2).insert(textOf(karim, 2).length, 'k', { [INSERT_MARK]: mark('karim', 'k1') });
			const update = Y.encodeStateAsUpdate(karim, sv);
			expect(guard.check(update, 'karim')).toBeNull();
			Y.applyUpdate(server, update);
			Y.applyUpdate(karim, Y.encodeStateAsUpdate(server, Y.encodeStateVector(karim)));
		}
		expect(guard.counters).toMatchObject({ fast: 20, full: 0, rebuilds: 1 });
	});

	it('takes the fast path for what the editor writes in suggestion mode (typing, Backspace)', () => {
		const server = serverDoc();
		const guard = guardOf(server);
		const client = new Y.Doc();
		Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
		const fragment = client.getXmlFragment(EDITOR_FIELD);
		let state = EditorState.create({
			schema,
			doc: yXmlFragmentToProseMirrorRootNode(fragment, schema)
		});
		let n = 0;
		const context = {
			author: { id: 'karim', name: 'Karim' },
			now: 5,
			newId: () => `e${n++}`
		};
		/** One editor transaction, tracked, written to Yjs by y-prosemirror's diff, then checked. */
		const send = (edit: (tr: Transaction) => Transaction) => {
			const tracked = trackTransaction(edit(state.tr), state, context);
			expect(tracked).not.toBeNull();
			state = state.apply(tracked!);
			const sv = Y.encodeStateVector(client);
			client.transact(() =>
				updateYFragment(client, fragment, state.doc, { mapping: new Map(), isOMark: new Map() })
			);
			const update = Y.encodeStateAsUpdate(client, sv);
			expect(guard.check(update, 'karim')).toBeNull();
			Y.applyUpdate(server, update);
		};
		// "Budget 2026|" in the second block: Karim types " HT" there.
		const end = 1 + 'Objectifs'.length + 2 + 'Budget 2026'.length;
		for (const [i, char] of [...' HT'].entries()) send((tr) => tr.insertText(char, end + i));
		// Backspace over his own "T": withdrawn. Then Backspace over Léa's text: struck.
		send((tr) => tr.delete(end + 2, end + 3));
		send((tr) =>
			tr.setSelection(TextSelection.create(tr.doc, end - 4, end - 4)).delete(end - 5, end - 4)
		);
		expect(guard.counters).toMatchObject({ fast: 5, full: 0 });
		// " HT": "H" and "T" continue the insertion " " began, without reading the block again.
		expect(guard.counters.continued).toBe(2);
		// The server holds what Karim's editor shows: "Budge{t} 2026 +H+" (T withdrawn).
		expect(
			yXmlFragmentToProseMirrorRootNode(server.getXmlFragment(EDITOR_FIELD), schema).toJSON()
		).toEqual(state.doc.toJSON());
		expect(state.doc.child(1).textContent).toBe('Budget 2026 H TTC');
	});

	it('does not apply an accepted suggestion to the shadow a second time when the live document takes it', async () => {
		const server = serverDoc();
		const guard = guardOf(server);
		const update = updateBy(server, (d) =>
			textOf(d, 2).insert(20, 's', { [INSERT_MARK]: mark('karim', 'k1') })
		);
		expect(guard.check(update, 'karim')).toBeNull();
		const shadow = (guard as unknown as { shadow: Y.Doc }).shadow;
		let transactions = 0;
		shadow.on('afterTransaction', () => transactions++);
		Y.applyUpdate(server, update);
		expect(transactions).toBe(0);
		// What it does not hold yet (an editor's keystroke) it still follows.
		Y.applyUpdate(
			server,
			updateBy(server, (d) => textOf(d, 1).insert(0, 'e'))
		);
		// After the relay, not inside the live document's update.
		expect(transactions).toBe(0);
		await afterRelay();
		expect(transactions).toBe(1);
		expect(textOf(shadow, 1).toString()).toBe(textOf(server, 1).toString());
		await afterRelay();
		expect(transactions).toBe(1);
	});

	it('accepts a continuation before applying it, and the shadow takes it after the relay', async () => {
		const server = serverDoc();
		const guard = guardOf(server);
		const shadow = (guard as unknown as { shadow: Y.Doc }).shadow;
		const key = Object.keys(textOf(server, 2).toDelta()[1].attributes)[0]!;
		// Karim's pending " prochain" ends at 20: he types on, his mark carried by his editor.
		const type = (at: number, letter: string) =>
			updateBy(server, (d) => textOf(d, 2).insert(at, letter, { [key]: mark('karim', 'k1') }));
		let transactions = 0;
		shadow.on('afterTransaction', () => transactions++);
		const first = type(20, 's');
		expect(guard.check(first, 'karim')).toBeNull();
		expect(guard.counters).toMatchObject({ fast: 1, full: 0, continued: 1 });
		expect(transactions).toBe(0);
		Y.applyUpdate(server, first);
		await afterRelay();
		expect(transactions).toBe(1);
		expect(textOf(shadow, 2).toString()).toBe(textOf(server, 2).toString());
		// The next one too, without reading the block: its reading survived its own keystroke.
		const reads = guard.counters.reads;
		const second = type(21, 'e');
		expect(guard.check(second, 'karim')).toBeNull();
		Y.applyUpdate(server, second);
		expect(guard.counters).toMatchObject({ fast: 2, full: 0, continued: 2, reads });
		expect(textOf(server, 2).toString()).toContain('prochainse');
	});

	it('keeps the reading when Yjs merges each keystroke into the previous one (one client typing on)', async () => {
		const server = serverDoc();
		const guard = guardOf(server);
		const key = Object.keys(textOf(server, 2).toDelta()[1].attributes)[0]!;
		const karim = new Y.Doc();
		Y.applyUpdate(karim, Y.encodeStateAsUpdate(server));
		let reads = 0;
		for (const [n, letter] of [...'suivant'].entries()) {
			const sv = Y.encodeStateVector(karim);
			textOf(karim, 2).insert(20 + n, letter, { [key]: mark('karim', 'k1') });
			const update = Y.encodeStateAsUpdate(karim, sv);
			expect(guard.check(update, 'karim')).toBeNull();
			Y.applyUpdate(server, update);
			if (n === 1) reads = guard.counters.reads;
			if (n % 2 === 0) await afterRelay();
		}
		// The first two read the block (the first keystroke after the build, the second after the
		// first's own item); from then on, each continues Karim's one merged item, unread.
		expect(guard.counters).toMatchObject({ fast: 7, full: 0, continued: 7, reads });
		expect(textOf(server, 2).toString()).toContain('prochainsuivant');
		await afterRelay();
		const shadow = (guard as unknown as { shadow: Y.Doc }).shadow;
		expect(textOf(shadow, 2).toString()).toBe(textOf(server, 2).toString());
	});

	it('checks a keystroke against what the live document took since the last one, caught up or not', () => {
		const server = serverDoc();
		const guard = guardOf(server);
		const key = Object.keys(textOf(server, 2).toDelta()[1].attributes)[0]!;
		const typed = updateBy(server, (d) =>
			textOf(d, 2).insert(20, 's', { [key]: mark('karim', 'k1') })
		);
		expect(guard.check(typed, 'karim')).toBeNull();
		expect(guard.counters.continued).toBe(1);
		Y.applyUpdate(server, typed);
		// Before the shadow caught up: an editor accepts Karim's words (the mark lifted)...
		Y.applyUpdate(
			server,
			updateBy(server, (d) => textOf(d, 2).format(11, 10, { [key]: null }))
		);
		// ...so typing on is no longer a continuation, and withdrawing them is refused.
		const typedOn = updateBy(server, (d) =>
			textOf(d, 2).insert(21, 'x', { [key]: mark('karim', 'k1') })
		);
		expect(guard.check(typedOn, 'karim')).toBeNull();
		expect(guard.counters.continued).toBe(1);
		Y.applyUpdate(server, typedOn);
		const withdraw = updateBy(server, (d) => textOf(d, 2).delete(11, 10));
		expect(suggestionViolation(server, withdraw, 'karim')).toBe('not_a_suggestion');
		expect(guard.check(withdraw, 'karim')).toBe('not_a_suggestion');
	});

	it('refuses withdrawing a suggestion an editor accepted meanwhile (the shadow followed the acceptance)', () => {
		const server = serverDoc();
		const guard = guardOf(server);
		const key = Object.keys(textOf(server, 2).toDelta()[1].attributes)[0]!;
		expect(key.startsWith(INSERT_MARK)).toBe(true);
		// Karim types in his pending " prochain": accepted, his reading of the block remembered.
		const typed = updateBy(server, (d) =>
			textOf(d, 2).insert(20, 's', { [key]: mark('karim', 'k1') })
		);
		expect(guard.check(typed, 'karim')).toBeNull();
		Y.applyUpdate(server, typed);
		// An editor accepts it (the mark lifted): plain text now, applied to the live document only.
		Y.applyUpdate(
			server,
			updateBy(server, (d) => textOf(d, 2).format(11, 10, { [key]: null }))
		);
		// Karim deletes those words as if they were still his own suggestion.
		const withdraw = updateBy(server, (d) => textOf(d, 2).delete(11, 10));
		expect(suggestionViolation(server, withdraw, 'karim')).toBe('not_a_suggestion');
		expect(guard.check(withdraw, 'karim')).toBe('not_a_suggestion');
	});

	it('rebuilds the shadow when the live document did not take an accepted update', () => {
		const server = serverDoc();
		const guard = guardOf(server);
		const update = updateBy(server, (d) => textOf(d, 1).delete(11, 4));
		// Léa withdraws her insertion; the server shuts down before applying it.
		expect(guard.check(update, 'lea')).toBeNull();
		guard.resync();
		// Karim now strikes the same words: the shadow must not believe them gone.
		const strike = updateBy(server, (d) =>
			textOf(d, 1).format(11, 4, { [DELETE_MARK]: mark('karim', 'k7') })
		);
		expect(guard.check(strike, 'karim')).toBeNull();
		expect(guard.counters.rebuilds).toBe(2);
	});

	it('keeps no shadow once the last comment-role socket is gone', () => {
		const server = serverDoc();
		const guard = guardOf(server);
		const type = (n: number) =>
			updateBy(server, (d) => textOf(d, 2).insert(11 + n, 'x', { [INSERT_MARK]: mark('karim') }));
		expect(guard.check(type(0), 'karim')).toBeNull();
		guard.release();
		// Without a holder the whole-document check decides (and no shadow follows the document).
		expect(guard.check(type(1), 'karim')).toBeNull();
		expect(guard.counters).toMatchObject({ fast: 1, full: 1 });
	});
});

/** An update made of one item as a forger writes it: any id, origins and content. */
function forged(
	id: Y.ID,
	origin: Y.ID | null,
	rightOrigin: Y.ID | null,
	content: Y.ContentString
): Uint8Array {
	const item = new Y.Item(id, null, origin, null, rightOrigin, null, null, content);
	const encoder = new Y.UpdateEncoderV1();
	encoding.writeVarUint(encoder.restEncoder, 1); // one client
	encoding.writeVarUint(encoder.restEncoder, 1); // one struct
	encoder.writeClient(id.client);
	encoding.writeVarUint(encoder.restEncoder, id.clock);
	item.write(encoder, 0);
	encoding.writeVarUint(encoder.restEncoder, 0); // no deletions
	return encoder.toUint8Array();
}

/** The id of the last character of the visible text item holding `text` in the i-th block. */
function lastIdOf(doc: Y.Doc, block: number, text: string): Y.ID {
	for (let item = textOf(doc, block)._start; item !== null; item = item.right) {
		if (
			!item.deleted &&
			item.content instanceof Y.ContentString &&
			item.content.str.includes(text)
		) {
			return item.lastId;
		}
	}
	throw new Error(`no "${text}" in block ${block}`);
}

/** The id of the second UTF-16 unit of the emoji an editor typed at the start of the i-th block. */
function emojiSecondHalf(server: Y.Doc, block: number): Y.ID {
	const editor = new Y.Doc();
	Y.applyUpdate(editor, Y.encodeStateAsUpdate(server));
	const sv = Y.encodeStateVector(editor);
	textOf(editor, block).insert(0, '😀');
	Y.applyUpdate(server, Y.encodeStateAsUpdate(editor, sv));
	return Y.createID(editor.clientID, 1);
}

describe('forged updates the fast path must leave to the whole-document check', () => {
	/** Karim's client, synced, after one accepted suggestion typed at the end of the third block. */
	function afterOwnSuggestion() {
		const server = serverDoc();
		const guard = guardOf(server);
		const karim = new Y.Doc();
		Y.applyUpdate(karim, Y.encodeStateAsUpdate(server));
		const sv = Y.encodeStateVector(karim);
		textOf(karim, 2).insert(20, 'abc', { [INSERT_MARK]: mark('karim', 'k7') });
		const update = Y.encodeStateAsUpdate(karim, sv);
		expect(guard.check(update, 'karim')).toBeNull();
		Y.applyUpdate(server, update);
		return { server, guard, client: karim.clientID };
	}

	/** Six characters from the author's last two known clocks on: Yjs keeps "EVIL" only. */
	const partlyHeld = (originBlock: number, originText: string) => (server: Y.Doc, client: number) =>
		forged(
			Y.createID(client, Y.getState(server.store, client) - 2),
			lastIdOf(server, originBlock, originText),
			null,
			new Y.ContentString('cxEVIL')
		);
	/** A keystroke right after their own "abc", its right origin inside an emoji of `block`. */
	const cutsEmoji = (block: number) => (server: Y.Doc, client: number) => {
		const half = emojiSecondHalf(server, block);
		return forged(
			Y.createID(client, Y.getState(server.store, client)),
			lastIdOf(server, 2, 'abc'),
			half,
			new Y.ContentString('d')
		);
	};

	it.each<[string, (server: Y.Doc, client: number) => Uint8Array]>([
		[
			'an item partly held already, re-anchored by Yjs after the author’s last item (unmarked text)',
			partlyHeld(2, 'Vote en mai')
		],
		[
			'the same, its origin in another paragraph (the text lands in the third, named the second)',
			partlyHeld(1, 'Budget 2026')
		],
		[
			'a keystroke after their own insertion whose right origin cuts an emoji in the same paragraph',
			cutsEmoji(2)
		],
		[
			'a keystroke after their own insertion whose right origin cuts an emoji in another paragraph',
			cutsEmoji(1)
		]
	])('refuses %s', (_name, make) => {
		const { server, guard, client } = afterOwnSuggestion();
		const update = make(server, client);
		const before = Y.encodeStateAsUpdate(server);
		expect(suggestionViolation(server, update, 'karim')).toBe('not_a_suggestion');
		expect(guard.check(update, 'karim')).toBe('not_a_suggestion');
		expect(Y.encodeStateAsUpdate(server)).toEqual(before);
	});
});

describe('a block whose reading throws after the update reached the shadow (review of 2026-12-06)', () => {
	it.each<[string, (heading: Y.XmlElement) => void]>([
		[
			'a Y.Array child in a block (y-tiptap: text.toDelta is not a function)',
			(h) => h.push([new Y.Array() as never])
		],
		['a Y.Map child in a block', (h) => h.push([new Y.Map() as never])],
		[
			'a BigInt heading level (canonicalBlock: JSON.stringify throws)',
			(h) => h.setAttribute('level', 2n as never)
		]
	])('gives a verdict and leaves nothing in the shadow: %s', (_name, poisonBlock) => {
		const server = serverDoc();
		const guard = guardOf(server); // Karim's first tab
		guard.retain(); // his second tab
		// What Karim may not do: delete Léa's pending " TTC" and type "EVIL" as plain text.
		const karim = new Y.Doc();
		Y.applyUpdate(karim, Y.encodeStateAsUpdate(server));
		const sv = Y.encodeStateVector(karim);
		textOf(karim, 1).delete(11, 4);
		textOf(karim, 1).insert(0, 'EVIL');
		const payload = Y.encodeStateAsUpdate(karim, sv);
		// The same, plus, under another client id, something whose reading throws.
		const poisoner = new Y.Doc();
		Y.applyUpdate(poisoner, Y.encodeStateAsUpdate(karim));
		const sv2 = Y.encodeStateVector(poisoner);
		poisoner.transact(() =>
			poisonBlock(poisoner.getXmlFragment(EDITOR_FIELD).get(0) as Y.XmlElement)
		);
		const poisoned = Y.mergeUpdates([payload, Y.encodeStateAsUpdate(poisoner, sv2)]);
		const judged = suggestionViolation(server, poisoned, 'karim');
		expect(judged).not.toBeNull();
		expect(guard.check(poisoned, 'karim')).toBe(judged);
		guard.release(); // the first tab is closed; the second keeps the shadow
		// The second tab sends the payload alone: the shadow must not hold it already.
		expect(suggestionViolation(server, payload, 'karim')).toBe('not_a_suggestion');
		expect(guard.check(payload, 'karim')).toBe('not_a_suggestion');
	});
});

/**
 * One item, then the same client listed AGAIN with no struct at the next clock: Y.decodeUpdate
 * shows the item, Y.applyUpdate keeps the second (empty) list only. No Yjs encoder writes this.
 */
function itemThenEmptyList(item: Y.Item): Uint8Array {
	const encoder = new Y.UpdateEncoderV1();
	encoding.writeVarUint(encoder.restEncoder, 2); // two lists...
	encoding.writeVarUint(encoder.restEncoder, 1); // ...the first: one struct
	encoder.writeClient(item.id.client);
	encoding.writeVarUint(encoder.restEncoder, item.id.clock);
	item.write(encoder, 0);
	encoding.writeVarUint(encoder.restEncoder, 0); // ...the second, same client: none
	encoder.writeClient(item.id.client);
	encoding.writeVarUint(encoder.restEncoder, item.id.clock + item.length);
	encoding.writeVarUint(encoder.restEncoder, 0); // no deletions
	return encoder.toUint8Array();
}

/** Karim "continuing" his " prochain" under `client`, in an update Yjs applies as nothing. */
function ghostContinuation(server: Y.Doc, client: number): Uint8Array {
	let left: Y.Item | null = textOf(server, 2)._start;
	while (left && !(left.content instanceof Y.ContentString && left.content.str === ' prochain')) {
		left = left.right;
	}
	const item = new Y.Item(
		Y.createID(client, 0),
		null,
		left!.lastId,
		null,
		left!.right?.id ?? null,
		null,
		null,
		new Y.ContentString('s')
	);
	return itemThenEmptyList(item);
}

describe('a continuation the live document did not take (review of 2026-12-06)', () => {
	it('vouches for nothing afterwards: the next transaction of that shape is checked as usual', async () => {
		const server = serverDoc();
		const guard = guardOf(server);
		// The fresh client id of an editor who just opened the document (presence shows it).
		const editorId = 0x2f00_1234;
		const ghost = ghostContinuation(server, editorId);
		expect(guard.check(ghost, 'karim')).toBeNull();
		Y.applyUpdate(server, ghost); // Yjs takes nothing: no update event
		expect(Y.getState(server.store, editorId)).toBe(0);
		await afterRelay();
		// The editor's first keystroke: one letter at the start of that paragraph (not checked).
		const editor = new Y.Doc();
		editor.clientID = editorId;
		Y.applyUpdate(editor, Y.encodeStateAsUpdate(server));
		const sv = Y.encodeStateVector(editor);
		textOf(editor, 2).insert(0, 'N');
		Y.applyUpdate(server, Y.encodeStateAsUpdate(editor, sv));
		await afterRelay();
		// Karim deletes the editor's letter outright.
		const erase = updateBy(server, (d) => textOf(d, 2).delete(0, 1));
		expect(suggestionViolation(server, erase, 'karim')).toBe('not_a_suggestion');
		expect(guard.check(erase, 'karim')).toBe('not_a_suggestion');
	});
});

describe('text held as an attribute value (review of 2026-12-06)', () => {
	it('is not continued on the fast path: the judge reads it as the attribute, not as text', () => {
		const server = serverDoc();
		const guard = guardOf(server);
		// An editor (never checked) stores the heading's level as a text holding Karim's insertion.
		Y.applyUpdate(
			server,
			updateBy(server, (d) => {
				const level = new Y.XmlText();
				const heading = d.getXmlFragment(EDITOR_FIELD).get(0) as Y.XmlElement;
				heading.setAttribute('level', level as never);
				level.insert(0, '2', { [INSERT_MARK]: mark('karim', 'k9') });
			})
		);
		// Karim types on in it, his mark carried on.
		const update = updateBy(server, (d) => {
			const heading = d.getXmlFragment(EDITOR_FIELD).get(0) as Y.XmlElement;
			const level = heading.getAttribute('level') as unknown as Y.XmlText;
			level.insert(1, '1', { [INSERT_MARK]: mark('karim', 'k9') });
		});
		const judged = suggestionViolation(server, update, 'karim');
		expect(judged).not.toBeNull();
		expect(guard.check(update, 'karim')).toBe(judged);
		expect(guard.counters.continued).toBe(0);
	});
});

describe('whether applying an update would change nothing (the shadow skips it)', () => {
	/** The server after Karim typed " X" in block 2; his update, and what he deletes next. */
	function setting() {
		const server = serverDoc();
		const typed = updateBy(server, (d) => textOf(d, 2).insert(0, 'X'));
		const deletion = updateBy(server, (d) => textOf(d, 1).delete(0, 3));
		return { server, typed, deletion };
	}
	it.each<[string, (s: ReturnType<typeof setting>) => Uint8Array, boolean]>([
		['an update it already took', (s) => (Y.applyUpdate(s.server, s.typed), s.typed), true],
		['a new keystroke', (s) => s.typed, false],
		['a deletion not yet applied', (s) => s.deletion, false],
		['a deletion already applied', (s) => (Y.applyUpdate(s.server, s.deletion), s.deletion), true],
		[
			'its whole state with one more deletion',
			(s) => {
				Y.applyUpdate(s.server, s.typed);
				return Y.mergeUpdates([Y.encodeStateAsUpdate(s.server), s.deletion]);
			},
			false
		],
		['its whole state', (s) => Y.encodeStateAsUpdate(s.server), true],
		['an empty update', () => Y.encodeStateAsUpdate(new Y.Doc()), true],
		[
			'a deletion of text it never saw',
			() => {
				const other = new Y.Doc();
				other.getText('t').insert(0, 'abc');
				const sv = Y.encodeStateVector(other);
				other.getText('t').delete(0, 1);
				return Y.encodeStateAsUpdate(other, sv);
			},
			false
		]
	])('%s', (_name, make, expected) => {
		const s = setting();
		const update = make(s);
		const { ends, deletions } = inspectUpdate(update);
		expect(changesNothing(ends, deletions, s.server)).toBe(expected);
	});
});

describe('holdsTransaction: whether the shadow already holds what a live transaction added', () => {
	/** The live document, a shadow copy of it, and Karim's and Léa's next keystrokes. */
	function setting() {
		const live = serverDoc();
		const shadow = new Y.Doc();
		Y.applyUpdate(shadow, Y.encodeStateAsUpdate(live));
		const karim = updateBy(live, (d) => textOf(d, 2).insert(0, 'K'));
		const lea = updateBy(live, (d) => textOf(d, 1).insert(0, 'L'));
		const deletion = updateBy(live, (d) => textOf(d, 1).delete(0, 3));
		return { live, shadow, karim, lea, deletion };
	}
	type Setting = ReturnType<typeof setting>;
	it.each<[string, (s: Setting) => Uint8Array, boolean]>([
		['a keystroke the shadow took first', (s) => (Y.applyUpdate(s.shadow, s.karim), s.karim), true],
		['a keystroke the shadow lacks', (s) => s.karim, false],
		[
			'a deletion the shadow took first',
			(s) => (Y.applyUpdate(s.shadow, s.deletion), s.deletion),
			true
		],
		['a deletion the shadow lacks', (s) => s.deletion, false],
		[
			'two people’s keystrokes, the shadow holding one',
			(s) => (Y.applyUpdate(s.shadow, s.karim), Y.mergeUpdates([s.karim, s.lea])),
			false
		],
		[
			'a keystroke and a deletion, the shadow holding the keystroke only',
			(s) => (Y.applyUpdate(s.shadow, s.karim), Y.mergeUpdates([s.karim, s.deletion])),
			false
		],
		[
			'two keystrokes of the same person, the shadow holding the first',
			(s) => {
				Y.applyUpdate(s.shadow, s.karim);
				const next = new Y.Doc();
				Y.applyUpdate(next, Y.encodeStateAsUpdate(s.live));
				Y.applyUpdate(next, s.karim);
				next.clientID = [...Y.parseUpdateMeta(s.karim).to.keys()][0]!;
				// Both keystrokes in one update (the live document lacks the first).
				const sv = Y.encodeStateVector(s.live);
				textOf(next, 2).insert(1, 'k');
				return Y.encodeStateAsUpdate(next, sv);
			},
			false
		],
		[
			'a keystroke, the shadow ahead of it',
			(s) => (Y.applyUpdate(s.shadow, Y.mergeUpdates([s.karim, s.lea, s.deletion])), s.lea),
			true
		]
	])('%s', (_name, make, expected) => {
		const s = setting();
		const update = make(s);
		let held: boolean | null = null;
		let asDecoded: boolean | null = null;
		s.live.on('update', (_u: Uint8Array, _o: unknown, _d: Y.Doc, tr: Y.Transaction) => {
			held = holdsTransaction(tr, s.shadow);
			asDecoded = changesNothing(transactionEnds(tr), tr.deleteSet, s.shadow);
		});
		Y.applyUpdate(s.live, update);
		expect(held).toBe(expected);
		expect(asDecoded).toBe(expected);
	});
});

describe('transactionEnds: the clocks an update event ends at, without decoding it', () => {
	it.each<[string, Edit]>([
		['one keystroke', (d) => textOf(d, 2).insert(0, 'X')],
		['a deletion only', (d) => textOf(d, 1).delete(0, 3)],
		['a suggestion', (d) => textOf(d, 2).insert(20, 's', { [INSERT_MARK]: mark('karim', 'k1') })],
		[
			'a new block',
			(d) => d.getXmlFragment(EDITOR_FIELD).insert(1, [new Y.XmlElement('paragraph')])
		]
	])('%s: as decoding the update says', (_name, edit) => {
		const server = serverDoc();
		const update = updateBy(server, edit);
		let ends: Map<number, number> | null = null;
		server.on('update', (_u: Uint8Array, _o: unknown, _d: Y.Doc, tr: Y.Transaction) => {
			ends = transactionEnds(tr);
		});
		Y.applyUpdate(server, update);
		expect(ends).toEqual(inspectUpdate(update).ends);
	});
});

describe('the shadow is built when a comment-role socket connects', () => {
	it('is there before the first suggested keystroke, and that keystroke does not build it', () => {
		const server = serverDoc();
		const guard = new SuggestionGuard(server);
		guard.retain();
		expect(guard.counters.rebuilds).toBe(1);
		// An editor types before the commenter does: the shadow follows.
		Y.applyUpdate(
			server,
			updateBy(server, (d) => textOf(d, 2).insert(0, 'e'))
		);
		guard.retain(); // a second commenter: same shadow
		const update = updateBy(server, (d) =>
			textOf(d, 2).insert(21, 's', { [INSERT_MARK]: mark('karim', 'k1') })
		);
		expect(guard.check(update, 'karim')).toBeNull();
		expect(guard.counters).toMatchObject({ fast: 1, full: 0, rebuilds: 1 });
	});

	it('over the wire: at a commenter’s admission, not an editor’s; dropped when the last commenter leaves', async () => {
		const h = await startHarness();
		try {
			const DOC = 'doc000000000001';
			h.auth.addUser('alice', { id: 'alice0000000001', name: 'Alice' });
			h.auth.addUser('bob', { id: 'bob000000000001', name: 'Bob' });
			h.auth.grant('alice0000000001', DOC, 'edit');
			h.auth.grant('bob000000000001', DOC, 'comment');
			const shadowOf = () =>
				h.collab.live.read(DOC, (ydoc) => {
					const guard = suggestionGuard(ydoc);
					const { shadow } = guard as unknown as { shadow: Y.Doc | null };
					return { rebuilds: guard.counters.rebuilds, held: shadow !== null };
				});
			const alice = h.connect(DOC, { token: 'alice' });
			await alice.opened;
			alice.sendStep1();
			await vi.waitFor(() => expect(h.collab.stats().connections).toBe(1));
			expect(await shadowOf()).toEqual({ rebuilds: 0, held: false });
			const bob = h.connect(DOC, { token: 'bob' });
			await bob.opened;
			await vi.waitFor(async () => expect(await shadowOf()).toEqual({ rebuilds: 1, held: true }));
			bob.ws.close();
			await vi.waitFor(async () => expect(await shadowOf()).toEqual({ rebuilds: 1, held: false }));
		} finally {
			await h.stop();
		}
	});
});

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

describe('the incremental check agrees with the whole-document check', () => {
	it.each([1, 2, 3, 4, 5, 6])('on random edit sequences (seed %i)', async (seed) => {
		const rand = random(seed);
		const int = (n: number) => Math.floor(rand() * n);
		const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
		const server = serverDoc();
		const guard = guardOf(server);
		const people = ['karim', 'lea'] as const;
		const clients = new Map<string, Y.Doc>();
		const clientOf = (who: string) => {
			let doc = clients.get(who);
			if (!doc) {
				doc = new Y.Doc();
				Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
				clients.set(who, doc);
			}
			return doc;
		};
		const keyOf = (type: string) => (rand() < 0.5 ? type : `${type}--hash000${int(3)}`);
		const textIn = (doc: Y.Doc) => {
			const body = doc.getXmlFragment(EDITOR_FIELD);
			const block = body.get(int(body.length)) as Y.XmlElement;
			const text = block.get(0);
			return text instanceof Y.XmlText ? text : null;
		};
		const range = (text: Y.XmlText) => {
			const from = int(text.length + 1);
			return [from, int(text.length - from + 1)] as const;
		};
		const suggesterEdits: ((text: Y.XmlText, who: string, doc: Y.Doc) => void)[] = [
			(t, who) =>
				t.insert(int(t.length + 1), 'ab', { [keyOf(INSERT_MARK)]: mark(who, `s${int(3)}`) }),
			(t, who) =>
				t.insert(int(t.length + 1), 'c', { [keyOf(INSERT_MARK)]: mark(who, `s${int(3)}`) }),
			(t, who) => t.format(...range(t), { [keyOf(DELETE_MARK)]: mark(who, `d${int(3)}`) }),
			(t) => t.delete(...range(t)),
			(t) => {
				// Withdraws a run of text under some insertion mark (theirs or not).
				let at = 0;
				for (const op of t.toDelta() as { insert: string; attributes?: object }[]) {
					if (op.attributes && Object.keys(op.attributes).some((k) => k.startsWith(INSERT_MARK))) {
						t.delete(at, Math.min(op.insert.length, 1 + int(3)));
						return;
					}
					at += op.insert.length;
				}
			},
			(t) => t.insert(int(t.length + 1), 'p'),
			(t) => {
				// Types right after a run of text, inheriting its marks (continuing it, or not).
				const ops = t.toDelta() as { insert: string }[];
				let at = 0;
				const upTo = int(ops.length + 1);
				for (let i = 0; i < upTo; i++) at += ops[i]!.insert.length;
				t.insert(at, 'q');
			},
			(t) => t.insert(int(t.length + 1), 'f', { [INSERT_MARK]: mark(pick(people), 'f') }),
			(t) => t.format(...range(t), { bold: {} }),
			(t, who) => t.format(...range(t), { [INSERT_MARK]: mark(who, 'claim') }),
			(_t, _who, d) => d.getXmlFragment(EDITOR_FIELD).insert(0, [new Y.XmlElement('paragraph')]),
			(_t, _who, d) => d.getMap('meta').set('x', int(9))
		];
		let accepted = 0;
		let refused = 0;
		let caughtUp = 0;
		/** After the relay, the shadow holds exactly the live document (unless a refusal left it stale). */
		const relay = async () => {
			await afterRelay();
			const { shadow, stale } = guard as unknown as { shadow: Y.Doc; stale: boolean };
			if (stale) return;
			expect(Y.encodeStateVector(shadow)).toEqual(Y.encodeStateVector(server));
			expect(shadow.getXmlFragment(EDITOR_FIELD).toString()).toBe(
				server.getXmlFragment(EDITOR_FIELD).toString()
			);
			caughtUp++;
		};
		for (let step = 0; step < 150; step++) {
			if (rand() < 0.25) {
				// An editor changes the text directly (never checked).
				Y.applyUpdate(
					server,
					updateBy(server, (d) => {
						const text = textIn(d);
						if (!text) return;
						if (rand() < 0.6) text.insert(int(text.length + 1), 'E');
						else text.delete(...range(text));
					})
				);
				// The shadow follows after the relay: sometimes it has, sometimes the next check
				// finds it behind.
				if (rand() < 0.5) await relay();
				continue;
			}
			const who = pick(people);
			const doc = clientOf(who);
			// Clients lag behind the server: sometimes their change is concurrent with others'.
			if (rand() < 0.5) Y.applyUpdate(doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)));
			const sv = Y.encodeStateVector(doc);
			doc.transact(() => {
				const text = textIn(doc);
				if (text) pick(suggesterEdits)(text, who, doc);
			});
			const update = Y.encodeStateAsUpdate(doc, sv);
			const expected = suggestionViolation(server, update, who);
			expect(guard.check(update, who), `step ${step}`).toBe(expected);
			if (expected === null) {
				Y.applyUpdate(server, update);
				if (rand() < 0.5) await relay();
				accepted++;
			} else {
				clients.delete(who); // a refused socket is closed; the person reconnects afresh
				refused++;
			}
		}
		expect(accepted).toBeGreaterThan(20);
		expect(refused).toBeGreaterThan(10);
		expect(guard.counters.fast).toBeGreaterThan(accepted / 2);
		expect(guard.counters.continued).toBeGreaterThan(0);
		expect(caughtUp).toBeGreaterThan(20);
	});
});

/** After the server's relay of the current updates (the shadow follows then). */
function afterRelay(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}
