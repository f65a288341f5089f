import type { Page } from '@playwright/test';
import { caretAtEnd, editorOf, expect, saveStatus, seed, signIn, test } from './support';

const budget = (page: Page) => page.getByRole('region', { name: 'Lignes budgétaires' });
const calendar = (page: Page) => page.getByRole('region', { name: 'Jalons du calendrier' });
const experimentCard = (page: Page, title: string) =>
	page.getByRole('article').filter({ has: page.getByRole('heading', { name: title }) });

test('a coordinator creates an experiment, invites a project lead by link, and they co-edit its protocol live; the dashboard filters and finds it', async ({
	browser,
	baseURL
}) => {
	const stamp = Date.now().toString(36);
	const title = `Budget participatif des marais ${stamp}`;
	const leadEmail = `cheffe.${stamp}@collectivite.test`;
	// A word nobody else typed: what the search must find once the text index is written.
	const word = `salicorne${stamp}`;

	// --- the coordinator creates the experiment --------------------------------------------------
	const camille = await signIn(browser, 'coordination@trame.demo');
	await camille.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
		origin: baseURL!
	});
	await camille.page.getByRole('link', { name: 'Nouvelle expérimentation' }).click();
	await camille.page.getByLabel('Titre', { exact: true }).fill(title);
	await camille.page.getByLabel('Nom du territoire').fill('Commune de Guérande');
	await camille.page.getByLabel('Type de territoire').selectOption({ label: 'Commune' });
	await camille.page.getByRole('checkbox', { name: 'Pérennisation' }).check();
	await camille.page.getByRole('checkbox', { name: 'Co-construction' }).check();
	await camille.page.getByLabel('Date de début').fill('15/01/2027');
	await camille.page.getByLabel('Date de fin').fill('15/12/2027');
	await camille.page.getByRole('button', { name: 'Créer l’expérimentation' }).click();
	await expect(camille.page.getByRole('heading', { level: 1 })).toHaveText(title);
	const experimentUrl = camille.page.url();
	expect(experimentUrl).toMatch(/\/experiences\/[a-z0-9]{15}$/);
	await expect(camille.page.getByText('Pérennisation, Co-construction')).toBeVisible();
	await expect(camille.page.getByText(/du 15\sjanvier\s2027 au 15\sdécembre\s2027/)).toBeVisible();

	// It comes with its protocol, ready to fill from the template (as the first-sign-in guide says).
	const documents = camille.page.getByRole('region', { name: 'Documents', exact: true });
	await expect(documents.getByRole('link')).toHaveText(['Protocole d’expérimentation']);
	await documents.getByRole('link', { name: 'Protocole d’expérimentation' }).click();
	await expect(camille.page).toHaveURL(/\/documents\/[a-z0-9]{15}$/);
	const protocolUrl = new URL(camille.page.url()).pathname;
	await expect(editorOf(camille.page)).toContainText('Moyens et budget');

	// --- she invites the municipal project lead; no SMTP here, so she copies the link ------------
	await camille.page.goto(experimentUrl);
	await camille.page.getByRole('link', { name: 'Membres' }).click();
	await camille.page.getByLabel('Adresse e-mail').fill(leadEmail);
	await camille.page
		.getByLabel('Rôle', { exact: true })
		.selectOption({ label: 'Chef·fe de projet de la collectivité' });
	await camille.page.getByRole('button', { name: 'Inviter', exact: true }).click();
	const linkField = camille.page.getByLabel('Lien d’invitation', { exact: true });
	await expect(linkField).toHaveValue(/\/invitation\/[A-Za-z0-9_-]+$/);
	await camille.page.getByRole('button', { name: 'Copier le lien' }).click();
	await expect(camille.page.getByText('Lien copié.')).toBeVisible();
	const link = await camille.page.evaluate(() => navigator.clipboard.readText());
	expect(link).toBe(await linkField.inputValue());
	await expect(camille.page.getByRole('region', { name: 'Invitations en attente' })).toContainText(
		leadEmail
	);

	// --- the lead, in her own browser, accepts and creates her account ---------------------------
	const leadContext = await browser.newContext();
	const lead = await leadContext.newPage();
	await lead.goto(new URL(link).pathname);
	await expect(
		lead.getByText(`Vous êtes invité·e à rejoindre l’expérimentation « ${title} »`)
	).toBeVisible();
	await expect(
		lead.getByRole('heading', { name: `Créez votre compte pour ${leadEmail}` })
	).toBeVisible();
	await lead.getByLabel('Votre nom').fill('Nadia Chef de projet');
	await lead.getByLabel('Mot de passe').fill('marais-salants-2027');
	await lead.getByRole('button', { name: 'Créer mon compte et rejoindre' }).click();
	await expect(lead.getByRole('heading', { level: 1 })).toHaveText(title);

	// The link is spent: opening it again says so.
	const again = await browser.newContext();
	const reopened = await again.newPage();
	await reopened.goto(new URL(link).pathname);
	await expect(reopened.getByRole('alert')).toContainText('déjà été utilisée');
	await again.close();

	// --- both open the protocol and co-edit it live ----------------------------------------------
	await lead.getByRole('link', { name: 'Protocole d’expérimentation' }).first().click();
	await expect(lead).toHaveURL(new RegExp(`${protocolUrl}$`));
	await camille.page.goto(protocolUrl);
	const camilleEditor = editorOf(camille.page);
	const leadEditor = editorOf(lead);
	await expect(leadEditor).toContainText('Contexte et territoire');
	await expect(leadEditor).toHaveAttribute('contenteditable', 'true');
	await expect(camille.page.getByRole('list', { name: 'Présents dans le document' })).toContainText(
		'Nadia Chef de projet'
	);

	await caretAtEnd(camille.page);
	await camille.page.keyboard.press('Enter');
	await camille.page.keyboard.type(`Les paludiers récoltent la ${word} en été.`);
	await expect(leadEditor).toContainText(`Les paludiers récoltent la ${word} en été.`);

	await caretAtEnd(lead);
	await lead.keyboard.type(' La commune met une salle à disposition.');
	await expect(camilleEditor).toContainText('La commune met une salle à disposition.');

	// Structured parts: the lead adds a budget line, the coordinator a milestone.
	await budget(lead).getByRole('button', { name: 'Ajouter une ligne budgétaire' }).click();
	await lead.keyboard.type('Location de la salle des fêtes');
	await lead.keyboard.press('Enter');
	await lead.keyboard.type('2 400');
	await lead.keyboard.press('Enter');
	await lead.keyboard.type('Commune de Guérande');
	const line = budget(camille.page).getByRole('group', { name: 'Location de la salle des fêtes' });
	await expect(line.getByRole('textbox', { name: 'Montant (€)' })).toHaveText('2 400');
	await expect(line.getByRole('textbox', { name: 'Financeur' })).toContainText(
		'Commune de Guérande'
	);
	await expect(budget(camille.page)).toContainText(/Total : 2\s400,00\s€/);

	await calendar(camille.page).getByRole('button', { name: 'Ajouter un jalon' }).click();
	await camille.page.keyboard.type('Première assemblée des habitants');
	await camille.page.keyboard.press('Enter');
	await camille.page.keyboard.type('20/03/2027');
	await camille.page.keyboard.press('Enter');
	await camille.page.keyboard.type('Nadia Chef de projet');
	const milestone = calendar(lead).getByRole('group', { name: 'Première assemblée des habitants' });
	await expect(milestone).toContainText('20 mars 2027');
	await expect(milestone.getByRole('textbox', { name: 'Responsable' })).toContainText(
		'Nadia Chef de projet'
	);

	await expect(saveStatus(camille.page)).toHaveText(/Enregistré/);
	await expect(saveStatus(lead)).toHaveText(/Enregistré/);
	await lead.reload();
	await expect(editorOf(lead)).toContainText(word);
	await expect(
		budget(lead).getByRole('group', { name: 'Location de la salle des fêtes' })
	).toBeVisible();

	// --- the dashboard: filter by enjeu, and search a word typed in the protocol -----------------
	const dashboard = camille.page;
	await dashboard.goto('/');
	await dashboard
		.getByRole('combobox', { name: 'Enjeu', exact: true })
		.selectOption({ label: 'Pérennisation' });
	await dashboard.getByRole('button', { name: 'Appliquer' }).click();
	await expect(dashboard).toHaveURL(/enjeu=perennisation/);
	await expect(experimentCard(dashboard, title)).toBeVisible();
	// The demo experiment does not aim at Pérennisation.
	await expect(
		experimentCard(dashboard, 'Assemblée citoyenne tirée au sort du Val de Brenne')
	).toHaveCount(0);
	await dashboard
		.getByRole('combobox', { name: 'Enjeu', exact: true })
		.selectOption({ label: 'Confiance' });
	await dashboard.getByRole('button', { name: 'Appliquer' }).click();
	await expect(
		experimentCard(dashboard, 'Assemblée citoyenne tirée au sort du Val de Brenne')
	).toBeVisible();
	await expect(experimentCard(dashboard, title)).toHaveCount(0);

	// The text index is written ~2 s after the last edit: search until it is there.
	await expect
		.poll(
			async () => {
				await dashboard.goto(`/?q=${encodeURIComponent(word)}`);
				return dashboard.getByRole('article').count();
			},
			{ timeout: 20_000, intervals: [500, 1_000, 2_000] }
		)
		.toBe(1);
	const found = experimentCard(dashboard, title);
	await expect(found).toContainText('Trouvé dans :');
	await expect(found.getByRole('link', { name: 'Protocole d’expérimentation' })).toBeVisible();
	await expect(found).toContainText(word);
	// Through the form too, as a user would.
	await dashboard.goto('/');
	await dashboard.getByLabel('Rechercher').fill(word);
	await dashboard.getByRole('button', { name: 'Appliquer' }).click();
	await expect(dashboard.getByRole('status')).toHaveText('1 expérimentation trouvée.');
	await expect(experimentCard(dashboard, title)).toBeVisible();

	await leadContext.close();
	await camille.context.close();
});

