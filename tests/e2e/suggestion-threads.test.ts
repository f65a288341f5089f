/**
 * A tracked change's reply thread (issue 13): a partner suggests in the text, the coordinator
 * asks about it in the change's card, the partner answers there, the coordinator accepts; then
 * both find the change under « Résolus » with who accepted it and when, and the discussion.
 * axe 0; screenshots at 390 and 1440 px in French and English. No page or console error.
 */
import { type Page } from '@playwright/test';
import {
	editorOf,
	expect,
	expectNoViolations,
	freshProtocol,
	shoot,
	signIn,
	test
} from './support';

const margin = (page: Page) => page.getByRole('region', { name: 'Commentaires en marge' });

/** "Acceptée par Camille Rousseau le 5 décembre 2026 à 14:02" (no-break spaces in the date). */
const ACCEPTED_RECORD_TEXT = /Acceptée par Camille Rousseau le \d{1,2}\s\S+\s\d{4}\sà\s\d{2}:\d{2}/;
const ACCEPTED_RECORD = new RegExp(`^${ACCEPTED_RECORD_TEXT.source}$`);

async function openResolved(page: Page) {
	await page.getByRole('button', { name: /^Commentaires/ }).click();
	const panel = page.getByRole('dialog', { name: 'Commentaires' });
	await panel.getByRole('radio', { name: 'Résolus' }).check();
	return panel;
}

test('a change is discussed in its card, then accepted; both see who accepted it and when', async ({
	browser
}) => {
	// Two people, two languages, axe and screenshots at two widths.
	test.setTimeout(150_000);
	const protocolId = await freshProtocol('Protocole discuté');
	const camille = await signIn(browser, 'coordination@trame.demo');
	const jean = await signIn(browser, 'partenaire@trame.demo');
	for (const { page } of [camille, jean]) {
		await page.setViewportSize({ width: 1440, height: 900 });
		await page.goto(`/documents/${protocolId}`);
	}

	// Camille writes a sentence; Jean (always suggesting) adds to it.
	await editorOf(camille.page).locator('p.has-prompt').first().click();
	await camille.page.keyboard.type('Le COPIL se réunit une fois par an.');
	const sentence = editorOf(jean.page).getByText('Le COPIL se réunit une fois par an.');
	await sentence.click();
	await jean.page.keyboard.press('End');
	await jean.page.keyboard.type(' Avec les habitants.');

	// Camille asks about it in the change's card.
	const camilleCard = margin(camille.page).getByRole('article', {
		name: 'Suggestion de Jean Lefèvre'
	});
	await expect(camilleCard).toContainText('Avec les habitants.');
	await camilleCard
		.getByRole('button', { name: 'Répondre à propos de la suggestion de Jean Lefèvre' })
		.click();
	await camilleCard
		.getByRole('textbox', { name: 'Répondre à propos de la suggestion de Jean Lefèvre' })
		.fill('Lesquels, tirés au sort ?');
	await camilleCard.getByRole('button', { name: 'Répondre', exact: true }).click();
	await expect(camilleCard.getByRole('listitem')).toHaveCount(1);

	// Jean sees the question live in his own card and answers it.
	const jeanCard = margin(jean.page).getByRole('article', { name: 'Suggestion de Jean Lefèvre' });
	await expect(jeanCard).toContainText('Lesquels, tirés au sort ?');
	await jeanCard
		.getByRole('button', { name: 'Répondre à propos de la suggestion de Jean Lefèvre' })
		.click();
	await jeanCard
		.getByRole('textbox', { name: 'Répondre à propos de la suggestion de Jean Lefèvre' })
		.fill('Oui, vingt habitants tirés au sort.');
	await jeanCard.getByRole('button', { name: 'Répondre', exact: true }).click();
	await expect(camilleCard).toContainText('Oui, vingt habitants tirés au sort.');
	await expectNoViolations(camille.page, 'a change’s card with its discussion');
	await expectNoViolations(jean.page, 'the partner’s card with its discussion');
	await camille.page.screenshot({
		path: test.info().outputPath('change-thread-fr-1440.png'),
		fullPage: true
	});
	// On a phone, the cards are in the comments panel.
	await jean.page.setViewportSize({ width: 390, height: 900 });
	await jean.page.getByRole('button', { name: 'Modifications suivies (1)' }).click();
	const phonePanel = jean.page.getByRole('dialog', { name: 'Commentaires' });
	await expect(
		phonePanel.getByRole('article', { name: 'Suggestion de Jean Lefèvre' })
	).toContainText('Oui, vingt habitants tirés au sort.');
	await expectNoViolations(jean.page, 'the change’s discussion on a phone');
	await jean.page.screenshot({ path: test.info().outputPath('change-thread-fr-390.png') });
	await phonePanel.getByRole('button', { name: 'Fermer' }).click();
	await jean.page.setViewportSize({ width: 1440, height: 900 });

	// Camille accepts: the card leaves the margin, the text keeps the addition.
	await camilleCard.getByRole('button', { name: 'Accepter la suggestion de Jean Lefèvre' }).click();
	await expect(camilleCard).toHaveCount(0);
	await expect(editorOf(jean.page)).toContainText(
		'Le COPIL se réunit une fois par an. Avec les habitants.'
	);

	// Both find it among the resolved threads: who accepted it, when, and the discussion.
	for (const { page } of [camille, jean]) {
		const panel = await openResolved(page);
		const resolved = panel.getByRole('article').filter({ hasText: 'Avec les habitants.' });
		await expect(resolved.getByTestId('change-record')).toHaveText(ACCEPTED_RECORD);
		await expect(resolved).toContainText('Proposée par Jean Lefèvre');
		await expect(resolved).toContainText('Lesquels, tirés au sort ?');
		await expect(resolved).toContainText('Oui, vingt habitants tirés au sort.');
		await expectNoViolations(page, 'the resolved change in the comments panel');
	}
	// And in the versions history, with the versions.
	await camille.page
		.getByRole('dialog', { name: 'Commentaires' })
		.getByRole('button', { name: 'Fermer' })
		.click();
	await camille.page.getByRole('button', { name: 'Versions', exact: true }).click();
	const history = camille.page.getByRole('dialog', { name: 'Versions' });
	await expect(
		history.getByRole('region', { name: 'Suggestions décidées' }).getByTestId('decided-change')
	).toContainText(ACCEPTED_RECORD_TEXT);
	await camille.context.close();

	// In English, the same record reads in English.
	const url = new URL(jean.page.url());
	await jean.context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: url.origin }]);
	await jean.page.reload();
	await jean.page.getByRole('button', { name: /^Comments/ }).click();
	const panel = jean.page.getByRole('dialog', { name: 'Comments' });
	await panel.getByRole('radio', { name: 'Resolved' }).check();
	await expect(panel.getByTestId('change-record')).toHaveText(
		/^Accepted by Camille Rousseau on \d{1,2}\s\S+\s\d{4}\sat\s\d{2}:\d{2}$/
	);
	await expectNoViolations(jean.page, 'the resolved change, in English');
	await shoot(jean.page, 'change-thread-resolved-en');
	await jean.context.close();
});
