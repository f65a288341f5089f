/**
 * The sections of an open document that decisions are about, located in its ProseMirror state
 * through the collaboration binding's Y type ↔ node mapping, with their current text, its hash
 * and their derived decision state. Computed in the browser on each (idle) change; no DOM here, so
 * it is tested in Node with y-tiptap's `initProseMirrorDoc` mapping.
 */
import type * as Y from 'yjs';
import type { Node as PMNode } from '@tiptap/pm/model';
import { headingLine, sectionBoundsAt, sectionTextAt } from '../domain/proposal-section';
import { sectionDecisionState, type SectionDecisionState } from '../domain/section-decisions';
import type { ProseMirrorJSON } from '../domain/templates/protocol';
import { blockIndexOf, type SectionAnchor } from './section-anchor';
import { SECTION_TEXT_OPTIONS } from './section-text';
import { textHash } from './text-hash';
import type { DocumentDecision, DocumentDecisionsView, DocumentRound } from './types';

type Mapping = Map<Y.AbstractType<unknown>, PMNode | PMNode[]>;

export interface SectionEntry {
	/** Stable key of the section (its heading's Yjs identity). */
	key: string;
	/** Position of the section's first node (its heading) in the editor. */
	pos: number;
	heading: string;
	/** Its text now, as the register reads it. */
	text: string;
	state: SectionDecisionState;
	/** Every decision about it, oldest first (the register entries to link). */
	decisions: DocumentDecision[];
	round: DocumentRound | null;
}

const keyOf = (anchor: SectionAnchor) => `${anchor.item.client}:${anchor.item.clock}`;

/** Top-level index and position of the anchored block, else of the heading with that text. */
function locate(
	doc: PMNode,
	fragment: Y.XmlFragment,
	mapping: Mapping,
	anchor: SectionAnchor | null,
	heading: string
): { index: number; pos: number } | null {
	let target: PMNode | null = null;
	if (anchor) {
		const yIndex = blockIndexOf(fragment, anchor);
		const node = yIndex >= 0 ? mapping.get(fragment.get(yIndex) as Y.AbstractType<unknown>) : null;
		if (node && !Array.isArray(node)) target = node;
	}
	let found: { index: number; pos: number } | null = null;
	const wanted = heading.replace(/\s+/g, ' ').trim();
	doc.forEach((node, pos, index) => {
		if (found) return;
		if (
			target
				? node === target
				: node.type.name === 'heading' && node.textContent.replace(/\s+/g, ' ').trim() === wanted
		)
			found = { index, pos };
	});
	return found;
}

function sectionText(doc: PMNode, index: number): string {
	// Only the section's nodes are turned into JSON: a keystroke elsewhere costs little.
	const nodes: ProseMirrorJSON[] = [];
	for (let i = index; i < doc.childCount; i++) {
		const node = doc.child(i);
		if (i > index && node.type.name === 'heading' && Number(node.attrs.level) <= 2) break;
		nodes.push(node.toJSON() as ProseMirrorJSON);
	}
	const json: ProseMirrorJSON = { type: 'doc', content: nodes };
	return sectionBoundsAt(json, 0) ? (sectionTextAt(json, 0, SECTION_TEXT_OPTIONS) ?? '') : '';
}

export function sectionEntries(
	doc: PMNode,
	fragment: Y.XmlFragment,
	mapping: Mapping,
	view: DocumentDecisionsView
): SectionEntry[] {
	const groups = new Map<
		string,
		{
			anchor: SectionAnchor | null;
			heading: string;
			decisions: DocumentDecision[];
			rounds: DocumentRound[];
		}
	>();
	const group = (anchor: SectionAnchor | null, heading: string) => {
		const key = anchor ? keyOf(anchor) : `heading:${heading}`;
		let entry = groups.get(key);
		if (!entry) groups.set(key, (entry = { anchor, heading, decisions: [], rounds: [] }));
		return entry;
	};
	for (const decision of view.decisions)
		group(decision.anchor, decision.section).decisions.push(decision);
	for (const round of view.rounds) group(round.anchor, round.section).rounds.push(round);

	const entries: SectionEntry[] = [];
	for (const [key, g] of groups) {
		const place = locate(doc, fragment, mapping, g.anchor, g.heading);
		if (!place) continue;
		const block = doc.child(place.index);
		// An election's place is the COPIL part itself, not a heading.
		const isHeading = block.type.name === 'heading';
		const text = isHeading ? sectionText(doc, place.index) : '';
		entries.push({
			key,
			pos: place.pos,
			heading: isHeading ? headingLine(block.toJSON() as ProseMirrorJSON) : g.heading,
			text,
			state: sectionDecisionState({
				decisions: g.decisions,
				rounds: g.rounds,
				currentHash: textHash(text),
				today: view.today
			}),
			decisions: g.decisions,
			round: g.rounds[g.rounds.length - 1] ?? null
		});
	}
	return entries.sort((a, b) => a.pos - b.pos);
}
