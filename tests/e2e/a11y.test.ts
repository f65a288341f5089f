/**
 * Accessibility: every page and state people use in a meeting has zero axe-core violations at
 * WCAG 2.2 AA, in the light and the dark theme (prefers-color-scheme). One signed-in browser
 * context per page group keeps the suite fast.
 */
import { createHash, randomBytes } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { adminClient, RICH, richState } from './rich-state';
import {
	editorOf,
	expect,
	freshProtocol,
	proposeOnSection,
	sectionBadge,
	seed,
	signIn,
	test
} from './support';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/** A 2 × 2 PNG. */
const TINY_PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGOQ96sEIgYIBQAXzgOZG2yjzwAAAABJRU5ErkJggg==',
	'base64'
);
const THEMES = ['light', 'dark'] as const;

/** Runs axe in both themes; fails with a readable list of rule, target and help. */
async function expectNoViolations(page: Page, state: string) {
	for (const colorScheme of THEMES) {
		await page.emulateMedia({ colorScheme });
		const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
		const summary = results.violations.map(
			(v) =>
				`${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
		);
		expect.soft(summary, `${state} [${colorScheme}]`).toEqual([]);
	}
	await page.emulateMedia({ colorScheme: 'light' });
}

test('public pages: sign-in, accessibility statement, help', async ({ browser }) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto('/connexion');
	await expectNoViolations(page, 'sign-in');
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await page.getByLabel('Adresse e-mail').fill('personne@trame.demo');
	await page.getByLabel('Mot de passe').fill('mauvais mot de passe');
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('alert')).toBeVisible();
	await expectNoViolations(page, 'sign-in with an error');
	await page.goto('/accessibilite');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('accessibilité');
	await expectNoViolations(page, 'accessibility statement');
	await page.goto('/aide');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expectNoViolations(page, 'help');
	await context.close();
});

test('workspace pages: dashboard, experiment, editor with comments, history, register', async ({
	browser
}) => {
	// Every page and every panel of the document page: many axe passes (slow on a busy machine).
	test.setTimeout(180_000);
	const { experimentId, protocolId } = seed();
	const { context, page } = await signIn(browser, 'coordination@trame.demo');
	await page.goto('/');
	await expectNoViolations(page, 'dashboard');
	await page.goto(`/experiences/${experimentId}`);
	await expectNoViolations(page, 'experiment');
	await page.goto(`/experiences/${experimentId}/membres`);
	await expectNoViolations(page, 'members');
	await page.goto('/experiences/nouvelle');
	await expectNoViolations(page, 'new experiment');
	await page.goto(`/documents/${protocolId}`);
	await expect(editorOf(page)).toHaveAttribute('contenteditable', 'true');
	await expectNoViolations(page, 'editor');
	await page.getByRole('button', { name: /Aide clavier/ }).click();
	await expect(page.getByRole('dialog')).toBeVisible();
	await expectNoViolations(page, 'editor keyboard help');
	await page.keyboard.press('Escape');
	// Every panel of the document page (drawers).
	for (const name of ['Plan', 'Commentaires', 'Décisions', 'Versions', 'Exporter', 'Publication']) {
		await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
		const drawer = page.getByRole('dialog', { name });
		await expect(drawer).toBeVisible();
		await expect(drawer.locator('.drawer-body')).not.toBeEmpty();
		await expectNoViolations(page, `editor panel: ${name}`);
		await page.keyboard.press('Escape');
		await expect(drawer).toBeHidden();
	}
	// A comment being written in the margin, its passage highlighted.
	await editorOf(page).getByRole('heading', { name: '1. Contexte et territoire' }).click();
	await page.keyboard.press('Home');
	await page.keyboard.press('Shift+End');
	await page.getByRole('toolbar').getByRole('button', { name: 'Commenter' }).click();
	await expect(page.getByRole('textbox', { name: 'Votre commentaire' })).toBeFocused();
	await expectNoViolations(page, 'editor: comment being written');
	await page.keyboard.press('Escape');
	// The image dialog (alternative text) of the media tools.
	const chooser = page.waitForEvent('filechooser');
	await page.getByRole('toolbar').getByRole('button', { name: 'Image' }).click();
	await (await chooser).setFiles({ name: 'plan.png', mimeType: 'image/png', buffer: TINY_PNG });
	await expect(page.getByRole('dialog', { name: 'Décrire l’image' })).toBeVisible();
	await expectNoViolations(page, 'editor: image alternative text');
	await page.getByRole('button', { name: 'Annuler', exact: true }).click();
	await page.goto(`/documents/${protocolId}/versions`);
	await expectNoViolations(page, 'history');
	await page.goto(`/experiences/${experimentId}/decisions`);
	await expectNoViolations(page, 'register');
	await page.goto('/notifications');
	await expectNoViolations(page, 'notifications');
	await context.close();
});

test('every list with content, in both themes: inbox, members and invitations, register, versions, documents', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const state = await richState(browser);
	const { experimentId, protocolId } = seed();
	const { context, page } = await signIn(browser, 'coordination@trame.demo');
	await page.goto('/notifications');
	await expect(page.getByRole('button', { name: 'Marquer comme lue' }).first()).toBeVisible();
	await expectNoViolations(page, 'inbox with read and unread notifications');
	await page.goto(`/experiences/${experimentId}/membres`);
	await expect(page.getByText(RICH.invitedEmail)).toBeVisible();
	await expectNoViolations(page, 'members and pending invitations');
	await page.goto(`/experiences/${experimentId}`);
	await expect(page.getByText(RICH.archivedTitle).first()).toBeVisible();
	await expectNoViolations(page, 'experiment: documents and archived documents');
	await page.goto('/');
	await expectNoViolations(page, 'dashboard: experiments and recent documents');
	await page.goto(`/experiences/${experimentId}/decisions`);
	await expect(page.getByTestId('register-entry').first()).toBeVisible();
	await expectNoViolations(page, 'register with decisions and an election');
	await page.goto(`/rounds/${state.consentRoundId}`);
	await expect(page.getByTestId('audit-log')).toBeVisible();
	await expectNoViolations(page, 'closed round with its audit log');
	await page.goto(`/documents/${protocolId}/versions`);
	await expect(page.getByText(RICH.versionName).first()).toBeVisible();
	await expectNoViolations(page, 'versions list and comparison');
	await context.close();
});

test('a consent round in each phase, and its projection view', async ({ browser }) => {
	test.setTimeout(120_000);
	const { experimentId } = seed();
	const { context, page } = await signIn(browser, 'coordination@trame.demo');
	await page.goto(`/experiences/${experimentId}/decisions/nouvelle`);
	await expectNoViolations(page, 'new proposal form');
	await page.getByLabel('Titre de la proposition').fill('Lieu des réunions du COPIL');
	await page.getByLabel('Texte de la proposition').fill('Le COPIL se réunit à la médiathèque.');
	for (const box of await page.getByRole('checkbox', { name: /\(/ }).all()) await box.uncheck();
	await page.getByRole('checkbox', { name: /Camille Rousseau/ }).check();
	await page.getByRole('checkbox', { name: /Karim Benali/ }).check();
	await page.getByRole('button', { name: 'Ouvrir le tour de consentement' }).click();
	await expect(page).toHaveURL(/\/rounds\/[a-z0-9]{15}$/);
	const roundUrl = new URL(page.url()).pathname;
	const phase = page.getByTestId('round-phase');
	await expect(page.getByText('En direct')).toBeVisible();
	await expectNoViolations(page, 'round: presentation');

	const projection = await context.newPage();
	await projection.setViewportSize({ width: 1920, height: 1080 });
	await projection.goto(`${roundUrl}/projection`);
	await expectNoViolations(projection, 'projection: presentation');

	await page.getByRole('button', { name: 'Passer à : Clarification' }).click();
	await expect(phase).toContainText('Clarification');
	await page.getByLabel('Tour de table').check();
	await page.getByLabel('Commencer par').selectOption({ label: 'Karim Benali' });
	// The speaker's live region exists, empty, before the go-around starts (screen readers only
	// announce changes to a region already there), and the same element then names the speaker.
	const announcer = page.getByTestId('speaker-announcement');
	await expect(announcer).toHaveAttribute('aria-live', 'polite');
	await expect(announcer).toHaveText('');
	await announcer.evaluate((el) => el.setAttribute('data-before-go-around', ''));
	await page.getByRole('button', { name: 'Lancer le tour de parole' }).click();
	await expect(page.getByTestId('current-speaker')).toContainText('Karim Benali');
	await expect(page.locator('[data-before-go-around]')).toHaveText('Parole à Karim Benali');
	await expectNoViolations(page, 'round: clarification with a go-around');
	await expect(projection.getByTestId('current-speaker')).toContainText('Karim Benali');
	await expectNoViolations(projection, 'projection: go-around');

	for (const next of ['Réactions', 'Amendement']) {
		await page.getByRole('button', { name: `Passer à : ${next}` }).click();
		await expect(phase).toContainText(next);
		await expectNoViolations(page, `round: ${next}`);
	}
	await page.getByRole('button', { name: 'Passer à : Objections' }).click();
	await expect(phase).toContainText('Objections');
	await page.getByLabel('Objection', { exact: true }).check();
	await page.getByLabel(/Argument de l’objection/).fill('La médiathèque ferme à 18 h.');
	await expectNoViolations(page, 'round: objections, form filled');
	await page.getByRole('button', { name: 'Donner ma position' }).click();
	await expect(page.getByTestId('objection')).toContainText('médiathèque');
	await expectNoViolations(page, 'round: objections, an objection given');
	await expect(projection.getByTestId('projection-objection')).toContainText('médiathèque');
	await expect(projection.getByTestId('projection-answered')).toContainText('Camille Rousseau');
	await expectNoViolations(projection, 'projection: objections, who answered');
	await page.getByRole('button', { name: 'Passer à : Bonification / intégration' }).click();
	await expect(phase).toContainText('Bonification');
	await expectNoViolations(page, 'round: integration');
	await page.getByRole('button', { name: 'Rédiger une nouvelle version' }).click();
	await page.getByLabel('Nouveau texte de la proposition').fill('Le COPIL se réunit en mairie.');
	await page.getByRole('button', { name: 'Enregistrer la nouvelle version' }).click();
	await page.getByRole('button', { name: 'Marquer comme intégrée' }).click();
	await expect(page.getByTestId('objection')).toContainText('intégrée');
	await page.getByRole('button', { name: 'Passer à : Objections' }).click();
	await expect(phase).toContainText('Objections');
	await page.getByLabel('Consentement', { exact: true }).check();
	await page.getByRole('button', { name: 'Donner ma position' }).click();
	await expect(page.getByTestId('my-position')).toContainText('Consentement');

	const karim = await signIn(browser, 'evaluation@trame.demo');
	await karim.page.goto(roundUrl);
	await expectNoViolations(karim.page, 'round: participant during objections');
	await karim.page.getByLabel('Consentement', { exact: true }).check();
	await karim.page.getByRole('button', { name: 'Donner ma position' }).click();
	await expect(karim.page.getByTestId('my-position')).toContainText('Consentement');
	await karim.context.close();

	await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
	await expect(phase).toContainText('Adoptée');
	await expectNoViolations(page, 'round: adopted');
	await expect(projection.getByTestId('round-phase')).toContainText('Adoptée');
	await expectNoViolations(projection, 'projection: adopted');
	await context.close();
});

test('decisions in the document: proposal forms, three-way comparison, badges, renewal', async ({
	browser
}) => {
	test.setTimeout(150_000);
	const protocolId = await freshProtocol('Protocole — décisions accessibles');
	const { context, page } = await signIn(browser, 'coordination@trame.demo');
	const { experimentId } = seed();
	await page.goto(`/experiences/${experimentId}/decisions/nouvelle`);
	const option = page.locator(`#source option[value^="${protocolId}:"]`, { hasText: /^3\./ });
	await page
		.getByLabel('Texte proposé', { exact: true })
		.selectOption((await option.getAttribute('value'))!);
	await page.getByLabel('À distance : un délai sans objection').check();
	await expect(page.getByLabel('Durée du délai (jours)')).toBeVisible();
	await expectNoViolations(page, 'new proposal from a section, asynchronous');

	// A live round on section 3 while someone edits that section: the three-way comparison.
	const roundUrl = await proposeOnSection(page, protocolId, {
		heading: /^3\./,
		title: 'Question de recherche',
		added: 'La question est revue à mi-parcours.',
		participants: [/Camille Rousseau/]
	});
	const editor = await context.newPage();
	await editor.goto(`/documents/${protocolId}`);
	// The round's badge is drawn before the caret is placed: drawn between the End key and
	// ProseMirror reading the caret, it moved the caret and the text went elsewhere.
	await expect(sectionBadge(editor, '3.')).toContainText('En consentement');
	// (The section's prompt is a placeholder: the text is typed after its heading.)
	await editorOf(editor).getByRole('heading', { name: /^3\./ }).click();
	await editor.keyboard.press('End');
	await editor.keyboard.press('Enter');
	await editor.keyboard.type('Ajout pendant le tour.');
	await expect(editor.getByText('Enregistré')).toBeVisible();
	// In section 3: between its heading and the next one.
	await expect
		.poll(() =>
			editorOf(editor).evaluate((root) => {
				const headings = [...root.querySelectorAll('h1, h2, h3')];
				const third = headings.find((h) => h.textContent?.startsWith('3.'));
				let text = '';
				for (
					let n = third?.nextElementSibling;
					n && !/^H[1-3]$/.test(n.tagName);
					n = n.nextElementSibling
				)
					text += n.textContent;
				return text;
			})
		)
		.toContain('Ajout pendant le tour.');
	await page.goto(roundUrl);
	for (const next of ['Clarification', 'Réactions'])
		await page.getByRole('button', { name: `Passer à : ${next}` }).click();
	await page.getByLabel('Votre réaction').fill('Une question claire.');
	await page.getByRole('button', { name: 'Envoyer' }).click();
	await expect(page.getByTestId('round-input')).toContainText('Une question claire.');
	await expectNoViolations(page, 'round: a written reaction');
	for (const next of ['Amendement', 'Objections'])
		await page.getByRole('button', { name: `Passer à : ${next}` }).click();
	await page.getByLabel('Consentement', { exact: true }).check();
	await page.getByRole('button', { name: 'Donner ma position' }).click();
	await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
	// The adoption answers after the write-back has read the live section (durable writes on a
	// loaded machine): the same allowance as the other adoption steps.
	await expect(page.getByTestId('writeback-status')).toContainText('La section a changé', {
		timeout: 30_000
	});
	await expectNoViolations(page, 'round: three-way comparison');
	await page.getByRole('button', { name: 'Écrire une fusion' }).click();
	await expect(page.getByLabel('Texte fusionné de la section')).toBeVisible();
	await expectNoViolations(page, 'round: merge form');
	await page.getByRole('button', { name: 'Inscrire le texte adopté' }).click();
	await expect(page.getByRole('dialog')).toBeVisible();
	await expectNoViolations(page, 'round: confirm replacing the current text');
	await page.getByRole('button', { name: 'Annuler' }).click();
	await page
		.getByRole('button', { name: 'Garder le texte actuel et enregistrer la divergence' })
		.click();
	await expect(page.getByTestId('writeback-status')).toContainText('divergence');

	// The document: badge with the divergence, its differences, the Décisions view.
	const badge = sectionBadge(editor, '3.');
	await expect(badge).toContainText('divergence enregistrée');
	await badge.getByText('Voir les différences avec le texte décidé').click();
	await expectNoViolations(editor, 'editor with decision badges');
	await editor.getByRole('button', { name: 'Décisions', exact: true }).click();
	await expect(editor.getByTestId('decisions-view')).toContainText('Modifiées depuis l’adoption');
	await expectNoViolations(editor, 'editor: the Décisions panel');
	await editor.keyboard.press('Escape');

	// A renewal shows what changed since the adoption.
	await page.goto(`/experiences/${experimentId}/decisions`);
	const entry = page.getByRole('listitem').filter({ hasText: 'Question de recherche' }).first();
	const decisionId = (await entry.getAttribute('id'))!.replace('decision-', '');
	await page.goto(`/experiences/${experimentId}/decisions/nouvelle?renouvelle=${decisionId}`);
	await expect(page.getByTestId('renewal-diff').locator('ins').first()).toContainText('Ajout');
	await expectNoViolations(page, 'renewal form');
	await context.close();
});

test('invitation page: valid, expired and used links', async ({ browser }) => {
	const { experimentId, users } = seed();
	const admin = await adminClient();
	const day = 24 * 60 * 60 * 1000;
	const pbDate = (ms: number) => new Date(Date.now() + ms).toISOString().replace('T', ' ');
	const invite = async (label: string, fields: Record<string, string>) => {
		const token = randomBytes(32).toString('base64url');
		await admin.collection('invitations').create({
			experiment: experimentId,
			email: `a11y-${label}-${Date.now()}@trame.demo`,
			role: 'partner',
			token_hash: createHash('sha256').update(token, 'utf8').digest('hex'),
			expires: pbDate(7 * day),
			invited_by: users['coordination@trame.demo'],
			...fields
		});
		return `/invitation/${token}`;
	};
	const valid = await invite('valid', {});
	const expired = await invite('expired', { expires: pbDate(-day) });
	const used = await invite('used', { accepted_at: pbDate(-day) });
	const context = await browser.newContext();
	const page = await context.newPage();
	for (const [state, path] of [
		['valid', valid],
		['expired', expired],
		['used', used]
	] as const) {
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expectNoViolations(page, `invitation: ${state}`);
	}
	await context.close();
});

test('experiment edit page, export and restore progress, published page', async ({
	browser,
	browserErrors
}) => {
	test.setTimeout(120_000);
	const { experimentId, protocolId } = seed();
	const { context, page } = await signIn(browser, 'coordination@trame.demo');
	await page.goto(`/experiences/${experimentId}/modifier`);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expectNoViolations(page, 'experiment edit');

	await page.goto(`/documents/${protocolId}`);
	await expect(editorOf(page)).toHaveAttribute('contenteditable', 'true');
	const open = async (name: string) => {
		await page.getByRole('button', { name, exact: true }).click();
		return page.getByRole('dialog', { name });
	};
	// Export: the button says what happens, the result is announced, the file arrives.
	const exporting = await open('Exporter');
	await exporting.getByLabel('Format').selectOption('md');
	const download = page.waitForEvent('download');
	await exporting.getByRole('button', { name: 'Télécharger' }).click();
	expect((await download).suggestedFilename()).toMatch(/\.md$/);
	await expect(exporting.getByRole('status').filter({ hasText: 'Export terminé' })).toBeVisible();
	await expectNoViolations(page, 'editor: export done');
	// Export failing (network down): a French message that says what to do; the button comes back.
	browserErrors.allow(/ERR_INTERNET_DISCONNECTED/);
	await context.setOffline(true);
	await exporting.getByRole('button', { name: 'Télécharger' }).click();
	await expect(
		exporting.getByRole('status').filter({ hasText: 'Vérifiez la connexion' })
	).toBeVisible();
	await context.setOffline(false);
	await expect(exporting.getByRole('button', { name: 'Télécharger' })).toBeEnabled();
	await expectNoViolations(page, 'editor: export failed');
	await page.keyboard.press('Escape');

	// A named version, restored (with its confirmation), then published on a public page.
	const name = `Version accessibilité ${Date.now()}`;
	const versions = await open('Versions');
	await versions.getByLabel('Nommer l’état actuel').fill(name);
	await versions.getByRole('button', { name: 'Créer la version' }).click();
	await versions.getByRole('button', { name: `Restaurer « ${name} »` }).click();
	await expect(page.getByRole('alertdialog')).toBeVisible();
	await expectNoViolations(page, 'editor: restore confirmation');
	await page
		.getByRole('alertdialog')
		.getByRole('button', { name: 'Confirmer la restauration' })
		.click();
	await expect(versions.getByRole('status').filter({ hasText: 'Version restaurée' })).toBeVisible();
	// The text before, one click away.
	await expect(page.getByTestId('restore-undo')).toBeVisible();
	await expectNoViolations(page, 'editor: version restored');
	await page.keyboard.press('Escape');
	// The organisation's editor (the head of the Labo) publishes.
	const editor = await signIn(browser, 'direction@trame.demo');
	await editor.page.goto(`/documents/${protocolId}`);
	await editor.page.getByRole('button', { name: 'Publication', exact: true }).click();
	const publication = editor.page.getByRole('dialog', { name: 'Publication' });
	const value = await publication.locator('option', { hasText: name }).getAttribute('value');
	await publication.getByLabel('Version à publier').selectOption(value!);
	await publication.getByRole('button', { name: 'Publier' }).click();
	await expect(editor.page.getByRole('alertdialog')).toContainText('sans compte');
	await expectNoViolations(editor.page, 'editor: publish confirmation');
	await editor.page.getByRole('alertdialog').getByRole('button', { name: 'Publier' }).click();
	const href = (await publication
		.getByRole('link', { name: 'Page publique' })
		.getAttribute('href'))!;
	await page.goto(`/documents/${protocolId}/versions`);
	await expectNoViolations(page, 'versions and comparison');
	const anonymous = await browser.newContext();
	const visitor = await anonymous.newPage();
	await visitor.goto(href);
	await expect(visitor.getByRole('heading', { level: 1 })).toBeVisible();
	await expectNoViolations(visitor, 'public published document');
	await anonymous.close();
	await editor.context.close();
	await context.close();
});

test('an election in each phase, then its decision page', async ({ browser }) => {
	test.setTimeout(120_000);
	const { experimentId } = seed();
	const { context, page } = await signIn(browser, 'coordination@trame.demo');
	await page.goto(`/experiences/${experimentId}/decisions/nouvelle?type=election`);
	await expectNoViolations(page, 'new election form');
	await page.getByLabel('Rôle à pourvoir').fill('Porte-parole du COPIL');
	await page.getByLabel('Mission').fill('Représenter le COPIL auprès des habitants.');
	await page.getByLabel('Durée du mandat (mois)').fill('6');
	for (const box of await page.getByRole('checkbox', { name: /\(/ }).all()) await box.uncheck();
	await page.getByRole('checkbox', { name: /Camille Rousseau/ }).check();
	await page.getByRole('checkbox', { name: /Karim Benali/ }).check();
	await page.getByRole('button', { name: 'Ouvrir l’élection' }).click();
	await expect(page).toHaveURL(/\/rounds\/[a-z0-9]{15}$/);
	const electionUrl = new URL(page.url()).pathname;
	const phase = page.getByTestId('round-phase');
	await expectNoViolations(page, 'election: role');

	await page.getByRole('button', { name: 'Passer à : Nominations' }).click();
	await expect(phase).toContainText('Nominations');
	await page.getByLabel('Personne', { exact: true }).selectOption({ label: 'Karim Benali' });
	await page.getByRole('button', { name: 'Nommer' }).click();
	await expect(page.getByTestId('my-nomination')).toContainText('Karim Benali');
	await expectNoViolations(page, 'election: nomination (secret)');
	const karim = await signIn(browser, 'evaluation@trame.demo');
	await karim.page.goto(electionUrl);
	await expectNoViolations(karim.page, 'election: participant, nomination (secret)');
	await karim.page.getByLabel('Personne', { exact: true }).selectOption({ label: 'Karim Benali' });
	await karim.page.getByRole('button', { name: 'Nommer' }).click();
	await expect(karim.page.getByTestId('my-nomination')).toContainText('Karim Benali');

	for (const next of ['Justifications', 'Tour de changement', 'Proposition']) {
		await page.getByRole('button', { name: `Passer à : ${next}` }).click();
		await expect(phase).toContainText(next);
		await expectNoViolations(page, `election: ${next}`);
	}
	await page.getByLabel('Personne', { exact: true }).selectOption({ label: 'Karim Benali' });
	await page.getByLabel('Arguments entendus').fill('Deux nominations concordantes.');
	await page.getByRole('button', { name: 'Proposer', exact: true }).click();
	await expect(page.getByTestId('proposed-person')).toHaveText('Karim Benali');
	await page.getByRole('button', { name: 'Passer à : Objections' }).click();
	await expect(phase).toContainText('Objections');
	await expectNoViolations(page, 'election: objections');
	for (const p of [page, karim.page]) {
		await p.getByLabel('Consentement', { exact: true }).check();
		await p.getByRole('button', { name: 'Donner ma position' }).click();
		await expect(p.getByTestId('my-position')).toContainText('Consentement');
	}
	await expectNoViolations(karim.page, 'election: participant, objections');
	await karim.context.close();
	await page.getByRole('button', { name: 'Enregistrer l’élection' }).click();
	await expect(page.getByTestId('round-outcome')).toContainText('Karim Benali est élu·e');
	await expectNoViolations(page, 'election: elected');

	// The decision page, opened from the register.
	await page.goto(`/experiences/${experimentId}/decisions?kind=election`);
	await page
		.getByTestId('register-entry')
		.filter({ hasText: 'Porte-parole du COPIL' })
		.getByRole('link')
		.first()
		.click();
	await expect(page.getByTestId('round-outcome')).toBeVisible();
	await expectNoViolations(page, 'decision page (elected)');
	await context.close();
});

test('editor loading: progress while the first sync runs, then a message and a retry', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const { protocolId } = seed();
	const { context, page } = await signIn(browser, 'evaluation@trame.demo');
	// The collaboration socket opens but the server never answers: the first sync cannot finish.
	let held = 0;
	let blocked = true;
	await page.routeWebSocket(/\/collab\//, (ws) => {
		if (blocked) held++;
		else ws.connectToServer();
	});
	// Nor does the document's state over HTTP (the page's head script asks for it first).
	await page.route(/\/collab\//, (route) => {
		if (!blocked) return route.continue();
	});
	await page.goto(`/documents/${protocolId}`);
	const progress = page.getByRole('progressbar', { name: 'Chargement du document…' });
	await expect(progress).toBeVisible();
	await expect(page.locator('.sheet')).toHaveAttribute('aria-busy', 'true');
	await expectNoViolations(page, 'editor: loading');
	const late = page
		.getByRole('status')
		.filter({ hasText: 'toujours pas chargé après 15 secondes' });
	await expect(late).toBeVisible({ timeout: 25_000 });
	await expect(progress).toBeHidden();
	await expectNoViolations(page, 'editor: load too slow');
	// Retry with the server reachable again: the document loads.
	blocked = false;
	const opened = held;
	await page.getByRole('button', { name: 'Réessayer' }).click();
	await expect(editorOf(page)).toContainText('Contexte et territoire');
	await expect(late).toBeHidden();
	await expect(page.locator('.sheet')).toHaveAttribute('aria-busy', 'false');
	expect(opened).toBeGreaterThan(0);
	await context.close();
});
