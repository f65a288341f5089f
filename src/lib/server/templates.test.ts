import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DOCUMENT_KINDS, templateFor } from './documents';
import { createDocumentState } from '../editor/template-state';
import { extractPlainText } from '../../../server/collab/text-index';

const now = new Date('2027-03-12T10:00:00Z');

describe('document templates', () => {
	it.each(DOCUMENT_KINDS.flatMap((kind) => (['fr', 'en'] as const).map((l) => [kind, l] as const)))(
		'%s (%s) is valid in the editor schema and starts with its title',
		(kind, locale) => {
			// createDocumentState checks the JSON against the schema and throws on unknown nodes.
			const state = createDocumentState(templateFor(kind, locale, 'Mon titre', now));
			const doc = new Y.Doc();
			Y.applyUpdate(doc, state);
			expect(extractPlainText(doc).split('\n')[0]).toBe('Mon titre');
		}
	);

	it('dates the first logbook entry in the locale', () => {
		const text = (locale: 'fr' | 'en') => {
			const doc = new Y.Doc();
			Y.applyUpdate(doc, createDocumentState(templateFor('carnet_de_bord', locale, 'Carnet', now)));
			return extractPlainText(doc);
		};
		expect(text('fr')).toContain('12\u00a0mars\u00a02027');
		expect(text('en')).toContain('12\u00a0March\u00a02027');
		expect(text('fr')).toContain('Ce qui s’est passé');
	});
});
