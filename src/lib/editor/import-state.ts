/**
 * Yjs state of an import, built once on the server through the editor schema:
 * - a new document: its whole first state (like a template), with the imported comments'
 *   passages as Yjs relative positions;
 * - into a section of an existing document: a Yjs update computed against the document's live
 *   state (a copy of it), to be applied by the collaboration server like any other edit.
 * Comment markers left in the text by the converter are removed here and become anchors.
 */
import * as Y from 'yjs';
import { initProseMirrorDoc, prosemirrorJSONToYDoc, updateYFragment } from '@tiptap/y-tiptap';
import { Transform } from '@tiptap/pm/transform';
import { Fragment, type Node as ProseMirrorNode, type Schema } from '@tiptap/pm/model';
import { EDITOR_FIELD, editorSchema } from './extensions';
import { createAnchor, type Anchor } from '../review/anchors';
import { MARKER_PATTERN, MARK_END } from '../domain/import/types';
import type { ProseMirrorJSON } from '../domain/templates/protocol';
import { partKindOfBlock, type PartKind } from '../domain/structured-parts';
import { isUntouchedPrompt } from '../domain/templates/prompts';

let cached: Schema | null = null;
const schemaOf = () => (cached ??= editorSchema());

export interface MarkedRange {
	from: number;
	to: number;
}

/** The document without comment markers, and where each comment's passage now is. */
export function stripMarkers(doc: ProseMirrorNode): {
	doc: ProseMirrorNode;
	ranges: Map<string, MarkedRange>;
} {
	const found: { pos: number; length: number; id: string; end: boolean }[] = [];
	doc.descendants((node, pos) => {
		if (!node.isText || !node.text) return;
		for (const match of node.text.matchAll(MARKER_PATTERN)) {
			found.push({
				pos: pos + (match.index ?? 0),
				length: match[0].length,
				id: match[2] ?? '',
				end: match[1] === MARK_END
			});
		}
	});
	const tr = new Transform(doc);
	for (const marker of [...found].reverse()) tr.delete(marker.pos, marker.pos + marker.length);
	const starts = new Map<string, number>();
	const ends = new Map<string, number>();
	for (const marker of found) {
		// A start sticks to the text after it, an end to the text before it.
		const mapped = tr.mapping.map(marker.pos, marker.end ? -1 : 1);
		(marker.end ? ends : starts).set(marker.id, mapped);
	}
	const ranges = new Map<string, MarkedRange>();
	for (const [id, from] of starts) {
		const to = ends.get(id) ?? from;
		ranges.set(id, expandEmpty(tr.doc, Math.min(from, to), Math.max(from, to)));
	}
	// An end without a start (the start was outside any paragraph): its paragraph.
	for (const [id, to] of ends) if (!ranges.has(id)) ranges.set(id, expandEmpty(tr.doc, to, to));
	return { doc: tr.doc, ranges };
}

/** A passage with no text (a comment on a point) becomes the whole text block around it. */
function expandEmpty(doc: ProseMirrorNode, from: number, to: number): MarkedRange {
	if (doc.textBetween(from, to, ' ').trim() !== '') return { from, to };
	const $pos = doc.resolve(Math.min(from, doc.content.size));
	if ($pos.parent.isTextblock && $pos.parent.textContent.trim() !== '')
		return { from: $pos.start(), to: $pos.end() };
	return { from, to };
}

export interface ImportAnchor {
	commentId: string;
	anchor: Anchor;
	quote: string;
	/** False when the comment's passage was not found and it sits on a heading instead. */
	found: boolean;
}

/**
 * Anchors of the comments `ids`. A comment whose passage was not found (no range in the file,
 * or its text was empty) is anchored on the heading `fallbackHeading` (the n-th heading with that
 * level, e.g. the title), and flagged.
 */
function anchorsOf(
	ydoc: Y.Doc,
	ranges: Map<string, MarkedRange>,
	ids: readonly string[],
	fallbackHeading: { level: number; index: number }
): ImportAnchor[] {
	const fragment = ydoc.getXmlFragment(EDITOR_FIELD);
	const { doc, mapping } = initProseMirrorDoc(fragment, schemaOf());
	let fallback: MarkedRange | null = null;
	let seen = 0;
	doc.forEach((node, offset) => {
		if (fallback || node.type.name !== 'heading' || node.attrs.level !== fallbackHeading.level)
			return;
		if (seen++ === fallbackHeading.index && node.textContent.trim() !== '')
			fallback = { from: offset + 1, to: offset + 1 + node.content.size };
	});
	const anchors: ImportAnchor[] = [];
	for (const commentId of ids) {
		let range = ranges.get(commentId) ?? null;
		let found = true;
		if (!range || doc.textBetween(range.from, range.to, ' ').trim() === '') {
			range = fallback;
			found = false;
		}
		if (!range) continue;
		const quote = doc.textBetween(range.from, range.to, ' ').trim();
		anchors.push({
			commentId,
			anchor: createAnchor(fragment, mapping, range.from, range.to),
			quote,
			found
		});
	}
	return anchors;
}

/** A new document's first state from the merged ProseMirror JSON (markers inside). */
export function importedDocumentState(
	json: ProseMirrorJSON,
	commentIds: readonly string[] = []
): {
	state: Uint8Array;
	doc: ProseMirrorJSON;
	anchors: ImportAnchor[];
} {
	const schema = schemaOf();
	const marked = schema.nodeFromJSON(json);
	marked.check();
	const { doc, ranges } = stripMarkers(marked);
	const ydoc = prosemirrorJSONToYDoc(schema, doc.toJSON(), EDITOR_FIELD);
	try {
		return {
			state: Y.encodeStateAsUpdate(ydoc),
			doc: doc.toJSON() as ProseMirrorJSON,
			anchors: anchorsOf(ydoc, ranges, commentIds, { level: 1, index: 0 })
		};
	} finally {
		ydoc.destroy();
	}
}

