/**
 * Where a decision lives in its document: the Yjs identity of its section's heading (or of the
 * COPIL part an election writes into), stored as a relative position `{ item, assoc }` — the
 * same JSON form as comment anchors (src/lib/review/anchors.ts). It survives any edit around the
 * section and inside it; it is lost only if that block itself is deleted (a heading turned into a
 * paragraph, say), and then the section is found again by its heading text. Yjs only: used by
 * the server (freeze, write-back) and the browser (badges, "go to the section").
 */
import type * as Y from 'yjs';
import type { RelativePositionJSON } from '../review/anchors';

export interface SectionAnchor extends RelativePositionJSON {
	item: { client: number; clock: number };
}

export function isSectionAnchor(value: unknown): value is SectionAnchor {
	if (typeof value !== 'object' || value === null) return false;
	const item = (value as { item?: unknown }).item as Record<string, unknown> | undefined;
	return (
		typeof item === 'object' &&
		item !== null &&
		Number.isInteger(item.client) &&
		Number.isInteger(item.clock)
	);
}

/** The anchor of the fragment's top-level block at `index`. */
export function anchorOfBlock(fragment: Y.XmlFragment, index: number): SectionAnchor | null {
	const block = fragment.get(index) as Y.XmlElement | undefined;
	const id = block?._item?.id;
	return id ? { item: { client: id.client, clock: id.clock }, assoc: 0 } : null;
}

/** The top-level index of the anchored block, or -1 when it no longer exists. */
export function blockIndexOf(fragment: Y.XmlFragment, anchor: SectionAnchor): number {
	let index = 0;
	for (const block of fragment.toArray()) {
		const id = (block as Y.XmlElement)._item?.id;
		if (id && id.client === anchor.item.client && id.clock === anchor.item.clock) return index;
		index++;
	}
	return -1;
}

/** The anchored top-level block itself, or null. */
export function anchoredBlock(fragment: Y.XmlFragment, anchor: SectionAnchor): Y.XmlElement | null {
	const index = blockIndexOf(fragment, anchor);
	return index < 0 ? null : (fragment.get(index) as Y.XmlElement);
}
