/**
 * The resource centre's editorial path, end to end (issue 17): a member of the experiment
 * proposes a fiche retour d'expérience; the head of the Labo (the organisation's administrator)
 * finds it « À relire » on the organisation page and requests a change; the member edits the
 * document and proposes again; the head approves and publishes. A signed-out visitor then finds
 * it in /ressources, under its organisation's facet, and in the RSS feed (parsed back).
 */
import { DOMParser } from '@xmldom/xmldom';
import {
	editorOf,
	expect,
	expectNoViolations,
	freshDocument,
	saveStatus,
	shoot,
	signIn,
	test
} from './support';

const LABO = "Labo d'innovation démocratique";

test('a fiche retour goes propose → changes requested → propose again → published', async ({
	browser
}) => {
	// Two people, four steps, axe on four pages and the screenshots: more than the default minute.
	test.setTimeout(150_000);
	const title = `Fiche retour : le tirage au sort des jeunes ${Date.now()}`;
	const documentId = await freshDocument(title, 'fiche_retour');
	const path = `/documents/${documentId}/publication`;

	// Karim (evaluator, a writer of the experiment) proposes it, from the publication panel.
	const karim = await signIn(browser, 'evaluation@trame.demo');
	await karim.page.goto(`/documents/${documentId}`);
	await karim.page.getByRole('button', { name: 'Publication', exact: true }).click();
	await karim.page
		.getByRole('dialog', { name: 'Publication' })
		.getByRole('link', { name: 'Proposition au centre de ressources' })
		.click();
	await expect(karim.page).toHaveURL(new RegExp(`${path}$`));
	await expect(karim.page.getByText('Pas encore proposé')).toBeVisible();
	await karim.page.getByLabel('Résumé').fill('Ce que le tirage au sort a changé.');
	await karim.page.getByLabel('Auteur·rices').fill('Karim Benali, Équipe du Labo');
	await karim.page.getByRole('checkbox', { name: 'Confiance' }).check();
	await expectNoViolations(karim.page, 'proposal form');
	await karim.page.getByRole('button', { name: 'Proposer pour publication' }).click();
	await expect(
		karim.page.getByRole('status').filter({ hasText: 'Proposition envoyée' })
	).toBeVisible();
	await expect(karim.page.locator('.state .badge')).toHaveText('À relire');

	// Nadia (head of the Labo) finds it « À relire » on the organisation page.
	const nadia = await signIn(browser, 'direction@trame.demo');
	await nadia.page
		.getByRole('navigation', { name: 'Mes organisations' })
		.getByRole('link', { name: LABO })
		.click();
	const queue = nadia.page.getByRole('region', { name: /À relire/ });
	await expect(queue.getByRole('link', { name: title })).toBeVisible();
	await expectNoViolations(nadia.page, 'organisation page with proposals to review');
	await queue.getByRole('link', { name: title }).click();
	await expect(nadia.page).toHaveURL(new RegExp(`${path}$`));
	await nadia.page.getByLabel('Votre message').fill('Ajoutez le nombre de participants.');
	await nadia.page.getByRole('button', { name: 'Demander des modifications' }).click();
	await expect(
		nadia.page.getByRole('status').filter({ hasText: 'Modifications demandées' })
	).toBeVisible();

	// Karim is told in his inbox, edits the document and proposes again.
	await karim.page.goto('/notifications');
	const notice = karim.page.getByRole('link', {
		name: 'Nadia Morel demande des modifications avant publication'
	});
	await expect(notice).toBeVisible();
	await notice.click();
	await expect(karim.page).toHaveURL(new RegExp(`${path}$`));
	await expect(karim.page.getByText('Ajoutez le nombre de participants.')).toBeVisible();
	await karim.page.goto(`/documents/${documentId}`);
	const editor = editorOf(karim.page);
	await expect(editor).toHaveAttribute('contenteditable', 'true');
	await editor.locator('p').first().click();
	await karim.page.keyboard.press('End');
	await karim.page.keyboard.type(' 312 jeunes tirés au sort.');
	await expect(saveStatus(karim.page)).toHaveText(/Enregistré/);
	await karim.page.goto(path);
	await karim.page
		.getByLabel('Résumé')
		.fill('Ce que le tirage au sort a changé, chiffres à l’appui.');
	await karim.page.getByRole('button', { name: 'Proposer à nouveau' }).click();
	await expect(
		karim.page.getByRole('status').filter({ hasText: 'Proposition envoyée' })
	).toBeVisible();
	await shoot(karim.page, 'editorial-proposer');

	// Nadia approves and publishes (after a confirmation: it becomes public).
	await nadia.page.goto(path);
	await expect(nadia.page.locator('.history li')).toHaveCount(3);
	await expectNoViolations(nadia.page, 'review page');
	await shoot(nadia.page, 'editorial-review');
	await nadia.page.getByRole('button', { name: 'Approuver et publier' }).click();
	await nadia.page
		.getByRole('alertdialog')
		.getByRole('button', { name: 'Approuver et publier' })
		.click();
	await expect(nadia.page.getByRole('status').filter({ hasText: 'Publié' })).toBeVisible();
	await expect(nadia.page.getByRole('link', { name: 'Page publique' })).toBeVisible();
	await nadia.context.close();
	await karim.context.close();

	// A signed-out visitor finds it in the catalogue, under its organisation.
	const anonymous = await browser.newContext();
	const visitor = await anonymous.newPage();
	await visitor.goto('/ressources');
	await visitor
		.getByRole('navigation', { name: 'Affiner' })
		.getByRole('link', { name: new RegExp(`^${LABO} \\(\\d+\\)$`) })
		.click();
	await expect(visitor).toHaveURL(/\/ressources\?organisation=[a-z0-9]{15}$/);
	await expect(visitor.getByRole('link', { name: title })).toBeVisible();
	await expectNoViolations(visitor, 'catalogue by organisation');
	await visitor.getByRole('link', { name: title }).click();
	await expect(visitor.locator('.citation')).toContainText('Karim Benali, Équipe du Labo');
	await expect(visitor.locator('main')).toContainText('312 jeunes tirés au sort.');

	// And in the RSS feed, with its organisation among its categories.
	const rss = await visitor.request.get('/ressources/rss.xml');
	const feed = new DOMParser().parseFromString(await rss.text(), 'text/xml');
	const item = Array.from(feed.getElementsByTagName('item')).find(
		(entry) => entry.getElementsByTagName('title')[0]?.textContent === title
	);
	expect(item, 'the RSS item').toBeTruthy();
	const categories = Array.from(item!.getElementsByTagName('category')).map((c) => c.textContent);
	expect(categories).toEqual(expect.arrayContaining(['Fiche retour d’expérience', LABO]));
	expect(item!.getElementsByTagName('description')[0]?.textContent).toContain('chiffres à l’appui');
	await anonymous.close();
});