export interface LiveSection {
	/** Index among the document's H2 headings. */
	index: number;
	/** Its text now (to check the section was not renamed or removed meanwhile). */
	heading: string;
	/** Structured parts inside the section. */
	parts: PartKind[];
}

/** The sections (H2) of a document, with the structured parts each holds. */
export function documentSections(doc: ProseMirrorNode | ProseMirrorJSON): LiveSection[] {
	const json = ('toJSON' in doc ? doc.toJSON() : doc) as ProseMirrorJSON;
	const sections: LiveSection[] = [];
	for (const node of json.content ?? []) {
		if (node.type === 'heading' && node.attrs?.level === 2) {
			const text = (node.content ?? [])
				.map((c) => c.text ?? '')
				.join('')
				.trim();
			sections.push({ index: sections.length, heading: text, parts: [] });
			continue;
		}
		const kind = partKindOfBlock(node.type);
		if (kind && sections.length) sections[sections.length - 1]!.parts.push(kind);
	}
	return sections;
}

export class SectionChangedError extends Error {
	constructor() {
		super('section_changed');
	}
}

/**
 * Inserts `blocks` at the end of section `target` (before its structured parts) and appends
 * `rows` to those parts. Returns the new document, markers still inside.
 */
function insertIntoSection(
	doc: ProseMirrorNode,
	target: { index: number; heading: string },
	blocks: readonly ProseMirrorJSON[],
	rows: Partial<Record<PartKind, ProseMirrorJSON[]>>
): ProseMirrorNode {
	const schema = doc.type.schema;
	let sectionStart = -1;
	let sectionEnd = doc.content.size;
	let h2 = -1;
	const partsAt: { pos: number; node: ProseMirrorNode }[] = [];
	const prompts: { pos: number; node: ProseMirrorNode }[] = [];
	doc.forEach((node, offset) => {
		if (node.type.name === 'heading' && node.attrs.level === 2) {
			h2++;
			if (h2 === target.index) {
				if (node.textContent.trim() !== target.heading) throw new SectionChangedError();
				sectionStart = offset + node.nodeSize;
			} else if (h2 === target.index + 1) sectionEnd = Math.min(sectionEnd, offset);
			return;
		}
		if (sectionStart === -1 || h2 !== target.index) return;
		if (partKindOfBlock(node.type.name)) partsAt.push({ pos: offset, node });
		// An untouched prompt (older documents) or the empty paragraph a placeholder shows in.
		else if (
			isUntouchedPrompt(node.toJSON() as ProseMirrorJSON) ||
			(node.type.name === 'paragraph' && node.content.size === 0)
		)
			prompts.push({ pos: offset, node });
	});
	if (sectionStart === -1) throw new SectionChangedError();
	const tr = new Transform(doc);
	// Rows appended inside each part (positions after the text insertion point: done first).
	for (const { pos, node } of [...partsAt].reverse()) {
		const kind = partKindOfBlock(node.type.name)!;
		const add = rows[kind];
		if (!add?.length) continue;
		tr.insert(pos + node.nodeSize - 1, Fragment.fromArray(add.map((r) => schema.nodeFromJSON(r))));
		delete rows[kind];
	}
	const at = tr.mapping.map(partsAt[0]?.pos ?? sectionEnd, -1);
	if (blocks.length) tr.insert(at, Fragment.fromArray(blocks.map((b) => schema.nodeFromJSON(b))));
	// The section's prompt or empty placeholder paragraph gives way to the imported text.
	if (blocks.length) {
		for (const { pos, node } of [...prompts].reverse()) {
			const from = tr.mapping.map(pos, 1);
			tr.delete(from, from + node.nodeSize);
		}
	}
	tr.doc.check();
	return tr.doc;
}

/**
 * The Yjs update that inserts imported content into a section of a live document, computed on a
 * copy of `liveState` with a client id of its own, and the comment anchors inside it.
 */
export function sectionImportUpdate(
	liveState: Uint8Array,
	target: { index: number; heading: string },
	blocks: readonly ProseMirrorJSON[],
	rows: Partial<Record<PartKind, ProseMirrorJSON[]>>,
	commentIds: readonly string[] = []
): { update: Uint8Array; anchors: ImportAnchor[]; unplacedRows: PartKind[] } {
	const schema = schemaOf();
	const ydoc = new Y.Doc();
	try {
		Y.applyUpdate(ydoc, liveState);
		const before = Y.encodeStateVector(ydoc);
		const fragment = ydoc.getXmlFragment(EDITOR_FIELD);
		const { doc, meta } = initProseMirrorDoc(fragment, schema);
		const pending = { ...rows };
		const marked = insertIntoSection(doc, target, blocks, pending);
		const { doc: next, ranges } = stripMarkers(marked);
		ydoc.transact(() => updateYFragment(ydoc, fragment, next, meta));
		return {
			update: Y.encodeStateAsUpdate(ydoc, before),
			anchors: anchorsOf(ydoc, ranges, commentIds, { level: 2, index: target.index }),
			unplacedRows: Object.keys(pending) as PartKind[]
		};
	} finally {
		ydoc.destroy();
	}
}
