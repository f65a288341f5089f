/**
 * Running a séance: the coordinator opens it; a member on a phone follows the current item live;
 * an item becomes a consent round (the room's projection follows: the item, then the round, then
 * back to the item with its outcome); once adopted the séance goes on to the next item, moved
 * with the keyboard, and is closed after a confirmation. No page or console error (the suite's
 * watch); axe 0; screenshots at 390 and 1440 px, French and English.
 */
import {
	addAgendaItem,
	createSeance,
	expect,
	expectNoViolations,
	giveConsent,
	seed,
	shoot,
	signIn,
	test
} from './support';

test('a séance run live: an item as a consent round, followed on a phone and on the projection', async ({
	browser
}) => {
	test.setTimeout(150_000);
	const { experimentId } = seed();
	const tag = Math.random().toString(36).slice(2, 7);
	const title = `COPIL d’avril ${tag}`;
	const charter = `Charte de participation ${tag}`;
	const weather = `Tour de météo ${tag}`;
	const camille = await signIn(browser, 'coordination@trame.demo');
	const page = camille.page;

	const seanceUrl = await createSeance(page, experimentId, {
		title,
		day: '15/04/2027',
		time: '18:30',
		minutes: '90',
		quorum: '2'
	});
	await addAgendaItem(page, charter, '20');
	await addAgendaItem(page, weather, '10');
	// Only the two present members take part in the round.
	await page.getByLabel('Camille Rousseau', { exact: true }).selectOption('present');
	await page.getByRole('button', { name: 'Enregistrer la présence de Camille Rousseau' }).click();
	await expect(page.getByText('Quorum non atteint : 1 membre sur 2 requis.')).toBeVisible();
	await page.getByLabel('Karim Benali', { exact: true }).selectOption('remote');
	await page.getByRole('button', { name: 'Enregistrer la présence de Karim Benali' }).click();
	await expect(page.getByText('Quorum atteint : 2 membres sur 2 requis.')).toBeVisible();

	// Karim follows on his phone; the room's screen is open too.
	const karim = await signIn(browser, 'evaluation@trame.demo', {
		viewport: { width: 390, height: 844 }
	});
	await karim.page.goto(seanceUrl);
	const run = karim.page.getByTestId('seance-run');
	await expect(run).toContainText("La séance n'a pas encore commencé.");
	await expect(run.getByText('En direct')).toBeVisible();
	const screen = await camille.context.newPage();
	await screen.goto(`${seanceUrl}/projection`);
	await expect(screen.getByRole('heading', { level: 1 })).toHaveText(
		"La séance n'a pas encore commencé."
	);

	await page.getByRole('button', { name: 'Ouvrir la séance' }).click();
	await expect(run.getByTestId('current-item')).toHaveText(charter);
	await expect(run.getByTestId('item-clock')).toContainText(
		/Temps restant sur ce point : 1?\d:\d\d/
	);
	await expect(screen.getByTestId('projection-item')).toHaveText(charter);
	await expect(karim.page.locator('[aria-current="step"]')).toContainText(charter);
	await expectNoViolations(karim.page, 'séance followed on a phone');
	await shoot(karim.page, 'seance-run-participant-fr');

	// The item becomes a consent round; the projection shows the round.
	await page.getByText('Lancer un tour de consentement sur ce point').click();
	await page
		.getByLabel('Proposition soumise au consentement')
		.fill('Le COPIL adopte la charte de participation telle que proposée.');
	await expectNoViolations(page, 'séance running, round form open');
	await shoot(page, 'seance-run-facilitator-fr');
	await page.getByRole('button', { name: 'Lancer le tour' }).click();
	await expect(page).toHaveURL(/\/rounds\/[a-z0-9]{15}$/);
	const roundUrl = new URL(page.url()).pathname;
	await expect(page.getByRole('link', { name: `← Retour à la séance : ${title}` })).toBeVisible();
	await expect(run.getByTestId('item-round')).toContainText('Tour de consentement en cours');
	await expect(screen).toHaveURL(new RegExp(`${roundUrl}/projection\\?seance=`));
	await expect(screen.getByRole('heading', { level: 1 })).toHaveText(charter);

	await run.getByRole('link', { name: 'Rejoindre le tour' }).click();
	await expect(karim.page).toHaveURL(roundUrl);
	for (const next of ['Clarification', 'Réactions', 'Amendement', 'Objections'])
		await page.getByRole('button', { name: `Passer à : ${next}` }).click();
	await expect(karim.page.getByTestId('round-phase')).toContainText('Objections');
	await giveConsent(page);
	await giveConsent(karim.page);
	await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
	await expect(karim.page.getByTestId('round-phase')).toContainText('Adoptée');

	// Back to the agenda: the projection returns to the séance with the outcome.
	await expect(screen).toHaveURL(new RegExp(`${seanceUrl}/projection$`));
	await expect(screen.getByTestId('projection-outcome')).toHaveText('Tour clos : adoptée');
	await page.getByRole('link', { name: `← Retour à la séance : ${title}` }).click();
	await expect(page.getByTestId('item-round')).toHaveText('Tour clos : adoptée');
	await karim.page.goto(seanceUrl);
	await expect(run.getByTestId('item-round')).toHaveText('Tour clos : adoptée');

	// Next item with the keyboard; Karim's phone follows.
	await page.getByRole('button', { name: 'Point suivant' }).focus();
	await page.keyboard.press('Enter');
	await expect(run.getByTestId('current-item')).toHaveText(weather);
	await expect(screen.getByTestId('projection-item')).toHaveText(weather);
	await expect(page.getByRole('button', { name: 'Point suivant' })).toHaveCount(0);

	// Closing asks first.
	await page.getByRole('button', { name: 'Clore la séance' }).click();
	const dialog = page.getByRole('alertdialog');
	await expect(dialog).toContainText(`Clore la séance « ${title} » ?`);
	await expectNoViolations(page, 'close confirmation');
	await dialog.getByRole('button', { name: 'Clore la séance' }).click();
	await expect(run).toContainText('Séance close le');
	await expect(screen.getByRole('heading', { level: 1 })).toHaveText('La séance est close.');
	await expectNoViolations(karim.page, 'closed séance on a phone');

	// English.
	const url = new URL(test.info().project.use.baseURL ?? process.env.TRAME_E2E_BASE_URL!);
	await karim.context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: url.origin }]);
	await karim.page.reload();
	await expect(run).toContainText('Meeting closed on');
	await expectNoViolations(karim.page, 'closed séance (en)');
	await shoot(karim.page, 'seance-run-closed-en');

	await camille.context.close();
	await karim.context.close();
});