// Partners (comment role) type suggestions instead: tests/e2e/suggestions.test.ts.
for (const [email, notice] of [
	['observation@trame.demo', 'votre rôle permet de lire ce document, pas de le modifier']
] as const) {
	test(`${email} opens the demo protocol read-only and cannot type into it`, async ({
		browser
	}) => {
		const { protocolId } = seed();
		const reader = await signIn(browser, email);
		await reader.page.goto(`/documents/${protocolId}`);
		const editor = editorOf(reader.page);
		await expect(editor).toContainText('Contexte et territoire');
		await expect(editor).toHaveAttribute('contenteditable', 'false');
		await expect(reader.page.getByText(notice)).toBeVisible();
		// textContent, not innerText: blocks out of view skip layout (content-visibility: auto), so
		// innerText changes with the scroll position.
		// Whitespace aside: the structured parts' node views may still be adding their spacing.
		const text = async () => (await editor.textContent())?.replace(/\s+/g, '');
		const before = await text();
		await editor.click();
		await reader.page.keyboard.press('Control+End');
		await reader.page.keyboard.type('Texte non autorisé');
		await reader.page.keyboard.press('Enter');
		await expect(editor).not.toContainText('Texte non autorisé');
		expect(await text()).toBe(before);
		// No structured part offers to add anything either.
		await expect(
			reader.page.getByRole('button', { name: 'Ajouter une ligne budgétaire' })
		).toHaveCount(0);
		await reader.context.close();
	});
}
