/**
 * Invitations and actions as members see them: a coordinator plans a séance inviting the
 * experiment's members; Karim finds the invitation in his inbox (French, then English), then its
 * cancellation once the coordinator cancels it after a confirmation; an action created from the
 * experiment's actions page. No page or console error; axe 0 on each changed screen; screenshots
 * at 390 and 1440 px, French and English. (The mail and its .ics: tests/integration.)
 */
import { expect, expectNoViolations, seed, shoot, signIn, test } from './support';

test('a séance invitation and its cancellation reach the invitee’s inbox', async ({ browser }) => {
	test.setTimeout(120_000);
	const { experimentId } = seed();
	const tag = Math.random().toString(36).slice(2, 7);
	const title = `COPIL d’avril ${tag}`;
	const camille = await signIn(browser, 'coordination@trame.demo');
	const page = camille.page;

	await page.goto(`/experiences/${experimentId}/seances/nouvelle`);
	await page.getByLabel('Titre').fill(title);
	await page.getByLabel('Jour').fill('15/04/2027');
	await page.getByLabel('Heure', { exact: true }).fill('18:00');
	await page.getByLabel('Lieu').fill('Salle du conseil, mairie de Brenne');
	const invitees = page.getByRole('group', { name: 'Membres invités' });
	await expect(invitees.getByRole('checkbox', { name: 'Karim Benali' })).toBeChecked();
	await expectNoViolations(page, 'new séance with invitees');
	await shoot(page, 'seance-invitees-fr');
	await page.getByRole('button', { name: 'Créer la séance' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);

	const karim = await signIn(browser, 'evaluation@trame.demo');
	await karim.page.goto('/notifications');
	const invitation = karim.page
		.getByRole('listitem')
		.filter({ hasText: 'Vous êtes invité·e à une séance' })
		.filter({ hasText: title });
	await expect(invitation).toBeVisible();
	await expect(
		karim.page.getByRole('checkbox', { name: /les rappels de mes actions/ })
	).toBeVisible();
	await expectNoViolations(karim.page, 'inbox with a séance invitation');
	await shoot(karim.page, 'inbox-invitation-fr');

	// Cancelled after a confirmation: the invitee is told.
	await page.getByText('Annuler la séance', { exact: true }).click();
	await page.getByRole('button', { name: 'Oui, annuler la séance' }).click();
	await expect(page.getByTestId('seance-cancelled')).toHaveText('Cette séance est annulée.');
	await expect(page.getByRole('link', { name: 'Modifier' })).toHaveCount(0);
	await expectNoViolations(page, 'cancelled séance');
	await karim.page.reload();
	await expect(
		karim.page
			.getByRole('listitem')
			.filter({ hasText: 'Une séance est annulée' })
			.filter({ hasText: title })
	).toBeVisible();

	const url = new URL(test.info().project.use.baseURL ?? process.env.TRAME_E2E_BASE_URL!);
	await karim.context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: url.origin }]);
	await karim.page.reload();
	await expect(
		karim.page.getByRole('link', { name: 'You are invited to a meeting' }).first()
	).toBeVisible();
	await expectNoViolations(karim.page, 'inbox (en)');
	await shoot(karim.page, 'inbox-invitation-en');

	// An action from the experiment's actions page, for Karim.
	const what = `Relancer la mairie ${tag}`;
	await page.goto(`/experiences/${experimentId}/actions`);
	const form = page.getByRole('form', { name: 'Ajouter une action de suivi' });
	await form.getByLabel('Action', { exact: true }).fill(what);
	await form.getByLabel('Responsable').selectOption({ label: 'Karim Benali' });
	await form.getByLabel('Échéance').fill('20/04/2027');
	await form.getByRole('button', { name: 'Ajouter' }).click();
	await expect(page.getByRole('status')).toHaveText('Action ajoutée.');
	await expect(page.getByRole('listitem').filter({ hasText: what })).toContainText('20 avril 2027');
	await expectNoViolations(page, 'actions page with its form');
	await shoot(page, 'actions-page-fr');

	await camille.context.close();
	await karim.context.close();
});
