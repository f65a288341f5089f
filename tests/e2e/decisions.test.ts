/**
 * The decision returns to the document, end to end: a live round from a section to adoption, the
 * adopted text and the section's badge appearing in another member's open editor; an asynchronous
 * round adopted by itself at the end of its window (a "day" is 4 s here: TRAME_ASYNC_DAY_MS in the
 * global setup). Each test works on a fresh protocol, so the demo one stays as other tests expect.
 */
import type { Page } from '@playwright/test';
import {
	editorOf,
	expectNoViolations,
	expect,
	freshProtocol,
	giveConsent,
	proposeOnSection,
	sectionBadge as badgeOf,
	seed,
	shoot,
	signIn,
	test
} from './support';

/** Fails the test on any page error or console error of these pages. */
function watchErrors(...pages: Page[]): () => void {
	const errors: string[] = [];
	for (const page of pages) {
		page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
		page.on('console', (message) => {
			if (message.type() === 'error') errors.push(`console: ${message.text()}`);
		});
	}
	return () => expect(errors, 'page or console errors').toEqual([]);
}

test('a live round from a section: the adopted text and its badge appear in another member’s editor', async ({
	browser
}) => {
	test.setTimeout(150_000);
	const { experimentId } = seed();
	const protocolId = await freshProtocol('Protocole — gouvernance décidée en séance');
	const camille = await signIn(browser, 'coordination@trame.demo');
	const karim = await signIn(browser, 'evaluation@trame.demo');
	const checkErrors = watchErrors(camille.page, karim.page);
	const ADDED = 'Le COPIL publie ses comptes rendus sous quinze jours.';

	// Karim has the protocol open the whole time.
	const editor = await karim.context.newPage();
	const checkEditorErrors = watchErrors(editor);
	await editor.goto(`/documents/${protocolId}`);
	await expect(editorOf(editor)).toContainText('Acteurs, rôles et gouvernance');

	const roundUrl = await proposeOnSection(camille.page, protocolId, {
		heading: /^7\. Acteurs/,
		title: 'Gouvernance du COPIL',
		added: ADDED,
		participants: [/Camille Rousseau/, /Karim Benali/]
	});
	// While the round runs, the section says so in Karim's document.
	await expect(badgeOf(editor, '7. Acteurs')).toContainText('En consentement · présentation');
	// The Décisions view, from the document's header.
	await editor.getByRole('button', { name: 'Décisions', exact: true }).click();
	await expect(editor.getByTestId('decisions-view')).toContainText('En cours de décision');
	await editor.keyboard.press('Escape');
	await expect(editor.getByTestId('decisions-view')).toBeHidden();

	await karim.page.goto(roundUrl);
	for (const next of ['Clarification', 'Réactions', 'Amendement', 'Objections'])
		await camille.page.getByRole('button', { name: `Passer à : ${next}` }).click();
	await expect(karim.page.getByTestId('round-phase')).toContainText('Objections');
	await expect(badgeOf(editor, '7. Acteurs')).toContainText('tour d’objections');
	await giveConsent(camille.page);
	await giveConsent(karim.page);

	// Adoption → the text in Karim's open editor: measured in the browsers (same machine clock).
	await editor.evaluate((needle) => {
		const root = document.getElementById('editor-content')!;
		const w = window as unknown as { __seenAt?: number };
		const seen = () => {
			if (!w.__seenAt && root.textContent?.includes(needle)) w.__seenAt = Date.now();
		};
		new MutationObserver(seen).observe(root, {
			subtree: true,
			childList: true,
			characterData: true
		});
	}, ADDED);
	const clickedAt = await camille.page.evaluate(() => Date.now());
	await camille.page.getByRole('button', { name: 'Enregistrer la décision' }).click();
	// The write-back is durable (and two versions saved) before the adoption answers.
	await expect(editorOf(editor)).toContainText(ADDED, { timeout: 30_000 });
	const seenAt = await editor.evaluate(() => (window as unknown as { __seenAt: number }).__seenAt);
	console.info(
		`[figure] adoption click → adopted text in another member’s open editor: ${seenAt - clickedAt} ms`
	);

	await expect(karim.page.getByTestId('round-phase')).toContainText('Adoptée');
	const badge = badgeOf(editor, '7. Acteurs');
	await expect(badge).toContainText(
		/Adopté le \d{1,2}\s\S+\s\d{4} · révision le \d{1,2}\s\S+\s\d{4}/
	);
	// The outline (Plan) marks the decided section.
	await editor.getByRole('button', { name: 'Plan', exact: true }).click();
	await expect(editor.getByTestId('outline-decision').first()).toContainText('adoptée');
	await editor.keyboard.press('Escape');
	await expect(camille.page.getByTestId('writeback-status')).toContainText(
		'inscrit dans sa section'
	);
	await editor.screenshot({ path: 'test-results/decisions-editor-adopted.png' });

	// The register entry links to the section in the document, which opens there.
	await karim.page.goto(`/experiences/${experimentId}/decisions`);
	// This protocol's entry (a repeated run leaves earlier ones with the same title).
	const entry = karim.page.getByTestId('register-entry').filter({
		hasText: 'Gouvernance du COPIL',
		has: karim.page.locator(
			`[data-testid="register-in-document"][href^="/documents/${protocolId}#"]`
		)
	});
	await expect(entry.getByTestId('register-writeback')).toContainText('inscrite dans le document');
	await entry.getByTestId('register-in-document').click();
	await expect(karim.page).toHaveURL(new RegExp(`/documents/${protocolId}#decision-`));
	await expect(editorOf(karim.page)).toContainText(ADDED);

	// Editing the section afterwards shows it as modified since the adoption, with the diff.
	await editorOf(editor).getByText(ADDED).click();
	await editor.keyboard.press('End');
	await editor.keyboard.type(' Modifié ensuite.');
	await expect(badge).toContainText('Modifié depuis l’adoption');
	await badge.getByText('Voir les différences avec le texte décidé').click();
	await expect(badge.getByTestId('section-changes').locator('ins')).toContainText(
		'Modifié ensuite.'
	);
	checkErrors();
	checkEditorErrors();
	await camille.context.close();
	await karim.context.close();
});

