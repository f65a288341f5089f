/**
 * Recognising what Trame's own exports add around the text, so that export → import gives back
 * the same document: the title page's facts ("Expérimentation : …", "Territoire : …", "Version :
 * …", "Date : …") and the caption printed above each structured part's table. The words are
 * those of messages/{fr,en}.json (`export_*`, `structured_part_*`); a unit test keeps them equal.
 */
import type { ProseMirrorJSON } from '../templates/protocol';
import type { PartKind } from '../structured-parts';

export const EXPORT_FACT_LABELS = {
	fr: ['Expérimentation', 'Territoire', 'Version', 'Date'],
	en: ['Experiment', 'Territory', 'Version', 'Date']
} as const;

export const PART_CAPTIONS: Readonly<Record<PartKind, readonly string[]>> = {
	enjeux: ['Enjeux visés', 'Challenges addressed'],
	copil: ['Composition du COPIL', 'Steering committee members'],
	calendar: ['Jalons du calendrier', 'Timeline milestones'],
	budget: ['Lignes budgétaires', 'Budget lines'],
	indicators: ['Indicateurs d’évaluation', 'Evaluation indicators']
};

const textOf = (node: ProseMirrorJSON): string =>
	node.text ?? (node.content ?? []).map(textOf).join('');

const norm = (text: string) =>
	text
		.replace(/[\s\u00a0\u202f]+/g, ' ')
		.trim()
		.toLowerCase();

function factLines(block: ProseMirrorJSON): string[] {
	if (block.type === 'paragraph') return [textOf(block)];
	if (block.type === 'bulletList') return (block.content ?? []).map(textOf);
	return [];
}

/** The blocks without a Trame title page's four facts at their start. */
export function withoutExportFacts(blocks: readonly ProseMirrorJSON[]): ProseMirrorJSON[] {
	for (const labels of Object.values(EXPORT_FACT_LABELS)) {
		const lines: string[] = [];
		let used = 0;
		while (used < blocks.length && lines.length < labels.length) {
			const more = factLines(blocks[used]!);
			if (more.length === 0) break;
			lines.push(...more);
			used++;
		}
		const matches =
			lines.length === labels.length &&
			labels.every((label, i) => norm(lines[i]!).startsWith(`${norm(label)} :`));
		if (matches) return blocks.slice(used);
	}
	return [...blocks];
}

/** True when a paragraph is the caption Trame prints above a part of `kind`. */
export function isPartCaption(block: ProseMirrorJSON | undefined, kind: PartKind): boolean {
	if (block?.type !== 'paragraph') return false;
	const text = norm(textOf(block).replace(/[\uE000-\uE002]/g, ''));
	return PART_CAPTIONS[kind].some((caption) => norm(caption) === text);
}
