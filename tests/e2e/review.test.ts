import type { Page } from '@playwright/test';
import mammoth from 'mammoth';
import { PDFParse } from 'pdf-parse';
import { editorOf, expect, freshProtocol, saveStatus, signIn, test } from './support';

/** Selects the first occurrence of `text` in the editor, as a reader's mouse selection would. */
async function selectInEditor(page: Page, text: string): Promise<void> {
	await editorOf(page).evaluate((root, needle) => {
		const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const at = node.textContent?.indexOf(needle) ?? -1;
			if (at < 0) continue;
			const range = document.createRange();
			range.setStart(node, at);
			range.setEnd(node, at + needle.length);
			const selection = window.getSelection()!;
			selection.removeAllRanges();
			selection.addRange(range);
			return;
		}
		throw new Error(`text not found: ${needle}`);
	}, text);
	// ProseMirror reads the DOM selection on selectionchange.
	await page.waitForTimeout(100);
}

/** The comments beside the text (wide screens). */
function margin(page: Page) {
	return page.getByRole('region', { name: 'Commentaires en marge' });
}

/** Opens the comments panel (every thread, with filters) from the document's header. */
async function openComments(page: Page) {
	await page.getByRole('button', { name: /^Commentaires/ }).click();
	return page.getByRole('dialog', { name: 'Commentaires' });
}

/** Opens one of the document's panels (Versions, Publication…) from its header. */
async function openPanel(page: Page, name: string) {
	await page.getByRole('button', { name, exact: true }).click();
	return page.getByRole('dialog', { name });
}

