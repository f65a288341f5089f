/**
 * Suggestion mode (issue 13): a partner (comment role) types into the protocol and what she
 * writes arrives as tracked changes, live, at the coordinator's; the coordinator accepts one and
 * rejects the other from the margin cards (keyboard), and the partner sees the result. axe 0 on
 * the cards and the switch; screenshots at 390 and 1440 px in French and English. No page or
 * console error.
 */
import { type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import {
	editorOf,
	editorText,
	expect,
	expectNoViolations,
	freshProtocol,
	shoot,
	signIn,
	test
} from './support';

/** Puts the caret right after the first occurrence of `text` in the editor. */
async function caretAfter(page: Page, text: string, select = false): Promise<void> {
	await editorOf(page).evaluate(
		(root, [needle, whole]) => {
			const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
			for (let node = walker.nextNode(); node; node = walker.nextNode()) {
				const at = node.textContent?.indexOf(needle as string) ?? -1;
				if (at < 0) continue;
				const range = document.createRange();
				range.setStart(node, whole ? at : at + (needle as string).length);
				range.setEnd(node, at + (needle as string).length);
				const selection = window.getSelection()!;
				selection.removeAllRanges();
				selection.addRange(range);
				return;
			}
			throw new Error(`text not found: ${needle}`);
		},
		[text, select]
	);
	await page.waitForTimeout(100);
}

/** The texts of the marked passages (`ins` or `del`), without other people's carets in them. */
function markedTexts(page: Page, tag: 'ins' | 'del') {
	return editorOf(page).evaluate(
		(root, selector) =>
			[...root.querySelectorAll(selector)].map((el) => {
				const copy = el.cloneNode(true) as HTMLElement;
				copy.querySelectorAll('.collaboration-carets__caret').forEach((c) => c.remove());
				return copy.textContent ?? '';
			}),
		tag === 'ins' ? 'ins.suggestion-insert' : 'del.suggestion-delete'
	);
}

const margin = (page: Page) => page.getByRole('region', { name: 'Commentaires en marge' });

test('a partner suggests in the text; the coordinator sees it live, accepts one and rejects one', async ({
	browser
}) => {
	const protocolId = await freshProtocol('Protocole avec suggestions');
	const camille = await signIn(browser, 'coordination@trame.demo');
	const jean = await signIn(browser, 'partenaire@trame.demo');
	await camille.page.setViewportSize({ width: 1440, height: 900 });
	await jean.page.setViewportSize({ width: 1440, height: 900 });
	await camille.page.goto(`/documents/${protocolId}`);
	await jean.page.goto(`/documents/${protocolId}`);

	// Camille (editor, "Modification" by default) writes a sentence directly.
	await expect(camille.page.getByRole('radio', { name: 'Modification' })).toBeChecked();
	await editorOf(camille.page).locator('p.has-prompt').first().click();
	await camille.page.keyboard.type('Le budget est de 1000 euros.');
	await expect(editorOf(jean.page)).toContainText('Le budget est de 1000 euros.');
	await expect(camille.page.locator('.document-body ins, .document-body del')).toHaveCount(0);

	// Jean (partner) is always suggesting: he adds a sentence and deletes a number.
	await expect(jean.page.getByTestId('suggest-forced')).toHaveText('Mode suggestion');
	await expect(jean.page.getByRole('radio')).toHaveCount(0);
	await caretAfter(jean.page, '1000 euros.');
	await jean.page.keyboard.type(' Merci.');
	await caretAfter(jean.page, '1000', true);
	await jean.page.keyboard.press('Backspace');
	await expect.poll(() => markedTexts(jean.page, 'ins')).toEqual([' Merci.']);
	await expect.poll(() => markedTexts(jean.page, 'del')).toEqual(['1000']);

	// Camille sees both live, in place, each with a card (author, time) in the margin.
	const inserted = editorOf(camille.page).locator('ins.suggestion-insert');
	const deleted = editorOf(camille.page).locator('del.suggestion-delete');
	await expect.poll(() => markedTexts(camille.page, 'ins')).toEqual([' Merci.']);
	await expect.poll(() => markedTexts(camille.page, 'del')).toEqual(['1000']);
	await expect(deleted).toHaveAttribute('data-author-name', 'Jean Lefèvre');
	await expect(inserted).toHaveAttribute('data-author-name', 'Jean Lefèvre');
	const cards = margin(camille.page).getByRole('article', { name: 'Suggestion de Jean Lefèvre' });
	await expect(cards).toHaveCount(2);
	await expect(cards.filter({ hasText: 'Ajout' })).toContainText('Merci.');
	await expect(cards.filter({ hasText: 'Suppression' })).toContainText('1000');
	await expect(cards.first().locator('time')).toHaveAttribute('datetime', /^\d{4}-/);
	// Jean cannot accept his own suggestions: no buttons for him.
	await expect(margin(jean.page).getByRole('button', { name: 'Accepter' })).toHaveCount(0);
	await expectNoViolations(camille.page, 'coordinator with suggestion cards');
	await expectNoViolations(jean.page, 'partner in suggestion mode');
	await shoot(camille.page, 'suggestions-coordinator-fr');

	// Camille accepts the addition and rejects the deletion, with the keyboard.
	const accept = cards
		.filter({ hasText: 'Ajout' })
		.getByRole('button', { name: 'Accepter la suggestion de Jean Lefèvre' });
	await accept.focus();
	await camille.page.keyboard.press('Enter');
	await expect(camille.page.getByTestId('review-announcement')).toContainText(
		'Suggestion acceptée.'
	);
	const reject = cards.getByRole('button', { name: 'Refuser la suggestion de Jean Lefèvre' });
	await expect(reject).toHaveCount(1);
	await reject.focus();
	await camille.page.keyboard.press('Enter');
	await expect(cards).toHaveCount(0);

	// Both see the result: the addition written in, the number kept, no mark left.
	for (const page of [camille.page, jean.page]) {
		await expect.poll(() => editorText(page)).toContain('Le budget est de 1000 euros. Merci.');
		await expect(page.locator('.document-body ins, .document-body del')).toHaveCount(0);
	}

	// Camille switches to "Suggestion" with the keyboard: her own typing is now tracked too.
	await camille.page.getByRole('radio', { name: 'Modification' }).focus();
	await camille.page.keyboard.press('ArrowRight');
	await expect(camille.page.getByRole('radio', { name: 'Suggestion' })).toBeChecked();
	await caretAfter(camille.page, 'Merci.');
	await camille.page.keyboard.type(' À voter.');
	await expect.poll(() => markedTexts(jean.page, 'ins')).toEqual([' À voter.']);
	await expect(
		margin(jean.page).getByRole('article', { name: 'Suggestion de Camille Rousseau' })
	).toBeVisible();
	await shoot(jean.page, 'suggestions-partner-fr');

	// DOCX: the pending suggestion as a Word tracked change with its author; clean by default.
	const tracked = await jean.page.request.get(
		`/documents/${protocolId}/export?format=docx&suggestions=1`
	);
	expect(tracked.status()).toBe(200);
	const trackedXml = strFromU8(unzipSync(await tracked.body())['word/document.xml']!);
	expect(trackedXml).toMatch(/<w:ins [^>]*w:author="Camille Rousseau"/);
	const clean = await jean.page.request.get(`/documents/${protocolId}/export?format=docx`);
	const cleanXml = strFromU8(unzipSync(await clean.body())['word/document.xml']!);
	expect(cleanXml).not.toMatch(/<w:ins[ >]/);
	expect(cleanXml).not.toContain('À voter.');

	// English, on the coordinator's side.
	const url = new URL(test.info().project.use.baseURL ?? process.env.TRAME_E2E_BASE_URL!);
	await camille.context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: url.origin }]);
	await camille.page.reload();
	await expect(
		camille.page.getByRole('article', { name: 'Suggestion by Camille Rousseau' })
	).toBeVisible();
	await expect(camille.page.getByRole('radio', { name: 'Editing' })).toBeVisible();
	await expectNoViolations(camille.page, 'coordinator, English');
	await shoot(camille.page, 'suggestions-coordinator-en');

	await camille.context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'fr', url: url.origin }]);

	// Rejecting in a selection: every change the selection touches, whole.
	await camille.page.reload();
	await expect.poll(() => markedTexts(camille.page, 'ins')).toEqual([' À voter.']);
	await caretAfter(camille.page, 'voter', true);
	await camille.page.getByRole('button', { name: 'Refuser la suggestion sélectionnée' }).click();
	await expect(camille.page.getByTestId('review-announcement')).toContainText(
		'1 suggestion refusée.'
	);
	await expect.poll(() => markedTexts(jean.page, 'ins')).toEqual([]);
	await expect.poll(() => editorText(jean.page)).not.toContain('À voter.');

	await camille.context.close();
	await jean.context.close();
});
