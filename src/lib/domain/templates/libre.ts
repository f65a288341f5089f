/** Template of a free document (document libre): its title and an empty paragraph. */
import { doc, heading, paragraph } from './blocks';
import type { ProseMirrorJSON, TemplateLocale } from './protocol';

const TITLE = { fr: 'Document sans titre', en: 'Untitled document' } as const;

export function freeDocumentTemplate(locale: TemplateLocale, title?: string): ProseMirrorJSON {
	return doc([heading(1, title?.trim() || TITLE[locale]), paragraph()]);
}