test('a partner comments and suggests; the coordinator replies live and accepts the suggestion', async ({
	browser
}) => {
	const protocolId = await freshProtocol('Protocole relu par les partenaires');
	const jean = await signIn(browser, 'partenaire@trame.demo');
	const camille = await signIn(browser, 'coordination@trame.demo');
	await jean.page.goto(`/documents/${protocolId}`);
	await camille.page.goto(`/documents/${protocolId}`);
	await expect(editorOf(jean.page)).toContainText('Contexte et territoire');
	await expect(editorOf(camille.page)).toContainText('Contexte et territoire');

	// Camille writes a first sentence (the template's guidance is only a placeholder).
	await editorOf(camille.page).locator('p.has-prompt').first().click();
	await camille.page.keyboard.type('Le territoire pilote compte neuf communes.');
	await expect(editorOf(jean.page)).toContainText('Le territoire pilote compte neuf communes.');

	// Jean (comment-only) comments on a passage and mentions Camille through the autocomplete.
	await selectInEditor(jean.page, 'Contexte et territoire');
	await jean.page.getByRole('toolbar').getByRole('button', { name: 'Commenter' }).click();
	const body = margin(jean.page).getByRole('textbox', { name: 'Votre commentaire' });
	await expect(body).toBeFocused();
	// The passage stays highlighted while the comment is written.
	await expect(jean.page.locator('mark.review-anchor.is-draft')).toHaveText(
		'Contexte et territoire'
	);
	await body.pressSequentially('Précisez le périmètre, @Cam');
	await expect(jean.page.getByRole('option', { name: 'Camille Rousseau' })).toBeVisible();
	await body.press('Enter');
	await body.pressSequentially('merci <b>!</b>');
	await expect(body).toHaveValue('Précisez le périmètre, @Camille Rousseau merci <b>!</b>');
	await margin(jean.page).getByRole('button', { name: 'Publier' }).click();
	await expect(margin(jean.page).getByText('Précisez le périmètre')).toBeVisible();
	// Camille is mentioned: her unread count goes up live, without reload.
	await expect(
		camille.page.getByRole('link', { name: /Notifications \(\d+ non lues?\)/ })
	).toBeVisible();

	// Camille sees it live (no reload) in her margin, as plain text, its passage highlighted and
	// described by the thread for assistive technologies.
	const thread = margin(camille.page).getByRole('article', { name: 'Fil de Jean Lefèvre' }).first();
	await expect(thread).toContainText('Précisez le périmètre, @Camille Rousseau merci <b>!</b>');
	const mark = camille.page.locator('mark.review-anchor').first();
	await expect(mark).toHaveText('Contexte et territoire');
	await expect(mark).toHaveAccessibleDescription(
		/Commentaire de Jean Lefèvre : Précisez le périmètre/
	);

	// Clicking the highlight opens the thread beside it; she replies and Jean sees the reply live.
	await mark.click();
	await expect(thread).toHaveClass(/active/);
	await thread.getByRole('textbox', { name: 'Répondre au fil' }).fill('Bien vu, je complète.');
	await thread.getByRole('button', { name: 'Répondre' }).click();
	await expect(margin(jean.page)).toContainText('Bien vu, je complète.');
	const jeanList = await openComments(jean.page);
	await expect(jeanList).toContainText('Bien vu, je complète.');
	// "Voir le passage" closes the panel and puts the focus on the passage.
	await jeanList.getByRole('button', { name: 'Voir le passage' }).first().click();
	await expect(jeanList).toBeHidden();
	await expect(editorOf(jean.page)).toBeFocused();
	await expect(jean.page.getByTestId('review-announcement')).toContainText(
		'Passage commenté : « Contexte et territoire »'
	);

	// Jean may type, but only suggestions (issue 13): his editor says so.
	await expect(editorOf(jean.page)).toHaveAttribute('contenteditable', 'true');
	await expect(jean.page.getByTestId('suggest-forced')).toHaveText('Mode suggestion');

	// Jean suggests a replacement; Camille sees it inline and accepts it.
	await selectInEditor(jean.page, 'Le territoire pilote');
	await jean.page.getByRole('toolbar').getByRole('button', { name: 'Suggérer' }).click();
	await margin(jean.page)
		.getByLabel('Texte proposé à la place du passage')
		.fill('Le territoire retenu');
	await margin(jean.page).getByRole('button', { name: 'Publier' }).click();
	await expect(camille.page.locator('.review-suggestion-new')).toHaveText('Le territoire retenu');
	await expect(camille.page.locator('.review-suggestion-old')).toHaveText('Le territoire pilote');
	const suggestion = margin(camille.page)
		.getByRole('article')
		.filter({ hasText: 'Le territoire retenu' });
	await suggestion.getByRole('button', { expanded: false }).click();
	await suggestion.getByRole('button', { name: 'Accepter' }).click();
	await expect(editorOf(camille.page)).toContainText('Le territoire retenu compte');
	await expect(editorOf(jean.page)).toContainText('Le territoire retenu compte');
	await expect(editorOf(jean.page)).not.toContainText('Le territoire pilote');
	await expect(camille.page.locator('.review-suggestion-new')).toHaveCount(0);
	const jeanResolved = await openComments(jean.page);
	await jeanResolved.getByRole('radio', { name: 'Résolus' }).check();
	await expect(jeanResolved).toContainText('Suggestion acceptée');
	await expect(jeanResolved).toContainText('par Camille Rousseau');
	await jean.page.keyboard.press('Escape');

	await jean.page.screenshot({
		path: test.info().outputPath('review-partner.png'),
		fullPage: true
	});
	await camille.page.screenshot({
		path: test.info().outputPath('review-coordinator.png'),
		fullPage: true
	});

	// Her inbox lists the mention.
	await camille.page.getByRole('link', { name: /Notifications/ }).click();
	await expect(camille.page).toHaveURL(/\/notifications$/);
	await expect(camille.page.getByRole('heading', { level: 1 })).toHaveText('Notifications');
	await expect(
		camille.page.getByRole('link', { name: 'Jean Lefèvre vous a mentionné·e' })
	).toBeVisible();
	await jean.context.close();
	await camille.context.close();
});

