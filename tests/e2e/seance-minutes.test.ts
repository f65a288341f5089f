/**
 * Minutes of a séance: the coordinator and a member on a phone write the notes of the current
 * item together and each sees the other's text live; the item's consent round is adopted; the
 * séance is closed; the compte rendu is generated and opened (the decision's exact text is in
 * it), regenerating asks first; the procès-verbal is downloaded (DOCX read back). Keyboard
 * formatting, axe 0, screenshots at 390 and 1440 px in French and English, no console error.
 */
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import {
	addAgendaItem,
	createSeance,
	editorOf,
	expect,
	expectNoViolations,
	giveConsent,
	seed,
	shoot,
	signIn,
	test
} from './support';

test('notes written together live, then the compte rendu and the procès-verbal', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const { experimentId } = seed();
	const tag = Math.random().toString(36).slice(2, 7);
	const title = `COPIL de mai ${tag}`;
	const charter = `Charte de participation ${tag}`;
	const adopted = `Le COPIL adopte la charte ${tag} telle que proposée.`;
	const camille = await signIn(browser, 'coordination@trame.demo');
	const page = camille.page;

	const seanceUrl = await createSeance(page, experimentId, {
		title,
		day: '20/05/2027',
		time: '18:30',
		minutes: '60'
	});
	await addAgendaItem(page, charter, '20');
	await page.getByLabel('Camille Rousseau', { exact: true }).selectOption('present');
	await page.getByRole('button', { name: 'Enregistrer la présence de Camille Rousseau' }).click();
	await page.getByLabel('Karim Benali', { exact: true }).selectOption('remote');
	await page.getByRole('button', { name: 'Enregistrer la présence de Karim Benali' }).click();
	// A click while the attendance just saved re-renders the panel can be lost (the séance stayed
	// "Prévue" for 10 s in one CI run): clicked again while the button is still there.
	await expect(async () => {
		const open = page.getByRole('button', { name: 'Ouvrir la séance' });
		if (await open.isVisible()) await open.click();
		await expect(page.getByTestId('current-item')).toHaveText(charter, { timeout: 8_000 });
	}).toPass({ timeout: 30_000 });

	// Karim follows on his phone; both write the current item's notes.
	const karim = await signIn(browser, 'evaluation@trame.demo', {
		viewport: { width: 390, height: 844 }
	});
	await karim.page.goto(seanceUrl);
	const notesName = `Notes du point « ${charter} »`;
	const mine = page.getByRole('textbox', { name: notesName });
	const his = karim.page.getByRole('textbox', { name: notesName });
	await expect(mine).toBeVisible();
	await expect(his).toBeVisible();
	await mine.click();
	await page.keyboard.type(`Camille ${tag} : la charte est relue.`);
	// Karim writes below Camille's line once it has reached him (End would land mid-line else).
	await expect(his).toContainText(`Camille ${tag} : la charte est relue.`);
	await his.click();
	await karim.page.keyboard.press('End');
	await karim.page.keyboard.press('Enter');
	await karim.page.keyboard.type(`Karim ${tag} : ajouter un glossaire.`);
	await expect(mine).toContainText(`Karim ${tag} : ajouter un glossaire.`);
	await expect(page.getByTestId('notes-status')).toHaveText('Notes : Enregistré');

	// Formatting with the keyboard: Ctrl+B, the toolbar says so.
	await mine.press('End');
	await mine.press('Control+b');
	await expect(page.getByRole('button', { name: 'Gras' })).toHaveAttribute('aria-pressed', 'true');
	await page.keyboard.type(' Important');
	await expect(his.locator('strong')).toHaveText('Important');
	await expectNoViolations(karim.page, 'notes on a phone');
	await expectNoViolations(page, 'notes, facilitator');
	await shoot(karim.page, 'seance-notes-fr');

	// The item's consent round, adopted.
	await page.getByText('Lancer un tour de consentement sur ce point').click();
	await page.getByLabel('Proposition soumise au consentement').fill(adopted);
	await page.getByRole('button', { name: 'Lancer le tour' }).click();
	await expect(page).toHaveURL(/\/rounds\/[a-z0-9]{15}$/);
	const roundUrl = new URL(page.url()).pathname;
	await karim.page.goto(roundUrl);
	for (const next of ['Clarification', 'Réactions', 'Amendement', 'Objections'])
		await page.getByRole('button', { name: `Passer à : ${next}` }).click();
	await expect(karim.page.getByTestId('round-phase')).toContainText('Objections');
	await giveConsent(page);
	await giveConsent(karim.page);
	await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
	await expect(karim.page.getByTestId('round-phase')).toContainText('Adoptée');
	await page.getByRole('link', { name: `← Retour à la séance : ${title}` }).click();

	// Close, after the confirmation.
	await page.getByRole('button', { name: 'Clore la séance' }).click();
	await page.getByRole('alertdialog').getByRole('button', { name: 'Clore la séance' }).click();
	await expect(page.getByTestId('seance-run')).toContainText('Séance close le');

	// The notes stay under their item; the compte rendu is generated.
	await expect(page.getByRole('textbox', { name: notesName })).toContainText(
		'ajouter un glossaire'
	);
	await page.getByRole('button', { name: 'Générer le compte rendu' }).click();
	await expect(page.getByText('Compte rendu généré.')).toBeVisible();
	await expectNoViolations(page, 'after the séance');
	await shoot(page, 'seance-after-fr');

	// Regenerating asks first (Escape leaves it as it is).
	await page.getByRole('button', { name: 'Régénérer le compte rendu' }).click();
	const dialog = page.getByRole('alertdialog');
	await expect(dialog).toContainText('Remplacer le texte du compte rendu ?');
	await expectNoViolations(page, 'regenerate confirmation');
	await page.keyboard.press('Escape');
	await expect(dialog).toHaveCount(0);

	// The procès-verbal, downloaded as DOCX.
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Télécharger le procès-verbal (DOCX)' }).click()
	]);
	const docx = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
	const xml = strFromU8(docx['word/document.xml']!).replace(/<[^>]+>/g, '');
	expect(xml).toContain(`Procès-verbal — ${title}`);
	expect(xml).toContain(adopted);
	expect(xml).toContain('Date et signature');

	// The compte rendu is a document of the experiment with the decision's exact text.
	await page.getByRole('link', { name: 'Ouvrir le compte rendu' }).click();
	await expect(page).toHaveURL(/\/documents\/[a-z0-9]{15}$/);
	const body = editorOf(page);
	await expect(body).toContainText(adopted);
	await expect(body).toContainText(`Karim ${tag} : ajouter un glossaire.`);

	// English.
	const url = new URL(test.info().project.use.baseURL ?? process.env.TRAME_E2E_BASE_URL!);
	await karim.context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: url.origin }]);
	await karim.page.goto(seanceUrl);
	await expect(karim.page.getByRole('heading', { name: 'After the meeting' })).toBeVisible();
	await expect(
		karim.page.getByRole('link', { name: 'Download the formal record (PDF)' })
	).toBeVisible();
	await expectNoViolations(karim.page, 'after the séance (en)');
	await shoot(karim.page, 'seance-after-en');

	await camille.context.close();
	await karim.context.close();
});
