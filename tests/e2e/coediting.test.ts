import { caretAtEnd, editorOf, expect, saveStatus, seed, signIn, test } from './support';

test('two members co-edit the demo protocol live, with cursors, presence and a truthful save state', async ({
	browser
}) => {
	const { protocolId } = seed();
	const camille = await signIn(browser, 'coordination@trame.demo');
	const karim = await signIn(browser, 'evaluation@trame.demo');

	// Camille reaches the protocol from her dashboard, as a user would.
	await camille.page
		.getByRole('link', { name: /Assemblée citoyenne/ })
		.first()
		.click();
	// The experiment page links a document from its list and from "recently edited".
	await camille.page
		.getByRole('link', { name: /Protocole d'expérimentation/ })
		.first()
		.click();
	await expect(camille.page).toHaveURL(new RegExp(`/documents/${protocolId}$`));
	await karim.page.goto(`/documents/${protocolId}`);

	const camilleEditor = editorOf(camille.page);
	const karimEditor = editorOf(karim.page);
	await expect(camilleEditor).toContainText('Contexte et territoire');
	await expect(karimEditor).toContainText('Contexte et territoire');
	await expect(saveStatus(camille.page)).toHaveText(/Enregistré/);

	// Both appear in each other's presence list (the avatars of the document's header).
	const presence = camille.page.getByRole('list', { name: 'Présents dans le document' });
	await expect(presence).toContainText('Karim Benali');
	await expect(karim.page.getByRole('list', { name: 'Présents dans le document' })).toContainText(
		'Camille Rousseau'
	);

	// Camille types at the end of the document; Karim sees it appear.
	await caretAtEnd(camille.page);
	await camille.page.keyboard.press('Enter');
	await camille.page.keyboard.type('Le COPIL se réunit tous les trois mois.');
	await expect(karimEditor).toContainText('Le COPIL se réunit tous les trois mois.');

	// Karim types too; Camille sees his text and his named cursor.
	await caretAtEnd(karim.page);
	await karim.page.keyboard.type(' Indicateur : taux de participation.');
	await expect(camilleEditor).toContainText('Indicateur : taux de participation.');
	await expect(
		camille.page.locator('.collaboration-carets__label', { hasText: 'Karim Benali' })
	).toBeVisible();

	// The indicator says saved only once the server acknowledged; then a reload keeps the text once.
	await expect(saveStatus(camille.page)).toHaveText(/Enregistré/);
	await expect(saveStatus(karim.page)).toHaveText(/Enregistré/);
	await camille.page.reload();
	await expect(editorOf(camille.page)).toContainText('Indicateur : taux de participation.');
	const text = (await editorOf(camille.page).innerText()) ?? '';
	expect(text.split('Le COPIL se réunit tous les trois mois.').length - 1).toBe(1);

	await camille.context.close();
	await karim.context.close();
});

test('an observer can read the protocol but not type into it', async ({ browser }) => {
	const { protocolId } = seed();
	const marie = await signIn(browser, 'observation@trame.demo');
	await marie.page.goto(`/documents/${protocolId}`);
	const editor = editorOf(marie.page);
	await expect(editor).toContainText('Contexte et territoire');
	await expect(editor).toHaveAttribute('contenteditable', 'false');
	await expect(marie.page.getByText(/Lecture seule/)).toBeVisible();
	await marie.context.close();
});

test('a person outside the experiment cannot open its protocol', async ({
	browser,
	browserErrors
}) => {
	// Chromium logs the page's 404 status as a console error.
	browserErrors.allow(/status of 404/);
	const { protocolId } = seed();
	const paul = await signIn(browser, 'externe@trame.demo');
	const response = await paul.page.goto(`/documents/${protocolId}`);
	expect(response?.status()).toBe(404);
	await expect(editorOf(paul.page)).toHaveCount(0);
	await paul.context.close();
});
