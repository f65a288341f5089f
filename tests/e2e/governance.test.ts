/**
 * Consent governance end to end, with three people in three browsers: the facilitator (Camille,
 * coordination) and two participants (Karim, Aïcha). Every screen follows the round live.
 */
import type { Page } from '@playwright/test';
import mammoth from 'mammoth';
import { expect, seed, signIn, test } from './support';

const TEXT = 'Le COPIL se réunit chaque mois, le mardi à 18 h, en mairie.';
const AMENDED = 'Le COPIL se réunit chaque mois, en alternance le mardi à 18 h et le samedi matin.';

function phaseOf(page: Page) {
	return page.getByTestId('round-phase');
}

async function chooseParticipants(page: Page, names: RegExp[]) {
	for (const box of await page.getByRole('checkbox', { name: /\(/ }).all()) await box.uncheck();
	for (const name of names) await page.getByRole('checkbox', { name }).check();
}

test('a consent round and an election run live on three screens and reach the register', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const { experimentId } = seed();
	const fac = await signIn(browser, 'coordination@trame.demo');
	const karim = await signIn(browser, 'evaluation@trame.demo');
	const aicha = await signIn(browser, 'copil@trame.demo');
	const everyone = [fac.page, karim.page, aicha.page];

	// The facilitator proposes a passage of the protocol.
	await fac.page.goto(`/experiences/${experimentId}`);
	await fac.page.getByRole('link', { name: 'Nouvelle proposition' }).click();
	await fac.page.getByLabel('Titre de la proposition').fill('Rythme des réunions du COPIL');
	await fac.page
		.getByLabel('Section du protocole (facultatif)')
		.fill('7. Acteurs, rôles et gouvernance');
	await fac.page.getByLabel('Texte de la proposition').fill(TEXT);
	await chooseParticipants(fac.page, [/Karim Benali/, /Aïcha Diallo/]);
	await fac.page.getByRole('button', { name: 'Ouvrir le tour de consentement' }).click();
	await expect(fac.page).toHaveURL(/\/rounds\/[a-z0-9]{15}$/);
	const roundUrl = new URL(fac.page.url()).pathname;

	for (const page of [karim.page, aicha.page]) await page.goto(roundUrl);
	for (const page of everyone) {
		await expect(phaseOf(page)).toContainText('Présentation');
		await expect(page.getByText('En direct')).toBeVisible();
	}

	// Clarification with a go-around: the current speaker shows on every screen.
	await fac.page.getByRole('button', { name: 'Passer à : Clarification' }).click();
	for (const page of everyone) await expect(phaseOf(page)).toContainText('Clarification');
	await fac.page.getByLabel('Tour de table').check();
	await fac.page.getByLabel('Commencer par').selectOption({ label: 'Karim Benali' });
	await fac.page.getByLabel('Temps de parole (secondes)').fill('60');
	await fac.page.getByRole('button', { name: 'Lancer le tour de parole' }).click();
	for (const page of everyone)
		await expect(page.getByTestId('current-speaker')).toContainText('Karim Benali');
	await expect(karim.page.getByTestId('turn-timer')).toHaveText(/^0:(5\d|60)/);

	// The room's screen, during the go-around.
	const projection = await fac.context.newPage();
	await projection.setViewportSize({ width: 1920, height: 1080 });
	await projection.goto(`${roundUrl}/projection`);
	await expect(projection.getByTestId('current-speaker')).toContainText('Karim Benali');

	await karim.page.getByRole('button', { name: 'Je passe' }).click();
	for (const page of [...everyone, projection])
		await expect(page.getByTestId('current-speaker')).toContainText('Aïcha Diallo');
	await projection.screenshot({ path: 'test-results/governance-projection.png' });

	await fac.page.getByRole('button', { name: 'Passer à : Réactions' }).click();
	await fac.page.getByRole('button', { name: 'Passer à : Amendement' }).click();
	await fac.page.getByRole('button', { name: 'Passer à : Objections' }).click();
	for (const page of [...everyone, projection])
		await expect(phaseOf(page)).toContainText('Objections');

	// Karim objects, Aïcha consents; the facilitator sees both as they are given.
	await karim.page.getByLabel('Objection', { exact: true }).check();
	await karim.page
		.getByLabel(/Argument de l’objection/)
		.fill('Le mardi soir exclut les parents de jeunes enfants.');
	await karim.page.getByRole('button', { name: 'Donner ma position' }).click();
	await aicha.page.getByLabel('Consentement', { exact: true }).check();
	await aicha.page.getByRole('button', { name: 'Donner ma position' }).click();
	await expect(fac.page.getByTestId('position')).toHaveCount(2);
	await expect(aicha.page.getByTestId('objection')).toContainText('parents de jeunes enfants');

	// Tested as reasoned, then integrated by an amendment.
	await fac.page.getByRole('button', { name: 'Tester l’objection' }).click();
	await fac.page.getByLabel('Argumentée', { exact: true }).check();
	await fac.page.getByLabel('Raison').fill('Nuit à la diversification des publics.');
	await fac.page.getByRole('button', { name: 'Enregistrer le test' }).click();
	await expect(karim.page.getByTestId('objection')).toContainText('Argumentée');
	await fac.page.getByRole('button', { name: 'Passer à : Bonification / intégration' }).click();
	for (const page of everyone) await expect(phaseOf(page)).toContainText('Bonification');
	await fac.page.getByRole('button', { name: 'Rédiger une nouvelle version' }).click();
	await fac.page.getByLabel('Nouveau texte de la proposition').fill(AMENDED);
	await fac.page.getByRole('button', { name: 'Enregistrer la nouvelle version' }).click();
	for (const page of everyone) {
		await expect(page.getByTestId('proposal-text')).toHaveText(AMENDED);
		await expect(page.getByText('version 2').first()).toBeVisible();
	}
	await fac.page.getByRole('button', { name: 'Marquer comme intégrée' }).click();
	await expect(karim.page.getByTestId('objection')).toContainText('intégrée dans la version 2');
	await fac.page.getByRole('button', { name: 'Passer à : Objections' }).click();

	// Everyone consents: the decision is recorded.
	for (const page of [karim.page, aicha.page]) {
		await expect(phaseOf(page)).toContainText('Objections');
		await page.getByLabel('Consentement', { exact: true }).check();
		await page.getByRole('button', { name: 'Donner ma position' }).click();
		await expect(page.getByTestId('my-position')).toContainText('Consentement');
	}
	await fac.page.getByRole('button', { name: 'Enregistrer la décision' }).click();
	for (const page of [...everyone, projection])
		await expect(phaseOf(page)).toContainText('Adoptée');

	// The register holds the exact text consented.
	await aicha.page.goto(`/experiences/${experimentId}/decisions`);
	const entry = aicha.page.getByTestId('register-entry').filter({ hasText: 'Rythme des réunions' });
	await expect(entry.getByTestId('register-text')).toHaveText(AMENDED);
	await expect(entry).toContainText('intégrée dans la version 2');
	const csv = await aicha.page.request.get(`/experiences/${experimentId}/decisions/export.csv`);
	expect(csv.headers()['content-type']).toContain('text/csv');
	expect(await csv.text()).toContain(AMENDED);

	// An election without candidates.
	await fac.page.goto(`/experiences/${experimentId}/decisions/nouvelle?type=election`);
	await fac.page.getByLabel('Rôle à pourvoir').fill('Secrétaire du COPIL');
	await fac.page.getByLabel('Mission').fill('Tenir le registre et les comptes rendus.');
	await fac.page.getByLabel('Durée du mandat (mois)').fill('12');
	await chooseParticipants(fac.page, [/Karim Benali/, /Aïcha Diallo/]);
	await fac.page.getByRole('button', { name: 'Ouvrir l’élection' }).click();
	await expect(fac.page).toHaveURL(/\/rounds\/[a-z0-9]{15}$/);
	const electionUrl = new URL(fac.page.url()).pathname;
	for (const page of [karim.page, aicha.page]) await page.goto(electionUrl);

	await fac.page.getByRole('button', { name: 'Passer à : Nominations' }).click();
	for (const [page, nominee] of [
		[karim.page, 'Aïcha Diallo'],
		[aicha.page, 'Aïcha Diallo']
	] as const) {
		await page.getByLabel('Personne').selectOption({ label: nominee });
		await page.getByRole('button', { name: 'Nommer' }).click();
		await expect(page.getByTestId('my-nomination')).toContainText(nominee);
	}
	await fac.page.getByRole('button', { name: 'Passer à : Justifications' }).click();
	await expect(karim.page.getByText('Aïcha Diallo nomme Aïcha Diallo')).toBeVisible();
	await fac.page.getByRole('button', { name: 'Passer à : Tour de changement' }).click();
	await fac.page.getByRole('button', { name: 'Passer à : Proposition' }).click();
	await fac.page.getByLabel('Personne').selectOption({ label: 'Aïcha Diallo' });
	await fac.page.getByLabel('Arguments entendus').fill('Deux nominations, rigueur reconnue.');
	await fac.page.getByRole('button', { name: 'Proposer', exact: true }).click();
	await fac.page.getByRole('button', { name: 'Passer à : Objections' }).click();
	for (const page of everyone)
		await expect(page.getByTestId('proposed-person')).toHaveText('Aïcha Diallo');
	for (const page of [karim.page, aicha.page]) {
		await page.getByLabel('Consentement', { exact: true }).check();
		await page.getByRole('button', { name: 'Donner ma position' }).click();
		await expect(page.getByTestId('my-position')).toContainText('Consentement');
	}
	await fac.page.getByRole('button', { name: 'Enregistrer l’élection' }).click();
	for (const page of everyone)
		await expect(page.getByTestId('round-outcome')).toContainText('Aïcha Diallo est élu·e');

	await karim.page.goto(`/experiences/${experimentId}/decisions?kind=election`);
	// Other tests hold elections in the demo experiment too: find this one by its role.
	const election = karim.page
		.getByTestId('register-entry')
		.filter({ hasText: 'Secrétaire du COPIL' });
	await expect(election).toHaveCount(1);
	await expect(election).toContainText('Aïcha Diallo est élu·e');

	for (const session of [fac, karim, aicha]) await session.context.close();
});

