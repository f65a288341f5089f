/**
 * A coordinator plans two séances; the second suggests approving the first one's minutes; the
 * agenda gets a free item, reordered with the keyboard; attendance is taken and the quorum shown;
 * a follow-up action for Karim appears in his "Mes actions" on the dashboard. No page or console
 * error; axe 0 on the séance screens; screenshots at 390 and 1440 px, French and English.
 */
import { createSeance, expect, expectNoViolations, seed, shoot, signIn, test } from './support';

test('a séance with a suggested agenda, attendance and an action in its owner’s list', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const { experimentId } = seed();
	const tag = Math.random().toString(36).slice(2, 7);
	const camille = await signIn(browser, 'coordination@trame.demo');
	const page = camille.page;

	// The day before the next one: no séance another test plans in the demo experiment (the
	// portfolio's, in February 2027) comes between them.
	await createSeance(page, experimentId, {
		title: `COPIL de février ${tag}`,
		day: '24/03/2027',
		time: '09:00',
		place: 'Salle du conseil, mairie de Brenne',
		quorum: '2'
	});
	await createSeance(page, experimentId, {
		title: `COPIL de mars ${tag}`,
		day: '25/03/2027',
		time: '18:30',
		place: 'Salle du conseil, mairie de Brenne',
		quorum: '2'
	});
	await expect(page.getByText('25 mars 2027 à 18:30')).toBeVisible();
	await expectNoViolations(page, 'new séance page');

	// The previous séance's minutes are suggested; only that one is picked here.
	const suggestions = page.getByRole('group', { name: /Points suggérés/ });
	const minutes = suggestions.getByRole('checkbox', {
		name: `Approbation du compte rendu : COPIL de février ${tag}`
	});
	await expect(minutes).toBeVisible();
	for (const box of await suggestions.getByRole('checkbox').all()) await box.uncheck();
	await minutes.check();
	await page.getByRole('button', { name: /Ajouter à l.ordre du jour/ }).click();
	const agenda = page.getByRole('list').filter({ hasText: 'Approbation du compte rendu' });
	await expect(agenda.getByRole('listitem')).toHaveCount(1);

	await page.getByLabel('Intitulé du point').fill('Tour de météo');
	await page.getByLabel('Durée (minutes)').fill('10');
	await page.getByRole('button', { name: 'Ajouter', exact: true }).first().click();
	await expect(agenda.getByRole('listitem')).toHaveCount(2);

	// Reordered with the keyboard: the focus stays on the moved item.
	await page.getByRole('button', { name: 'Monter « Tour de météo »' }).focus();
	await page.keyboard.press('Enter');
	await expect(agenda.getByRole('listitem').first()).toContainText('Tour de météo');
	await expect(page.getByText('« Tour de météo » est maintenant le point 1 sur 2.')).toBeAttached();
	await expect
		.poll(() => page.evaluate(() => document.activeElement?.closest('li')?.textContent ?? ''))
		.toContain('Tour de météo');

	// Attendance and quorum.
	await page.getByLabel('Camille Rousseau', { exact: true }).selectOption('present');
	await page.getByRole('button', { name: 'Enregistrer la présence de Camille Rousseau' }).click();
	await expect(page.getByText('Quorum non atteint : 1 membre sur 2 requis.')).toBeVisible();
	await page.getByLabel('Karim Benali', { exact: true }).selectOption('remote');
	await page.getByRole('button', { name: 'Enregistrer la présence de Karim Benali' }).click();
	await expect(page.getByText('Quorum atteint : 2 membres sur 2 requis.')).toBeVisible();

	// A follow-up action for Karim.
	const what = `Envoyer la synthèse ${tag}`;
	await page.getByLabel('Action', { exact: true }).fill(what);
	await page.getByLabel('Responsable').selectOption({ label: 'Karim Benali' });
	await page.getByLabel('Échéance').fill('01/04/2027');
	await page.getByRole('button', { name: 'Ajouter', exact: true }).last().click();
	await expect(page.getByRole('listitem').filter({ hasText: what })).toContainText(
		'échéance le 1 avril 2027'
	);
	await expectNoViolations(page, 'séance with agenda, attendance and an action');
	await shoot(page, 'seance-fr');

	const karim = await signIn(browser, 'evaluation@trame.demo');
	await karim.page.goto('/');
	const mine = karim.page.getByRole('region', { name: 'Mes actions' });
	await expect(mine.getByRole('listitem').filter({ hasText: what })).toContainText(
		'échéance le 1 avril 2027'
	);
	await expectNoViolations(karim.page, 'dashboard with my actions');
	await shoot(karim.page, 'dashboard-actions-fr');

	// English, both widths.
	const url = new URL(test.info().project.use.baseURL ?? process.env.TRAME_E2E_BASE_URL!);
	await camille.context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: url.origin }]);
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Agenda' })).toBeVisible();
	await expect(page.getByText('25 March 2027 at 18:30')).toBeVisible();
	await expectNoViolations(page, 'séance (en)');
	await shoot(page, 'seance-en');

	await camille.context.close();
	await karim.context.close();
});