test('an asynchronous round is adopted by itself at the end of its window, and written back', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const { experimentId } = seed();
	const protocolId = await freshProtocol('Protocole — dispositif décidé à distance');
	const camille = await signIn(browser, 'coordination@trame.demo');
	const karim = await signIn(browser, 'evaluation@trame.demo');
	const checkErrors = watchErrors(camille.page, karim.page);
	const ADDED = 'Le tirage au sort est fait en public, en mairie.';

	const roundUrl = await proposeOnSection(camille.page, protocolId, {
		heading: /^5\. Dispositif/,
		title: 'Tirage au sort public',
		added: ADDED,
		participants: [/Camille Rousseau/, /Karim Benali/],
		asyncDays: 1
	});
	await expect(camille.page.getByTestId('async-window')).toContainText('Consentement à distance');
	await expect(camille.page.getByTestId('round-phase')).toContainText('Objections');
	// Karim answers from afar; Camille stays silent (consent by silence at the end).
	await karim.page.goto(roundUrl);
	await giveConsent(karim.page);

	for (const page of [camille.page, karim.page])
		await expect(page.getByTestId('round-phase')).toContainText('Adoptée', { timeout: 30_000 });
	await expect(camille.page.getByTestId('round-outcome')).toContainText(
		'sans objection à la fin du délai'
	);
	await expect(camille.page.getByTestId('writeback-status')).toContainText(
		'inscrit dans sa section'
	);

	await karim.page.goto(`/documents/${protocolId}`);
	await expect(editorOf(karim.page)).toContainText(ADDED);
	await expect(badgeOf(karim.page, '5. Dispositif')).toContainText('sans objection à distance');

	await karim.page.goto(`/experiences/${experimentId}/decisions`);
	const entry = karim.page
		.getByTestId('register-entry')
		.filter({ hasText: 'Tirage au sort public' });
	await expect(entry.getByTestId('register-mode')).toContainText('Décidée à distance');
	await expect(entry).toContainText('Sans réponse (consentement tacite) : Camille Rousseau');
	checkErrors();
	await camille.context.close();
	await karim.context.close();
});