test('a proposal frozen from a protocol section, and its procès-verbal downloaded as DOCX', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const { experimentId } = seed();
	const fac = await signIn(browser, 'coordination@trame.demo');
	await fac.page.goto(`/experiences/${experimentId}/decisions/nouvelle`);
	await fac.page.getByLabel('Titre de la proposition').fill('Calendrier figé depuis le protocole');
	const option = fac.page.locator('#source option', { hasText: 'Calendrier' }).first();
	const heading = (await option.textContent())!.trim();
	await fac.page.getByLabel('Texte proposé').selectOption({ label: heading });
	// The pasted-text fields give way to the section.
	await expect(fac.page.getByLabel('Texte de la proposition')).toHaveCount(0);
	await chooseParticipants(fac.page, [/Karim Benali/]);
	await fac.page.getByRole('button', { name: 'Ouvrir le tour de consentement' }).click();
	await expect(fac.page).toHaveURL(/\/rounds\/[a-z0-9]{15}$/);
	await expect(fac.page.getByText(heading).first()).toBeVisible();

	// Withdrawn at once: it still goes to the register, with its exact text and hash.
	await fac.page.getByText('Reporter ou retirer la proposition').click();
	await fac.page.getByRole('button', { name: 'Retirer la proposition' }).click();
	await expect(fac.page.getByTestId('round-outcome')).toBeVisible();
	await fac.page.goto(`/experiences/${experimentId}/decisions`);
	const entry = fac.page
		.getByTestId('register-entry')
		.filter({ hasText: 'Calendrier figé depuis le protocole' });
	const text = (await entry.getByTestId('register-text').textContent())!;
	expect(text.startsWith(heading)).toBe(true);
	const hash = (await entry.locator('code').textContent())!.trim();
	const [download] = await Promise.all([
		fac.page.waitForEvent('download'),
		entry.getByRole('link', { name: 'Procès-verbal de cette décision (DOCX)' }).click()
	]);
	const { value } = await mammoth.extractRawText({ path: (await download.path())! });
	expect(value).toContain(heading);
	expect(value).toContain(hash);
	await fac.context.close();
});
