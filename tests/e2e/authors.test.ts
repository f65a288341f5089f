/**
 * "Qui a écrit quoi" (issue 13): two members type in the same paragraph; the toggle colours the
 * text by author with a legend of names, each passage names its author (tooltip and
 * aria-description), the authors of each paragraph are listed as text, the template's text (no
 * recorded writer) is "auteur inconnu", new typing is coloured as it comes, and a deletion undone
 * gives the text back to its writer. axe 0 with it on;
 * screenshots at 390 and 1440 px in French and English. No page or console error.
 */
import { type Page } from '@playwright/test';
import {
	editorOf,
	editorText,
	expect,
	expectNoViolations,
	freshProtocol,
	saveStatus,
	shoot,
	signIn,
	test
} from './support';

/** Puts the caret right after the first occurrence of `text` in the editor. */
async function caretAfter(page: Page, text: string): Promise<void> {
	await editorOf(page).evaluate((root, needle) => {
		const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const at = node.textContent?.indexOf(needle) ?? -1;
			if (at < 0) continue;
			const range = document.createRange();
			range.setStart(node, at + needle.length);
			range.collapse(true);
			const selection = window.getSelection()!;
			selection.removeAllRanges();
			selection.addRange(range);
			return;
		}
		throw new Error(`text not found: ${needle}`);
	}, text);
	await expect.poll(() => page.evaluate(() => window.getSelection()?.rangeCount)).toBe(1);
}

/**
 * Who each coloured passage is attributed to: "name: text", carets left out, neighbouring pieces
 * of one author joined (other highlights may cut a passage into several elements).
 */
