/**
 * Organisations (issue 17): the head of the Labo (administrateur·rice) sees every experiment of
 * the Labo without being a member of any; a member of one experiment sees no other; the
 * organisation page lists the experiments and members, and an administrator changes a role.
 */
import { DEMO_EXPERIMENT, DEMO_SECOND_EXPERIMENT } from '../../scripts/demo-data';
import { expect, expectNoViolations, shoot, signIn, test } from './support';

const FIRST = DEMO_EXPERIMENT.title;
const SECOND = DEMO_SECOND_EXPERIMENT.fields.title;

test('the head of the Labo sees every experiment; a member of one sees no other', async ({
	browser
}) => {
	const nadia = await signIn(browser, 'direction@trame.demo');
	const home = nadia.page;
	// Both experiments on the dashboard, though she is a member of neither.
	await expect(home.getByRole('link', { name: FIRST, exact: true })).toBeVisible();
	await expect(home.getByRole('link', { name: SECOND, exact: true })).toBeVisible();
	// She opens the second one and may manage it (administrator of its organisation).
	await home.getByRole('link', { name: SECOND, exact: true }).click();
	await expect(home.getByRole('heading', { level: 1 })).toHaveText(SECOND);
	await expect(home.getByRole('link', { name: /Membres/ }).first()).toBeVisible();

	// The organisation page: both experiments and the members with their roles.
	await home.goto('/');
	await home
		.getByRole('navigation', { name: 'Mes organisations' })
		.getByRole('link', { name: "Labo d'innovation démocratique" })
		.click();
	await expect(home.getByRole('heading', { level: 1 })).toHaveText(
		"Labo d'innovation démocratique"
	);
	const experiments = home.getByRole('region', { name: 'Expérimentations' });
	await expect(experiments.getByRole('link', { name: FIRST, exact: true })).toBeVisible();
	await expect(experiments.getByRole('link', { name: SECOND, exact: true })).toBeVisible();
	const members = home.getByRole('region', { name: 'Membres de l’organisation' });
	const me = members.getByRole('listitem').filter({ hasText: 'Nadia Morel (vous)' });
	// The only administrator cannot demote herself, and is told why.
	await expect(me.getByRole('combobox')).toBeDisabled();
	await expect(me.getByRole('combobox')).toHaveAccessibleDescription(/Seul·e administrateur·rice/);
	await expectNoViolations(home, 'organisation page (administrator)');
	await shoot(home, 'organisation-admin');
	await home.emulateMedia({ colorScheme: 'dark' });
	await expectNoViolations(home, 'organisation page (administrator, dark)');
	await shoot(home, 'organisation-admin-dark');
	await home.emulateMedia({ colorScheme: 'light' });

	// Karim (evaluator of the first experiment) sees only it, on the dashboard and on the page.
	const karim = await signIn(browser, 'evaluation@trame.demo');
	await expect(karim.page.getByRole('link', { name: FIRST, exact: true })).toBeVisible();
	await expect(karim.page.getByRole('link', { name: SECOND, exact: true })).toHaveCount(0);
	await karim.page
		.getByRole('navigation', { name: 'Mes organisations' })
		.getByRole('link', { name: "Labo d'innovation démocratique" })
		.click();
	const his = karim.page.getByRole('region', { name: 'Expérimentations' });
	await expect(his.getByRole('link', { name: FIRST, exact: true })).toBeVisible();
	await expect(his.getByRole('link', { name: SECOND, exact: true })).toHaveCount(0);
	await expect(karim.page.getByRole('combobox')).toHaveCount(0);
	await expectNoViolations(karim.page, 'organisation page (member)');

	// The administrator puts Karim on the team: he now sees the second experiment, read-only.
	const karimRow = members.getByRole('listitem').filter({ hasText: 'Karim Benali' });
	await karimRow.getByRole('combobox').selectOption({ label: 'Équipe' });
	await karimRow.getByRole('button', { name: 'Changer le rôle' }).click();
	await expect(
		home.getByRole('status').filter({ hasText: 'Modification enregistrée' })
	).toBeVisible();
	await karim.page.goto('/');
	await expect(karim.page.getByRole('link', { name: SECOND, exact: true })).toBeVisible();
	// And back to member: the second experiment disappears again.
	await karimRow.getByRole('combobox').selectOption({ label: 'Membre' });
	// The select shows what was picked at once: wait for the server's answer to the change.
	const saved = home.waitForResponse(
		(response) => response.url().includes('changeRole') && response.request().method() === 'POST'
	);
	await karimRow.getByRole('button', { name: 'Changer le rôle' }).click();
	expect((await saved).ok()).toBe(true);
	await expect(karimRow.getByRole('combobox')).toHaveValue('member');
	await karim.page.goto('/');
	await expect(karim.page.getByRole('link', { name: FIRST, exact: true })).toBeVisible();
	await expect(karim.page.getByRole('link', { name: SECOND, exact: true })).toHaveCount(0);

	await karim.context.close();
	await nadia.context.close();
});
