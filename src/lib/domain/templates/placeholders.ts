/**
 * Template guidance as placeholders. A template's prompts ("Présentez le territoire pilote…") are
 * empty paragraphs carrying a `placeholder` (blocks.ts `prompt()`); the editor shows that text in
 * the paragraph while it is empty. They are never stored as text, so they are never exported,
 * published, indexed or counted as filled.
 *
 * The editor finds a paragraph's prompt from the heading just before it: the normalized heading
 * text (for the protocol, "1. Contexte et territoire"), or the document's title (the H1 that opens
 * it, whatever it says) for prompts placed right under the title. The catalogue is read from the
 * templates themselves, in both languages, so a template and its placeholders cannot drift.
 *
 * Documents created before placeholders hold their prompts as real italic text. `isLegacyPrompt`
 * recognises such an untouched prompt paragraph exactly: the collaboration server deletes their
 * text once (server/collab/migrations), and readers of older stored states (versions, exports,
 * copies) drop them with `withoutLegacyPrompts`.
 */
import { protocolTemplate, type ProseMirrorJSON } from './protocol';
import { copilMinutesTemplate } from './compte-rendu-copil';
import { logbookTemplate } from './carnet-de-bord';
import { lessonsLearnedTemplate } from './fiche-retour';
import { methodGuideTemplate } from './guide-methodologique';
import { freeDocumentTemplate } from './libre';

/** Where a prompt sits: under the document's title, or under the heading with this text. */
export const UNDER_TITLE = Symbol('under-title');
export type PromptPlace = typeof UNDER_TITLE | string;

export interface TemplatePrompt {
	place: PromptPlace;
	text: string;
}

/** Same spelling as the document kinds of `src/lib/server/documents.ts`. */
export type TemplateKind =
	| 'protocole'
	| 'compte_rendu_copil'
	| 'carnet_de_bord'
	| 'fiche_retour'
	| 'guide_methodologique'
	| 'libre';

export const normalizeText = (text: string) => text.replace(/\s+/g, ' ').trim();

function textOf(node: ProseMirrorJSON): string {
	return node.text ?? (node.content ?? []).map(textOf).join('');
}

/** Every template of a kind, in both languages (the title and date do not matter here). */
function templatesOf(kind: TemplateKind): ProseMirrorJSON[] {
	return (['fr', 'en'] as const).map((locale) => {
		switch (kind) {
			case 'protocole':
				return protocolTemplate(locale);
			case 'compte_rendu_copil':
				return copilMinutesTemplate(locale);
			case 'carnet_de_bord':
				return logbookTemplate(locale, '');
			case 'fiche_retour':
				return lessonsLearnedTemplate(locale);
			case 'guide_methodologique':
				return methodGuideTemplate(locale);
			case 'libre':
				return freeDocumentTemplate(locale);
		}
	});
}

function promptsOf(template: ProseMirrorJSON): TemplatePrompt[] {
	const prompts: TemplatePrompt[] = [];
	const nodes = template.content ?? [];
	nodes.forEach((node, index) => {
		if (!node.placeholder) return;
		const before = nodes[index - 1];
		if (before?.type !== 'heading') return;
		const place =
			index === 1 && before.attrs?.level === 1 ? UNDER_TITLE : normalizeText(textOf(before));
		prompts.push({ place, text: node.placeholder });
	});
	return prompts;
}

const KINDS: readonly TemplateKind[] = [
	'protocole',
	'compte_rendu_copil',
	'carnet_de_bord',
	'fiche_retour',
	'guide_methodologique',
	'libre'
];

const catalogue = new Map<TemplateKind, readonly TemplatePrompt[]>();

/** The placeholders of a kind of document, both languages. */
export function templatePrompts(kind: string): readonly TemplatePrompt[] {
	if (!(KINDS as readonly string[]).includes(kind)) return [];
	const known = kind as TemplateKind;
	let prompts = catalogue.get(known);
	if (!prompts) {
		prompts = templatesOf(known).flatMap(promptsOf);
		catalogue.set(known, prompts);
	}
	return prompts;
}

/**
 * The placeholder of an empty paragraph, from the heading just before it (`headingText`, and
 * whether that heading is the document's opening title).
 */
export function placeholderAfter(
	prompts: readonly TemplatePrompt[],
	heading: { text: string; isTitle: boolean }
): string | null {
	const text = normalizeText(heading.text);
	const found = prompts.find((p) =>
		p.place === UNDER_TITLE ? heading.isTitle : !heading.isTitle && p.place === text
	);
	return found?.text ?? null;
}

let allPrompts: ReadonlySet<string> | null = null;

/** Every prompt text of every template, both languages (for legacy documents). */
export function allPromptTexts(): ReadonlySet<string> {
	allPrompts ??= new Set(
		KINDS.flatMap((kind) => templatePrompts(kind).map((p) => normalizeText(p.text)))
	);
	return allPrompts;
}

/**
 * A paragraph exactly as the old templates wrote a prompt: one italic text run (no other mark)
 * whose text is a template prompt. Anything a person changed in it (a word, a mark) makes it text.
 */
export function isLegacyPrompt(node: ProseMirrorJSON): boolean {
	if (node.type !== 'paragraph' || node.content?.length !== 1) return false;
	const run = node.content[0]!;
	if (run.type !== 'text' || !run.text) return false;
	const marks = run.marks ?? [];
	if (marks.length !== 1 || marks[0]!.type !== 'italic') return false;
	return run.text === run.text.trim() && allPromptTexts().has(run.text);
}

/** The document with each untouched legacy prompt emptied (as the migration does to live text). */
export function withoutLegacyPrompts(doc: ProseMirrorJSON): ProseMirrorJSON {
	if (!doc.content?.some(isLegacyPrompt)) return doc;
	return {
		...doc,
		content: doc.content.map((node) => (isLegacyPrompt(node) ? { type: 'paragraph' } : node))
	};
}
