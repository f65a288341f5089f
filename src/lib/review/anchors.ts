/**
 * Comment anchors: both ends of a passage as Yjs relative positions (JSON), so a comment follows
 * its passage while others edit around and inside it. ProseMirror positions are converted with
 * y-tiptap's helpers and the ProseMirror ↔ Yjs mapping of a sync binding (browser) or of
 * `initProseMirrorDoc` (server, tests).
 */
import * as Y from 'yjs';
import {
	absolutePositionToRelativePosition,
	relativePositionToAbsolutePosition
} from '@tiptap/y-tiptap';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';

/** Y types to the ProseMirror nodes they render (y-tiptap's `ProsemirrorMapping`). */
export type YMapping = Map<Y.AbstractType<unknown>, ProseMirrorNode | ProseMirrorNode[]>;

export interface RelativePositionJSON {
	type?: { client: number; clock: number };
	tname?: string;
	item?: { client: number; clock: number };
	assoc?: number;
}

export interface Anchor {
	from: RelativePositionJSON;
	to: RelativePositionJSON;
}

export interface ResolvedRange {
	from: number;
	to: number;
}

function isId(value: unknown): value is { client: number; clock: number } {
	if (typeof value !== 'object' || value === null) return false;
	const id = value as Record<string, unknown>;
	return Number.isInteger(id.client) && Number.isInteger(id.clock);
}

function isRelativePositionJSON(value: unknown): value is RelativePositionJSON {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const v = value as Record<string, unknown>;
	if (v.type !== undefined && !isId(v.type)) return false;
	if (v.item !== undefined && !isId(v.item)) return false;
	if (v.tname !== undefined && typeof v.tname !== 'string') return false;
	if (v.assoc !== undefined && !Number.isInteger(v.assoc)) return false;
	return v.item !== undefined || v.type !== undefined || v.tname !== undefined;
}

/** Shape check for anchors coming from the network or the database. */
export function isAnchor(value: unknown): value is Anchor {
	if (typeof value !== 'object' || value === null) return false;
	const v = value as Record<string, unknown>;
	return isRelativePositionJSON(v.from) && isRelativePositionJSON(v.to);
}

/** Anchors the ProseMirror range [from, to) of the document bound to `fragment`. */
export function createAnchor(
	fragment: Y.XmlFragment,
	mapping: YMapping,
	from: number,
	to: number
): Anchor {
	const start = absolutePositionToRelativePosition(from, fragment, mapping);
	const end = absolutePositionToRelativePosition(to, fragment, mapping);
	return {
		from: Y.relativePositionToJSON(start) as RelativePositionJSON,
		to: Y.relativePositionToJSON(end) as RelativePositionJSON
	};
}

/**
 * Where the anchored passage is now, in ProseMirror positions; null when it no longer exists
 * (every character of it was deleted) or cannot be placed.
 */
export function resolveAnchor(
	ydoc: Y.Doc,
	fragment: Y.XmlFragment,
	mapping: YMapping,
	anchor: Anchor
): ResolvedRange | null {
	const from = relativePositionToAbsolutePosition(
		ydoc,
		fragment,
		Y.createRelativePositionFromJSON(anchor.from),
		mapping
	);
	const to = relativePositionToAbsolutePosition(
		ydoc,
		fragment,
		Y.createRelativePositionFromJSON(anchor.to),
		mapping
	);
	if (from === null || to === null || to <= from) return null;
	return { from, to };
}
