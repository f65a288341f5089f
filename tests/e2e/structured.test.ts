import { expect, test, type Page } from '@playwright/test';
import { editorOf, saveStatus, seed, signIn } from './support';

const part = (page: Page, name: string) => page.getByRole('region', { name });
const budget = (page: Page) => part(page, 'Lignes budgétaires');
const calendar = (page: Page) => part(page, 'Jalons du calendrier');
/** Intl writes French amounts with no-break spaces: match any space. */
const TOTAL_1500_50 = /Total : 1\s500,50\s€/;

test('two members fill the budget and the calendar live, with validation, total, outline and completeness', async ({
	browser
}) => {
	const { protocolId } = seed();
	const camille = await signIn(browser, 'coordination@trame.demo');
	const karim = await signIn(browser, 'evaluation@trame.demo');
	await camille.page.goto(`/documents/${protocolId}`);
	await karim.page.goto(`/documents/${protocolId}`);
	await expect(editorOf(camille.page)).toContainText('Moyens et budget');
	await expect(budget(karim.page)).toBeVisible();

	// Camille adds a budget line; Enter moves from one field to the next.
	await budget(camille.page).getByRole('button', { name: 'Ajouter une ligne budgétaire' }).click();
	await camille.page.keyboard.type('Animation des séances');
	await camille.page.keyboard.press('Enter');
	await camille.page.keyboard.type('1 500,50');
	await camille.page.keyboard.press('Enter');
	await camille.page.keyboard.type('Région Centre-Val de Loire');

	// Karim watches it appear live, with the formatted amount and the total.
	const karimLine = budget(karim.page).getByRole('group', { name: 'Animation des séances' });
	await expect(karimLine.getByRole('textbox', { name: 'Poste' })).toHaveText(
		'Animation des séances'
	);
	await expect(karimLine.getByRole('textbox', { name: 'Montant (€)' })).toHaveText('1 500,50');
	// toContainText: Camille's named cursor may sit in that field.
	await expect(karimLine.getByRole('textbox', { name: 'Financeur' })).toContainText(
		'Région Centre-Val de Loire'
	);
	await expect(karimLine).toContainText(/1\s500,50\s€/);
	await expect(budget(karim.page)).toContainText(TOTAL_1500_50);

	// Karim adds a line with an unreadable amount: a clear message, and it is left out of the total.
	await budget(karim.page).getByRole('button', { name: 'Ajouter une ligne budgétaire' }).click();
	await karim.page.keyboard.type('Indemnités');
	await karim.page.keyboard.press('Enter');
	await karim.page.keyboard.type('douze cents');
	const invalid = budget(karim.page).getByRole('textbox', { name: 'Montant (€)' }).last();
	await expect(invalid).toHaveAttribute('aria-invalid', 'true');
	await expect(budget(karim.page)).toContainText(
		'Montant illisible : écrivez un nombre d’euros, par exemple 1 500,50.'
	);
	await expect(budget(camille.page)).toContainText('Montant illisible');
	await expect(budget(karim.page)).toContainText(TOTAL_1500_50);
	await expect(budget(karim.page)).toContainText(
		'Lignes non comptées (montant manquant ou illisible) : 1'
	);
	// He removes it with its labelled button; Camille sees it go.
	await budget(karim.page).getByRole('button', { name: 'Supprimer « Indemnités »' }).click();
	await expect(budget(camille.page).getByRole('group', { name: 'Indemnités' })).toHaveCount(0);

	// Camille adds a milestone; the date is shown in French.
	await calendar(camille.page).getByRole('button', { name: 'Ajouter un jalon' }).click();
	await camille.page.keyboard.type('Tirage au sort des citoyens');
	await camille.page.keyboard.press('Enter');
	await camille.page.keyboard.type('12/03/2027');
	await camille.page.keyboard.press('Enter');
	await camille.page.keyboard.type('Sophie Marchand');
	const karimMilestone = calendar(karim.page).getByRole('group', {
		name: 'Tirage au sort des citoyens'
	});
	await expect(karimMilestone.getByRole('textbox', { name: /Date/ })).toHaveText('12/03/2027');
	await expect(karimMilestone).toContainText('12 mars 2027');
	await expect(karimMilestone.getByRole('textbox', { name: 'Responsable' })).toContainText(
		'Sophie Marchand'
	);

	// An impossible date gets a clear message, fixed by typing a correct one.
	await calendar(karim.page).getByRole('button', { name: 'Ajouter un jalon' }).click();
	await karim.page.keyboard.type('Restitution publique');
	await karim.page.keyboard.press('Enter');
	await karim.page.keyboard.type('31/02/2027');
	await expect(calendar(karim.page)).toContainText('Date invalide (ex. 12/03/2027).');
	for (let i = 0; i < '31/02/2027'.length; i++) await karim.page.keyboard.press('Backspace');
	await karim.page.keyboard.type('15/06/2027');
	await expect(
		calendar(camille.page).getByRole('group', { name: 'Restitution publique' })
	).toContainText('15 juin 2027');
	await expect(calendar(karim.page)).not.toContainText('Date invalide');

	// Everything survives a reload once saved.
	await expect(saveStatus(camille.page)).toHaveText(/Enregistré/);
	await expect(saveStatus(karim.page)).toHaveText(/Enregistré/);
	await camille.page.reload();
	await expect(
		budget(camille.page).getByRole('group', { name: 'Animation des séances' })
	).toBeVisible();
	await expect(budget(camille.page)).toContainText(TOTAL_1500_50);
	await expect(budget(camille.page).getByRole('group')).toHaveCount(1);
	await expect(calendar(camille.page).getByRole('group')).toHaveCount(2);
	await expect(calendar(camille.page)).toContainText('12 mars 2027');

	// The outline (in the "Plan" panel) jumps to "Calendrier" and marks it as the current section.
	const openPlan = () => camille.page.getByRole('button', { name: 'Plan', exact: true }).click();
	const outline = camille.page.getByRole('navigation', { name: 'Plan du document' });
	await openPlan();
	await outline.getByRole('button', { name: '8. Calendrier' }).click();
	await expect(
		editorOf(camille.page).getByRole('heading', { name: '8. Calendrier' })
	).toBeInViewport();
	await openPlan();
	await expect(outline.getByRole('button', { name: '8. Calendrier' })).toHaveAttribute(
		'aria-current',
		'location'
	);

	// The completeness view lists the sections still empty, not the ones just filled.
	const completeness = camille.page.getByRole('region', { name: 'Sections à compléter' });
	await expect(
		completeness.getByRole('button', { name: '1. Contexte et territoire' })
	).toBeVisible();
	await expect(completeness.getByRole('button', { name: '9. Moyens et budget' })).toHaveCount(0);
	await expect(completeness.getByRole('button', { name: '8. Calendrier' })).toHaveCount(0);
	await completeness.getByRole('button', { name: '1. Contexte et territoire' }).click();
	await openPlan();
	await expect(outline.getByRole('button', { name: '1. Contexte et territoire' })).toHaveAttribute(
		'aria-current',
		'location'
	);

	await camille.context.close();
	await karim.context.close();
});

test('an observer sees the structured parts but cannot change them', async ({ browser }) => {
	const { protocolId } = seed();
	const marie = await signIn(browser, 'observation@trame.demo');
	await marie.page.goto(`/documents/${protocolId}`);
	await expect(budget(marie.page)).toBeVisible();
	await expect(budget(marie.page).getByRole('button')).toHaveCount(0);
	await expect(calendar(marie.page).getByRole('button')).toHaveCount(0);
	await expect(part(marie.page, 'Enjeux visés').getByRole('button')).toHaveCount(0);
	await marie.context.close();
});
