/**
 * The document shape TipTap's Collaboration extension produces: a Y.XmlFragment 'default' of
 * block XmlElements (heading, paragraph) each holding one XmlText. Typing = inserting into the
 * XmlText of the writer's own paragraph, one transaction per keystroke (as ProseMirror does).
 */
import * as Y from 'yjs';

export const FRAGMENT = 'default';
const LETTERS = 'abcdefghijklmnopqrstuvwxyz éèàç';

/** Appends a heading and a paragraph; returns the paragraph's text for typing. */
export function addSection(doc: Y.Doc, title: string): Y.XmlText {
	const fragment = doc.getXmlFragment(FRAGMENT);
	const heading = new Y.XmlElement('heading');
	heading.setAttribute('level', '2');
	heading.insert(0, [new Y.XmlText(title)]);
	const paragraph = new Y.XmlElement('paragraph');
	const text = new Y.XmlText();
	paragraph.insert(0, [text]);
	fragment.insert(fragment.length, [heading, paragraph]);
	return text;
}

/** One keystroke at the end of `text` (its own transaction). */
export function typeChar(text: Y.XmlText, n: number): void {
	text.insert(text.length, LETTERS[n % LETTERS.length]!);
}

/**
 * Words of a protocol, drawn by a seeded generator: prose that compresses like real French text
 * (one repeated phrase would flatter any compressed storage).
 */
const VOCABULARY = (
	'le la les un une des du de et ou mais donc car ni que qui dont où ce cette ces son sa ses leur ' +
	'comité pilotage protocole expérimentation délibération citoyenne budget participatif conseil ' +
	'quartier mairie habitants jury tirage sort consentement objection élection candidat mandat ' +
	'évaluation indicateur critère échéance jalon calendrier réunion séance atelier restitution ' +
	'partenaires coordination laboratoire territoire commune métropole association collectif ' +
	'propose valide amende ajourne adopte consulte informe associe mobilise recrute accompagne ' +
	'premier deuxième troisième chaque plusieurs certains aucun tous toutes nouveau nouvelle public ' +
	'publique ouvert ouverte local locale municipal municipale durable solidaire inclusif inclusive ' +
	'2026 2027 mars avril mai juin septembre octobre novembre 12 15 30 45 100 1500 euros heures ' +
	'selon avant après pendant depuis pour avec sans sous sur entre vers chez par contre malgré'
).split(' ');

function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A protocol of `pages` pages (≈ 2 KB of prose each), typed in small edits so it has history. */
export function buildLargeDocument(targetBytes: number): Uint8Array {
	const doc = new Y.Doc();
	const random = seededRandom(targetBytes);
	const phrase = () => {
		const words: string[] = [];
		for (let w = 0; w < 9; w++) words.push(VOCABULARY[Math.floor(random() * VOCABULARY.length)]!);
		return `${words.join(' ')}${random() < 0.3 ? '. ' : ', '}`;
	};
	let section = 0;
	let size = 0;
	while (size < targetBytes) {
		// ~2 KB per section: add what is still missing, so small targets are not overshot.
		const sections = Math.min(20, Math.max(1, Math.ceil((targetBytes - size) / 2500)));
		for (let s = 0; s < sections; s++) {
			const text = addSection(doc, `Section ${++section}`);
			// History: typed in chunks, some deleted again (like real editing).
			for (let i = 0; i < 30; i++) {
				text.insert(text.length, phrase());
				if (i % 7 === 6) text.delete(text.length - 10, 5);
			}
		}
		size = Y.encodeStateAsUpdate(doc).byteLength;
	}
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}
