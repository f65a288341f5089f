import { expect, test, type Page } from '@playwright/test';
import {
	editorOf,
	freshProtocol,
	proposeOnSection,
	sectionBadge,
	seed,
	signIn
} from '/work/wt/i12-decisions/tests/e2e/support';

const OUT = '/tmp/i12-shots/out';
const WIDTHS = [390, 768, 1440, 1920];

async function shoot(page: Page, name: string, locale: string, locate?: () => Promise<void>) {
	for (const width of WIDTHS) {
		await page.setViewportSize({ width, height: width < 800 ? 900 : 1000 });
		await page.waitForTimeout(300);
		if (locate) await locate();
		await page.screenshot({ path: `${OUT}/${name}-${locale}-${width}.png` });
	}
}

async function setLocale(page: Page, locale: 'fr' | 'en') {
	await page.context().addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: locale, url: process.env.TRAME_E2E_BASE_URL! }
	]);
}

test('screenshots', async ({ browser }) => {
	const protocolId = await freshProtocol('Protocole — captures');
	const { experimentId } = seed();
	const camille = await signIn(browser, 'coordination@trame.demo');
	const karim = await signIn(browser, 'evaluation@trame.demo');
	const roundUrl = await proposeOnSection(camille.page, protocolId, {
		heading: /^7\. Acteurs/,
		title: 'Gouvernance du COPIL',
		added: 'Le COPIL publie ses comptes rendus sous quinze jours.',
		participants: [/Camille Rousseau/, /Karim Benali/]
	});
	for (const next of ['Clarification', 'Réactions', 'Amendement', 'Objections'])
		await camille.page.getByRole('button', { name: `Passer à : ${next}` }).click();
	await karim.page.goto(roundUrl);
	await karim.page.getByLabel('Objection', { exact: true }).check();
	await karim.page.getByLabel(/Argument de l’objection/).fill('Quinze jours, c’est trop long pour les habitants.');
	await karim.page.getByRole('button', { name: 'Donner ma position' }).click();
	await camille.page.getByLabel('Consentement', { exact: true }).check();
	await camille.page.getByRole('button', { name: 'Donner ma position' }).click();
	const projection = await camille.context.newPage();
	await projection.goto(`${roundUrl}/projection`);
	await expect(projection.getByTestId('projection-objection')).toBeVisible();
	await shoot(projection, 'projection-objections', 'fr');

	const editor = karim.page;
	await editor.goto(`/documents/${protocolId}`);
	await expect(sectionBadge(editor, '7. Acteurs')).toContainText('tour d’objections');
	const toBadge = async () => {
		await sectionBadge(editor, '7. Acteurs').scrollIntoViewIfNeeded();
	};
	await shoot(editor, 'editor-in-round', 'fr', toBadge);

	// Integration and adoption.
	await camille.page.getByRole('button', { name: 'Passer à : Bonification / intégration' }).click();
	await camille.page.getByRole('button', { name: 'Rédiger une nouvelle version' }).click();
	const amend = camille.page.getByLabel('Nouveau texte de la proposition');
	await amend.fill((await amend.inputValue()).replace('quinze jours', 'huit jours'));
	await camille.page.getByRole('button', { name: 'Enregistrer la nouvelle version' }).click();
	await shoot(projection, 'projection-integration', 'fr');
	await camille.page.getByRole('button', { name: 'Marquer comme intégrée' }).click();
	await camille.page.getByRole('button', { name: 'Passer à : Objections' }).click();
	for (const page of [camille.page]) {
		await page.getByLabel('Consentement', { exact: true }).check();
		await page.getByRole('button', { name: 'Donner ma position' }).click();
	}
	const karimRound = await karim.context.newPage();
	await karimRound.goto(roundUrl);
	await karimRound.getByLabel('Consentement', { exact: true }).check();
	await karimRound.getByRole('button', { name: 'Donner ma position' }).click();
	await camille.page.getByRole('button', { name: 'Enregistrer la décision' }).click();
	await expect(sectionBadge(editor, '7. Acteurs')).toContainText('Adopté le');
	await shoot(editor, 'editor-adopted', 'fr', toBadge);
	await shoot(camille.page, 'round-adopted', 'fr', async () => {
		await camille.page.getByTestId('writeback').scrollIntoViewIfNeeded();
	});
	// Modified since the adoption.
	await editorOf(editor).getByText(/huit jours/).click();
	await editor.keyboard.press('End');
	await editor.keyboard.type(' Et en ligne.');
	await expect(sectionBadge(editor, '7. Acteurs')).toContainText('Modifié');
	await sectionBadge(editor, '7. Acteurs').getByText(/Voir les différences/).click();
	await shoot(editor, 'editor-modified', 'fr', toBadge);
	const view = editor.getByTestId('decisions-view');
	await shoot(editor, 'decisions-view', 'fr', async () => {
		await view.scrollIntoViewIfNeeded();
	});

	// Three-way on section 3.
	const round3 = await proposeOnSection(camille.page, protocolId, {
		heading: /^3\./,
		title: 'Question de recherche',
		added: 'La question est revue à mi-parcours.',
		participants: [/Camille Rousseau/]
	});
	await editorOf(editor).locator('p', { hasText: /^Formulez la question de recherche/ }).click();
	await editor.keyboard.press('End');
	await editor.keyboard.type(' Ajout pendant le tour.');
	await expect(editor.getByText('Enregistré')).toBeVisible();
	await camille.page.goto(round3);
	for (const next of ['Clarification', 'Réactions', 'Amendement', 'Objections'])
		await camille.page.getByRole('button', { name: `Passer à : ${next}` }).click();
	await camille.page.getByLabel('Consentement', { exact: true }).check();
	await camille.page.getByRole('button', { name: 'Donner ma position' }).click();
	await camille.page.getByRole('button', { name: 'Enregistrer la décision' }).click();
	await expect(camille.page.getByTestId('writeback-status')).toContainText('La section a changé');
	const toWriteback = async () => {
		await camille.page.getByTestId('writeback').scrollIntoViewIfNeeded();
	};
	await shoot(camille.page, 'three-way', 'fr', toWriteback);
	await camille.page.goto(`/experiences/${experimentId}/decisions`);
	await shoot(camille.page, 'register', 'fr');
	await camille.page.goto(`/experiences/${experimentId}/decisions/nouvelle`);
	await camille.page.getByLabel('À distance : un délai sans objection').check();
	await shoot(camille.page, 'form-async', 'fr', async () => {
		await camille.page.getByLabel('Durée du délai (jours)').scrollIntoViewIfNeeded();
	});

	// English.
	await setLocale(camille.page, 'en');
	await setLocale(editor, 'en');
	await camille.page.goto(round3);
	await shoot(camille.page, 'three-way', 'en', toWriteback);
	await editor.goto(`/documents/${protocolId}`);
	await expect(sectionBadge(editor, '7. Acteurs').or(editorOf(editor).getByRole('group').first())).toBeVisible();
	await shoot(editor, 'editor-adopted', 'en', async () => {
		await editorOf(editor).getByRole('group').first().scrollIntoViewIfNeeded();
	});
	await shoot(editor, 'decisions-view', 'en', async () => {
		await editor.getByTestId('decisions-view').scrollIntoViewIfNeeded();
	});
});
