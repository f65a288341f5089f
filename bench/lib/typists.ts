/**
 * SUG's two ways of typing, as data (a worker thread receives them by message) and as the typist
 * they describe: in a room an editor prepared (one section per person), at the end of the i-th
 * paragraph, plain text (normal mode) or each keystroke under its author's insertion mark as
 * y-tiptap writes it (suggestion mode; see bench/scenarios/suggest-typing.ts).
 */
import type * as Y from 'yjs';
import type { SuggestionAttrs } from '../../src/lib/editor/suggestions/marks';
import { FRAGMENT, typeChar } from './tiptap-doc';

/** Where each client types and how a keystroke is written. */
export interface Typist {
	paragraph(doc: Y.Doc, index: number): Y.XmlText;
	type(text: Y.XmlText, n: number, index: number): void;
}

export type TypistSpec =
	| { kind: 'prepared-plain' }
	/** `marks[i]`: the i-th person's Yjs attributes ({ [hashed key]: attrs }). */
	| { kind: 'prepared-marked'; marks: Record<string, SuggestionAttrs>[] };

const LETTERS = 'abcdefghijklmnopqrstuvwxyz éèàç';

/** The paragraph of the i-th section of a prepared room. */
function preparedParagraph(doc: Y.Doc, i: number): Y.XmlText {
	const paragraph = doc.getXmlFragment(FRAGMENT).get(2 * i + 1) as Y.XmlElement;
	return paragraph.get(0) as Y.XmlText;
}

export function typistFor(spec: TypistSpec): Typist {
	if (spec.kind === 'prepared-plain') {
		return { paragraph: preparedParagraph, type: (text, n) => typeChar(text, n) };
	}
	const { marks } = spec;
	return {
		paragraph: preparedParagraph,
		type(text: Y.XmlText, n: number, i: number) {
			text.insert(text.length, LETTERS[n % LETTERS.length]!, { ...marks[i % marks.length]! });
		}
	};
}