test('an amendment in a round shows on its section as the proposer’s suggestion for every reader, replaced by the next one, and goes with a withdrawal', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const protocolId = await freshProtocol('Protocole — amendement montré dans la section');
	const camille = await signIn(browser, 'coordination@trame.demo');
	// An observer: reads the protocol, takes no part in the round.
	const marie = await signIn(browser, 'observation@trame.demo');
	const AMENDED = 'Les moyens humains sont partagés entre la ville et le Labo.';

	const roundUrl = await proposeOnSection(camille.page, protocolId, {
		heading: /^9\. Moyens/,
		title: 'Moyens partagés',
		added: 'Une première rédaction.',
		participants: [/Camille Rousseau/, /Karim Benali/]
	});
	for (const next of ['Clarification', 'Réactions', 'Amendement'])
		await camille.page.getByRole('button', { name: `Passer à : ${next}` }).click();
	await camille.page.getByRole('button', { name: 'Rédiger une nouvelle version' }).click();
	const text = camille.page.getByLabel('Nouveau texte de la proposition');
	await text.fill((await text.inputValue()).replace('Une première rédaction.', AMENDED));
	await camille.page.getByRole('button', { name: 'Enregistrer la nouvelle version' }).click();
	// The form closes once the new version is recorded.
	await expect(
		camille.page.getByRole('button', { name: 'Rédiger une nouvelle version' })
	).toBeVisible();

	await marie.page.goto(`/documents/${protocolId}`);
	const editor = editorOf(marie.page);
	await expect(editor.locator('ins.suggestion-insert')).toHaveText(AMENDED);
	const card = marie.page.locator('.suggestion-card').filter({ hasText: AMENDED });
	await expect(card).toContainText('Amendement en consentement');
	await expect(card).toContainText('Camille Rousseau');
	// Decided in the round, not from the margin: a link to it and no accept / reject.
	await expect(card.getByRole('link', { name: 'Ouvrir le tour de consentement' })).toHaveAttribute(
		'href',
		roundUrl
	);
	await expect(card.getByRole('button', { name: /Accepter|Refuser/ })).toHaveCount(0);
	await expectNoViolations(marie.page, 'section with a round’s suggestion');
	await card.scrollIntoViewIfNeeded();
	await shoot(marie.page, 'round-suggestion-fr');
	await marie.context.addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: 'en', url: process.env.TRAME_E2E_BASE_URL! }
	]);
	await marie.page.reload();
	await expect(marie.page.locator('.suggestion-card')).toContainText('Amendment under consent');
	// (The page reads in English now: the editor is found by its id rather than its French name.)
	await shoot(marie.page, 'round-suggestion-en');

	// An objection, then an integration: positions shown as given on the previous version, and the
	// new amendment replaces the previous one in the section.
	const karim = await signIn(browser, 'evaluation@trame.demo');
	await camille.page.getByRole('button', { name: 'Passer à : Objections' }).click();
	await karim.page.goto(roundUrl);
	await karim.page.getByLabel('Objection', { exact: true }).check();
	await karim.page
		.getByLabel(/Argument de l’objection/)
		.fill('La ville n’a pas validé ce partage.');
	await karim.page.getByRole('button', { name: 'Donner ma position' }).click();
	await expect(karim.page.getByTestId('my-position')).toContainText('Objection');
	await giveConsent(camille.page);
	await camille.page.getByRole('button', { name: 'Passer à : Bonification / intégration' }).click();
	const INTEGRATED = 'Les moyens humains sont partagés, après accord écrit de la ville.';
	await camille.page.getByRole('button', { name: 'Rédiger une nouvelle version' }).click();
	await text.fill((await text.inputValue()).replace(AMENDED, INTEGRATED));
	await camille.page.getByRole('button', { name: 'Enregistrer la nouvelle version' }).click();
	await expect(camille.page.getByTestId('earlier-version')).toHaveCount(2);
	await expect(camille.page.getByTestId('earlier-version').first()).toContainText(
		'sur la version précédente'
	);
	await shoot(camille.page, 'round-earlier-positions-fr');
	const content = marie.page.locator('#editor-content');
	await expect(content.locator('ins.suggestion-insert')).toContainText('après accord écrit');
	await expect(content).not.toContainText('partagés entre la ville et le Labo');

	// Withdrawn: the proposal leaves the section, which reads as before.
	await camille.page.getByText('Reporter ou retirer la proposition').click();
	await camille.page.getByLabel('Motif').fill('À reprendre avec la ville.');
	await camille.page.getByRole('button', { name: 'Retirer la proposition' }).click();
	await expect(camille.page.getByTestId('round-phase')).toContainText('Retirée');
	await expect(content.locator('ins.suggestion-insert')).toHaveCount(0);
	await expect(content).not.toContainText('après accord écrit');
	await expect(marie.page.locator('.suggestion-card')).toHaveCount(0);
	await camille.context.close();
	await karim.context.close();
	await marie.context.close();
});
