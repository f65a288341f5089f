/**
 * The prompts of every template ("Présentez le territoire pilote…"): italic paragraphs telling
 * authors what to write, in both languages, read from the templates themselves. A paragraph that
 * still reads exactly like one was never written by anyone: exports leave it out.
 */
import type { ProseMirrorJSON, TemplateLocale } from './protocol';
import { protocolTemplate } from './protocol';
import { copilMinutesTemplate } from './compte-rendu-copil';
import { logbookTemplate } from './carnet-de-bord';
import { lessonsLearnedTemplate } from './fiche-retour';
import { methodGuideTemplate } from './guide-methodologique';
import { freeDocumentTemplate } from './libre';

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A paragraph made of one italic text only: the shape of a prompt. */
function promptText(node: ProseMirrorJSON): string | null {
	if (node.type !== 'paragraph' || node.content?.length !== 1) return null;
	const [only] = node.content;
	if (only?.type !== 'text' || !only.text) return null;
	const marks = only.marks ?? [];
	return marks.length === 1 && marks[0]!.type === 'italic' ? normalize(only.text) : null;
}

function collect(node: ProseMirrorJSON, into: Set<string>): void {
	const text = promptText(node);
	if (text) into.add(text);
	for (const child of node.content ?? []) collect(child, into);
}

let prompts: ReadonlySet<string> | null = null;

export function templatePrompts(): ReadonlySet<string> {
	if (prompts) return prompts;
	const all = new Set<string>();
	for (const locale of ['fr', 'en'] as TemplateLocale[]) {
		for (const template of [
			protocolTemplate(locale),
			copilMinutesTemplate(locale),
			logbookTemplate(locale, ''),
			lessonsLearnedTemplate(locale),
			methodGuideTemplate(locale),
			freeDocumentTemplate(locale)
		])
			collect(template, all);
	}
	return (prompts = all);
}

/** True for a paragraph nobody touched since the template put it there. */
export function isUntouchedPrompt(node: ProseMirrorJSON): boolean {
	const text = promptText(node);
	return text !== null && templatePrompts().has(text);
}
