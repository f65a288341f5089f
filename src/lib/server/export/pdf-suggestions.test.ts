/**
 * PDF « avec suggestions »: the printed HTML marks pending insertions underlined (<ins>) and
 * deletions struck (<del>), each change followed by its proposer's initials, with a legend naming
 * them, so the marks do not rely on colour. The clean export (the default) has none of it.
 */
import { describe, expect, it } from 'vitest';
import { editorSchema } from '../../editor/extensions';
import { DELETE_MARK, INSERT_MARK } from '../../editor/suggestions/marks';
import { withoutPendingChanges } from '../../editor/suggestions/clean';
import type { ProseMirrorJSON } from '../../domain/templates/protocol';
import { toExportBlocks, type ExportDocument, type ExportLabels, type PartLabels } from './model';
import { exportHtml } from './pdf';
import { pendingAuthors } from './suggestion-legend';

const lea = { id: 'c1', author: 'u-lea', authorName: 'Léa Martin', time: 1 };
const CONTENT = {
	type: 'doc',
	content: [
		{
			type: 'paragraph',
			content: [
				{ type: 'text', text: 'Budget ' },
				{ type: 'text', text: '2026', marks: [{ type: DELETE_MARK, attrs: lea }] },
				{ type: 'text', text: '20', marks: [{ type: INSERT_MARK, attrs: lea }] },
				{ type: 'text', text: '27', marks: [{ type: INSERT_MARK, attrs: lea }, { type: 'bold' }] },
				{ type: 'text', text: ' voté.' }
			]
		}
	]
};
const LABELS = { locale: 'fr' } as ExportLabels;

function html(json: ProseMirrorJSON, marked: boolean): string {
	const blocks = toExportBlocks(json, {} as PartLabels);
	const authors = marked ? pendingAuthors(blocks) : [];
	const doc: ExportDocument = {
		title: 'Protocole',
		experiment: 'X',
		territory: 'Y',
		versionLabel: 'V',
		date: 'D',
		blocks,
		comments: null,
		pending: authors.length
			? {
					title: 'Suggestions en attente',
					insert: 'ajout proposé (souligné)',
					delete: 'suppression proposée (barré)',
					authorsLabel: 'Proposées par :',
					authors: authors.map((a) => ({ key: a.name, ...a }))
				}
			: null
	};
	// The body only (the stylesheet names the classes too).
	const page = exportHtml(doc, LABELS, 'fr');
	return page.slice(page.indexOf('<body>')).replace(/<!--.*?-->/g, '');
}

const json = () => editorSchema().nodeFromJSON(CONTENT).toJSON() as ProseMirrorJSON;

describe('PDF export of pending suggestions', () => {
	it('marks them with their proposer’s initials and a legend', () => {
		const text = html(json(), true);
		expect(text).toContain(
			'<del class="change-delete">2026</del><sup class="change-author">[LM]</sup>'
		);
		// One change in two parts (bold and not): one set of initials, after it.
		expect(text).toContain(
			'<ins class="change-insert">20</ins><ins class="change-insert"><strong>27</strong></ins><sup class="change-author">[LM]</sup>'
		);
		expect(text).toMatch(/<dt>\[LM\]<\/dt>\s*<dd>Léa Martin<\/dd>/);
		expect(text).toContain('Suggestions en attente');
	});

	it('leaves them out of the clean export', () => {
		const text = html(withoutPendingChanges(json()), false);
		expect(text).not.toMatch(/<ins|<del|change-author|Suggestions en attente/);
		expect(text).toContain('Budget 2026 voté.');
	});
});
