/**
 * A section of a live Y.Doc, read and written through the editor schema exactly as the browser's
 * collaboration binding does: y-tiptap's `initProseMirrorDoc` reads the fragment into a
 * ProseMirror document (with the Y type ↔ node mapping), and `updateYFragment` — the binding's own
 * diff — writes a changed document back, so a write-back is the change an editor replacing the
 * section's blocks would make: unchanged blocks keep their Yjs identity (and the comments anchored
 * in them), changed text is diffed character by character. Callers run these inside one
 * `change` transaction (server/collab/live-documents.ts) or a `read`.
 */
import * as Y from 'yjs';
import type { Node as PMNode, Schema } from '@tiptap/pm/model';
import {
	absolutePositionToRelativePosition,
	initProseMirrorDoc,
	updateYFragment
} from '@tiptap/y-tiptap';
import { EDITOR_FIELD, editorSchema } from '../../editor/extensions';
import {
	headingLine,
	sectionBoundsAt,
	sectionStartIndex,
	sectionTextAt,
	type SectionTextOptions
} from '../../domain/proposal-section';
import { planSectionWrite, type SectionWriteError } from '../../domain/section-write';
import type { ProseMirrorJSON } from '../../domain/templates/protocol';
import { anchorOfBlock, blockIndexOf, type SectionAnchor } from '../../decisions/section-anchor';
import type { Anchor } from '../../review/anchors';

let schema: Schema | null = null;
const editor = () => (schema ??= editorSchema());

type Meta = ReturnType<typeof initProseMirrorDoc>['meta'];

export interface LiveSection {
	doc: PMNode;
	meta: Meta;
	/** Index of the heading among the ProseMirror document's top-level nodes. */
	start: number;
	/** Index after the section's last node. */
	end: number;
	heading: string;
	/** The section's text, as the register keeps it. */
	text: string;
	anchor: SectionAnchor;
}

export type SectionLocation = { anchor: SectionAnchor } | { index: number; heading: string };

/** The ProseMirror index of a Y top-level block, through the binding's mapping. */
function pmIndexOf(doc: PMNode, meta: Meta, fragment: Y.XmlFragment, yIndex: number): number {
	const node = meta.mapping.get(fragment.get(yIndex) as Y.AbstractType<unknown>);
	let found = -1;
	doc.forEach((child, _offset, index) => {
		if (child === node) found = index;
	});
	return found;
}

/**
 * The section at `location` in the live document: by its anchor (the heading's Yjs identity),
 * else — the heading was deleted or the round predates anchors — by its heading text; null if
 * neither finds it.
 */
export function readLiveSection(
	ydoc: Y.Doc,
	location: SectionLocation & { fallbackHeading?: string },
	options: SectionTextOptions
): LiveSection | null {
	const fragment = ydoc.getXmlFragment(EDITOR_FIELD);
	const { doc, meta } = initProseMirrorDoc(fragment, editor());
	const json = doc.toJSON() as ProseMirrorJSON;
	let start = -1;
	if ('anchor' in location) {
		const yIndex = blockIndexOf(fragment, location.anchor);
		if (yIndex >= 0) start = pmIndexOf(doc, meta, fragment, yIndex);
	} else {
		start = sectionStartIndex(json, location.index);
		if (
			start >= 0 &&
			headingLine(json.content![start]!) !== headingLine(headingNode(location.heading))
		)
			start = -1;
	}
	if (start < 0 && location.fallbackHeading) {
		const wanted = headingLine(headingNode(location.fallbackHeading));
		start = (json.content ?? []).findIndex(
			(node) => node.type === 'heading' && headingLine(node) === wanted
		);
	}
	if (start < 0) return null;
	const bounds = sectionBoundsAt(json, start);
	const text = sectionTextAt(json, start, options);
	if (!bounds || text === null) return null;
	// The anchor of the block the section starts at (the same one when found by its anchor).
	const yIndex = fragment
		.toArray()
		.findIndex((type) => meta.mapping.get(type) === doc.child(start));
	const anchor = yIndex >= 0 ? anchorOfBlock(fragment, yIndex) : null;
	if (!anchor) return null;
	return {
		doc,
		meta,
		start,
		end: bounds.end,
		heading: headingLine(json.content![start]!),
		text,
		anchor
	};
}

const headingNode = (text: string): ProseMirrorJSON => ({
	type: 'heading',
	content: [{ type: 'text', text }]
});

/**
 * Replaces the section's text by `target` (a section text, heading line first) in the live
 * document. Validates before changing anything: an error leaves the document untouched.
 */
export function writeLiveSection(
	ydoc: Y.Doc,
	section: LiveSection,
	target: string,
	options: SectionTextOptions
): { ok: true; kept: number } | { ok: false; error: SectionWriteError } {
	const json = section.doc.toJSON() as ProseMirrorJSON;
	const nodes = json.content ?? [];
	const plan = planSectionWrite(
		{ heading: nodes[section.start]!, blocks: nodes.slice(section.start + 1, section.end) },
		target,
		options
	);
	if (!plan.ok) return plan;
	let next: PMNode;
	try {
		next = editor().nodeFromJSON({
			...json,
			content: [
				...nodes.slice(0, section.start),
				plan.heading,
				...plan.blocks,
				...nodes.slice(section.end)
			]
		});
		next.check();
	} catch {
		return { ok: false, error: 'not_representable' };
	}
	updateYFragment(ydoc, ydoc.getXmlFragment(EDITOR_FIELD), next, section.meta);
	return { ok: true, kept: plan.kept };
}

/** A comment-style anchor over the section heading's text (objection threads hang there). */
export function headingThreadAnchor(ydoc: Y.Doc, section: LiveSection): Anchor | null {
	const fragment = ydoc.getXmlFragment(EDITOR_FIELD);
	let pos = 0;
	for (let i = 0; i < section.start; i++) pos += section.doc.child(i).nodeSize;
	const heading = section.doc.child(section.start);
	if (heading.content.size === 0) return null;
	const from = absolutePositionToRelativePosition(pos + 1, fragment, section.meta.mapping);
	const to = absolutePositionToRelativePosition(
		pos + 1 + heading.content.size,
		fragment,
		section.meta.mapping
	);
	return {
		from: Y.relativePositionToJSON(from) as Anchor['from'],
		to: Y.relativePositionToJSON(to) as Anchor['to']
	};
}