function passages(page: Page) {
	// The text's own element: its accessible name changes with the language.
	return page.locator('.document-body[contenteditable]').evaluate((root) => {
		const pieces: { title: string; text: string; end: Node | null }[] = [];
		for (const el of root.querySelectorAll<HTMLElement>('.author-mark')) {
			const copy = el.cloneNode(true) as HTMLElement;
			copy.querySelectorAll('.collaboration-carets__caret').forEach((c) => c.remove());
			const text = copy.textContent ?? '';
			const last = pieces.at(-1);
			const adjacent =
				last?.end &&
				last.title === el.title &&
				(last.end.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0 &&
				el.closest('p, h1, h2, h3, li, td') ===
					(last.end as HTMLElement).closest('p, h1, h2, h3, li, td');
			if (adjacent) {
				last.text += text;
				last.end = el;
			} else pieces.push({ title: el.title, text, end: el });
		}
		return pieces.map((piece) => `${piece.title}: ${piece.text}`);
	});
}

test('who wrote what: two members in one paragraph, each passage named, legend and text list', async ({
	browser
}) => {
	// Two people, two languages, axe and screenshots at two widths.
	test.setTimeout(120_000);
	const protocolId = await freshProtocol('Protocole à deux mains');
	const camille = await signIn(browser, 'coordination@trame.demo');
	const karim = await signIn(browser, 'evaluation@trame.demo');
	for (const { page } of [camille, karim]) {
		await page.setViewportSize({ width: 1440, height: 900 });
		await page.goto(`/documents/${protocolId}`);
	}

	await editorOf(camille.page).locator('p.has-prompt').first().click();
	await camille.page.keyboard.type('Le territoire compte 12 000 habitants.');
	await expect(editorOf(karim.page)).toContainText('12 000 habitants.');
	await caretAfter(karim.page, '12 000 habitants.');
	await karim.page.keyboard.type(' Trois quartiers prioritaires.');
	await expect(editorOf(camille.page)).toContainText('Trois quartiers prioritaires.');
	await expect(saveStatus(karim.page)).toHaveText(/Enregistré/);

	// The toggle, from the header.
	const toggle = camille.page.getByRole('button', { name: 'Auteurs', exact: true });
	await expect(toggle).toHaveAttribute('aria-pressed', 'false');
	await toggle.click();
	await expect(toggle).toHaveAttribute('aria-pressed', 'true');
	const legend = camille.page.getByRole('region', { name: 'Qui a écrit quoi' });
	await expect(legend.getByRole('listitem')).toHaveText([
		/auteur inconnu\s*\d+ % du texte$/,
		/Camille Rousseau\s*\d+ % du texte$/,
		/Karim Benali\s*\d+ % du texte$/
	]);
	await expect
		.poll(() => passages(camille.page))
		.toEqual(
			expect.arrayContaining([
				'Camille Rousseau: Le territoire compte 12 000 habitants.',
				'Karim Benali:  Trois quartiers prioritaires.'
			])
		);
	const karimsPassage = editorOf(camille.page).locator('.author-mark[title="Karim Benali"]');
	await expect(karimsPassage).toHaveAttribute('aria-description', 'Écrit par Karim Benali');
	// The template's headings were written before anyone: no recorded writer.
	await expect(
		editorOf(camille.page).locator('.author-mark', { hasText: 'Contexte et territoire' })
	).toHaveAttribute('title', 'auteur inconnu');

	// The text alternative: the authors of each paragraph.
	await legend.getByText('Auteurs par paragraphe').click();
	await expect(legend.getByRole('listitem').filter({ hasText: '12 000 habitants' })).toContainText(
		'Camille Rousseau, Karim Benali'
	);

	// New typing is coloured as it comes, under its writer's name.
	await caretAfter(karim.page, 'prioritaires.');
	await karim.page.keyboard.type(' Un quatrième.');
	await expect
		.poll(() => passages(camille.page))
		.toContain('Karim Benali:  Trois quartiers prioritaires. Un quatrième.');
	// Undo gives deleted text back to its writer, not to whoever undid the deletion.
	await caretAfter(camille.page, 'Un quatrième.');
	for (let i = 0; i < ' Un quatrième.'.length; i++)
		await camille.page.keyboard.press('Shift+ArrowLeft');
	await camille.page.keyboard.press('Backspace');
	await expect.poll(() => editorText(karim.page)).not.toContain('Un quatrième.');
	await camille.page.keyboard.press('Control+z');
	// Camille's caret (its name label) may sit inside the restored words on Karim's screen.
	await expect.poll(() => editorText(karim.page)).toContain('Un quatrième.');
	await expect
		.poll(() => passages(camille.page))
		.toContain('Karim Benali:  Trois quartiers prioritaires. Un quatrième.');
	// Karim's side, after a reload (the attribution travelled and was stored): see "English" below.
	// The caret's passage is named too (keyboard users).
	await caretAfter(camille.page, 'Le territoire');
	await expect(legend.getByTestId('authors-at-cursor')).toHaveText('Au curseur : Camille Rousseau');

	await expectNoViolations(camille.page, 'authors shown');
	await shoot(camille.page, 'authors-fr');

	// Ctrl+Alt+A in the text hides them again (the keyboard help lists it); nothing stays.
	await camille.page.setViewportSize({ width: 1440, height: 900 });
	await caretAfter(camille.page, 'Le territoire');
	await camille.page.keyboard.press('Shift+F1');
	const help = camille.page.getByRole('dialog', { name: 'Raccourcis clavier' });
	await expect(help).toContainText('Afficher ou masquer qui a écrit quoi');
	await camille.page.keyboard.press('Escape');
	await expect(help).toBeHidden();
	await camille.page.keyboard.press('Control+Alt+A');
	await expect(legend).toHaveCount(0);
	await expect(editorOf(camille.page).locator('.author-mark')).toHaveCount(0);
	await expect(toggle).toHaveAttribute('aria-pressed', 'false');

	// On a phone the toggle is in the header's "Plus" menu.
	await camille.page.setViewportSize({ width: 390, height: 844 });
	await camille.page.getByRole('button', { name: 'Plus', exact: true }).click();
	await camille.page.getByRole('menuitemcheckbox', { name: 'Auteurs' }).click();
	await expect(legend.getByRole('listitem').first()).toContainText('auteur inconnu');
	await legend.getByRole('button', { name: 'Masquer les auteurs' }).click();
	await expect(legend).toHaveCount(0);

	// English, on Karim's side (his restored sentence is still his after the reload).
	const url = new URL(test.info().project.use.baseURL ?? process.env.TRAME_E2E_BASE_URL!);
	await karim.context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: url.origin }]);
	await karim.page.reload();
	await karim.page.getByRole('button', { name: 'Authors', exact: true }).click();
	const legendEn = karim.page.getByRole('region', { name: 'Who wrote what' });
	await expect(legendEn.getByRole('listitem')).toHaveCount(3);
	await expect(legendEn).toContainText('unknown author');
	await expect
		.poll(() => passages(karim.page))
		.toContain('Karim Benali:  Trois quartiers prioritaires. Un quatrième.');
	await expectNoViolations(karim.page, 'authors shown, English');
	await shoot(karim.page, 'authors-en');

	await camille.context.close();
	await karim.context.close();
});