test('a named version is created, the text changed and the version restored; DOCX, PDF and the public page', async ({
	browser
}) => {
	const protocolId = await freshProtocol('Protocole versionné');
	const camille = await signIn(browser, 'coordination@trame.demo');
	const karim = await signIn(browser, 'evaluation@trame.demo');
	await camille.page.goto(`/documents/${protocolId}`);
	await karim.page.goto(`/documents/${protocolId}`);
	const editor = editorOf(camille.page);
	await expect(editor).toContainText('Moyens et budget');

	// A budget line, then a named version of that state.
	const budget = camille.page.getByRole('region', { name: 'Lignes budgétaires' });
	await budget.getByRole('button', { name: 'Ajouter une ligne budgétaire' }).click();
	await camille.page.keyboard.type('Indemnisation des tirés au sort');
	await camille.page.keyboard.press('Enter');
	await camille.page.keyboard.type('12 000');
	await camille.page.keyboard.press('Enter');
	await camille.page.keyboard.type('Région');
	await expect(saveStatus(camille.page)).toHaveText(/Enregistré/);
	const versions = await openPanel(camille.page, 'Versions');
	await versions.getByLabel('Nommer l’état actuel').fill('Version soumise au COPIL du 12 mars');
	await versions.getByRole('button', { name: 'Créer la version' }).click();
	await expect(versions.getByRole('status').filter({ hasText: 'Version créée.' })).toBeVisible();
	await camille.page.keyboard.press('Escape');

	// The text changes after the version…
	await editor.getByText('Contexte et territoire').click();
	await camille.page.keyboard.press('End');
	await camille.page.keyboard.type(' TEXTE AJOUTÉ APRÈS LA VERSION');
	await expect(editorOf(karim.page)).toContainText('TEXTE AJOUTÉ APRÈS LA VERSION');
	await expect(saveStatus(camille.page)).toHaveText(/Enregistré/);

	// …and the version is restored (after a confirmation) as a new change that Karim receives
	// live, once.
	await openPanel(camille.page, 'Versions');
	await versions
		.getByRole('button', { name: 'Restaurer « Version soumise au COPIL du 12 mars »' })
		.click();
	// First a dialog that says what will happen, the safe choice focused.
	const restoreDialog = camille.page.getByRole('alertdialog', {
		name: 'Restaurer « Version soumise au COPIL du 12 mars »'
	});
	await expect(restoreDialog).toContainText('Avant restauration');
	await expect(restoreDialog.getByRole('button', { name: 'Annuler' })).toBeFocused();
	await restoreDialog.getByRole('button', { name: 'Confirmer la restauration' }).click();
	await expect(restoreDialog).toBeHidden();
	await expect(versions.getByRole('status').filter({ hasText: 'Version restaurée' })).toBeVisible();
	await expect(editor).not.toContainText('TEXTE AJOUTÉ APRÈS LA VERSION');
	// Karim, who has the document open, is told who restored which version.
	await expect(karim.page.getByTestId('restore-notice')).toContainText(
		'Camille Rousseau a restauré la version « Version soumise au COPIL du 12 mars »'
	);
	await expect(editorOf(karim.page)).not.toContainText('TEXTE AJOUTÉ APRÈS LA VERSION');
	await expect(editorOf(karim.page)).toContainText('Indemnisation des tirés au sort');
	const text = await editor.innerText();
	expect(text.split('Contexte et territoire').length - 1).toBe(1);
	expect(text.split('Indemnisation des tirés au sort').length - 1).toBe(1);
	await expect(versions.getByRole('link', { name: 'Avant restauration' }).first()).toBeVisible();
	await expect(saveStatus(camille.page)).toHaveText(/Enregistré/);

	// The text before the restore is one click away, for everyone.
	const undo = versions.getByRole('button', { name: 'Revenir au texte d’avant' });
	await undo.click();
	await expect(editor).toContainText('TEXTE AJOUTÉ APRÈS LA VERSION');
	await expect(editorOf(karim.page)).toContainText('TEXTE AJOUTÉ APRÈS LA VERSION');
	await expect(saveStatus(camille.page)).toHaveText(/Enregistré/);

	// The versions page shows the diff of the latest "avant restauration" (the restored text)
	// against the current text: the sentence came back.
	await versions.getByRole('link', { name: 'Avant restauration' }).first().click();
	// Formatted comparison: the words that came back underlined and said as an addition.
	await expect(camille.page.locator('.diff-view ins')).toContainText(
		'TEXTE AJOUTÉ APRÈS LA VERSION'
	);
	await expect(camille.page.locator('.diff-view ins').first()).toContainText('[ajout :');
	await expect(camille.page.locator('.diff-view h3').first()).toBeVisible();
	await camille.page.screenshot({
		path: test.info().outputPath('review-versions.png'),
		fullPage: true
	});

	// Exports, parsed back: headings and the budget line.
	const docx = await camille.page.request.get(`/documents/${protocolId}/export?format=docx`);
	expect(docx.status(), await docx.text()).toBe(200);
	const { value: html } = await mammoth.convertToHtml({ buffer: await docx.body() });
	// The current text: the sentence came back with the undo.
	expect(html).toMatch(/<h2>(\d+\. )?Contexte et territoire TEXTE AJOUTÉ APRÈS LA VERSION<\/h2>/);
	// An editable format keeps the amount as typed (an export imports back the same); the total
	// is written as a reader reads it.
	expect(html).toMatch(/Indemnisation des tirés au sort<\/p><\/td><td><p>12 000<\/p>/);
	expect(html).toMatch(/Total<\/strong><\/p><\/td><td><p><strong>12\s000,00\s€/);
	const pdf = await camille.page.request.get(`/documents/${protocolId}/export?format=pdf`);
	expect(pdf.headers()['content-type']).toBe('application/pdf');
	const parser = new PDFParse({ data: await pdf.body() });
	const { text: pdfText } = await parser.getText();
	await parser.destroy();
	expect(pdfText).toContain('Contexte et territoire');
	expect(pdfText).toMatch(/Indemnisation des tirés au sort\s+12\s000,00\s€\s+Région/);

	// Publication by the organisation's editor (the head of the Labo): the named version on a
	// public page, readable without signing in.
	const nadia = await signIn(browser, 'direction@trame.demo');
	await nadia.page.goto(`/documents/${protocolId}`);
	const publication = await openPanel(nadia.page, 'Publication');
	const named = await publication
		.locator('option', { hasText: 'Version soumise au COPIL du 12 mars' })
		.getAttribute('value');
	await publication.getByLabel('Version à publier').selectOption(named!);
	await publication.getByRole('button', { name: 'Publier' }).click();
	// What will become public is said first, with the text to read again.
	const publish = nadia.page.getByRole('alertdialog');
	await expect(publish).toContainText('ni le texte en cours, ni les commentaires');
	await expect(publish).toContainText('sans compte');
	await expect(publish.getByRole('link', { name: /Relire ce texte/ })).toHaveAttribute(
		'href',
		/\/versions\?v=[a-z0-9]{15}$/
	);
	await publish.getByRole('button', { name: 'Publier' }).click();
	const publicLink = publication.getByRole('link', { name: 'Page publique' });
	const href = (await publicLink.getAttribute('href'))!;
	expect(href).toMatch(/^\/public\/[a-z0-9-]+$/);
	const anonymous = await browser.newContext();
	const visitor = await anonymous.newPage();
	await visitor.goto(href);
	await expect(visitor.getByRole('heading', { level: 1 })).toContainText('Protocole');
	await expect(visitor.locator('body')).toContainText('Indemnisation des tirés au sort');
	await expect(visitor.locator('body')).not.toContainText('Précisez le périmètre');
	await visitor.screenshot({ path: test.info().outputPath('review-public.png'), fullPage: true });
	await anonymous.close();
	await nadia.context.close();
	await camille.context.close();
	await karim.context.close();
});
