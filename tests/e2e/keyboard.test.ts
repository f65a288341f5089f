/**
 * Keyboard only: a consent round from the proposal form to adoption, and the editor (type,
 * format, leave the text with Escape, open the keyboard help with "?" and Shift+F1), with no
 * mouse. Every control reached with Tab must show a visible focus indicator.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { editorOf, freshProtocol, seed, signIn } from './support';

const MAX_TABS = 120;

/** True when the focused element draws a focus indicator (outline or box-shadow). */
async function hasVisibleFocus(target: Locator): Promise<boolean> {
	return target.evaluate((el) => {
		const style = getComputedStyle(el);
		const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
		return outline || style.boxShadow !== 'none';
	});
}

/** Presses Tab (or Shift+Tab) until `target` has the focus; fails if it never does. */
async function tabTo(page: Page, target: Locator, backwards = false): Promise<void> {
	await expect(target).toBeVisible();
	for (let i = 0; i < MAX_TABS; i++) {
		if (await target.evaluate((el) => el === document.activeElement)) {
			expect(await hasVisibleFocus(target), 'focus indicator visible').toBe(true);
			return;
		}
		await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
	}
	throw new Error(`Tab never reached ${target.toString()}`);
}

async function press(page: Page, target: Locator, key = 'Enter'): Promise<void> {
	await tabTo(page, target);
	await page.keyboard.press(key);
}

test('a consent round runs to adoption with the keyboard alone', async ({ browser }) => {
	test.setTimeout(120_000);
	const { experimentId } = seed();
	const { context, page } = await signIn(browser, 'coordination@trame.demo');
	await page.goto(`/experiences/${experimentId}`);

	await press(page, page.getByRole('link', { name: 'Nouvelle proposition' }));
	await expect(page.getByLabel('Titre de la proposition')).toBeVisible();
	await tabTo(page, page.getByLabel('Titre de la proposition'));
	await page.keyboard.type('Calendrier des ateliers citoyens');
	await tabTo(page, page.getByLabel('Texte de la proposition'));
	await page.keyboard.type('Trois ateliers le samedi matin, en mars.');
	// Only Camille takes part: Space toggles each participant's checkbox.
	for (const box of await page.getByRole('checkbox', { name: /\(/ }).all()) {
		const name = await box.evaluate((el: HTMLInputElement) => el.labels?.[0]?.textContent ?? '');
		const wanted = name.includes('Camille Rousseau');
		if ((await box.isChecked()) !== wanted) await press(page, box, 'Space');
	}
	await press(page, page.getByRole('button', { name: 'Ouvrir le tour de consentement' }));
	await expect(page).toHaveURL(/\/rounds\/[a-z0-9]{15}$/);
	const phase = page.getByTestId('round-phase');
	await expect(phase).toContainText('Présentation');
	// Phase changes are announced politely.
	await expect(phase).toHaveAttribute('aria-live', 'polite');

	// "?" opens the keyboard help; Escape closes it and gives the focus back.
	await page.keyboard.press('?');
	const help = page.getByRole('dialog', { name: 'Raccourcis clavier' });
	await expect(help).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(help).toBeHidden();

	for (const next of ['Clarification', 'Réactions', 'Amendement', 'Objections']) {
		await press(page, page.getByRole('button', { name: `Passer à : ${next}` }));
		await expect(phase).toContainText(next);
	}
	// The consent radio is the first choice: reach it, select it with Space, submit with Enter.
	await press(page, page.getByLabel('Consentement', { exact: true }), 'Space');
	await expect(page.getByLabel('Consentement', { exact: true })).toBeChecked();
	await press(page, page.getByRole('button', { name: 'Donner ma position' }));
	await expect(page.getByTestId('my-position')).toContainText('Consentement');
	await press(page, page.getByRole('button', { name: 'Enregistrer la décision' }));
	await expect(phase).toContainText('Adoptée');

	await page.goto(`/experiences/${experimentId}/decisions`);
	await expect(
		page.getByTestId('register-entry').filter({ hasText: 'Calendrier des ateliers citoyens' })
	).toBeVisible();
	await context.close();
});

test('the editor works with the keyboard alone, without a trap', async ({ browser }) => {
	const { protocolId } = seed();
	const { context, page } = await signIn(browser, 'evaluation@trame.demo');
	await page.goto(`/documents/${protocolId}`);
	const editor = editorOf(page);
	await expect(editor).toHaveAttribute('contenteditable', 'true');

	await tabTo(page, editor);
	await page.keyboard.press('Control+End');
	await page.keyboard.press('Enter');
	await page.keyboard.press('Control+b');
	await page.keyboard.type('Clavier seul');
	await expect(editor.locator('strong', { hasText: 'Clavier seul' })).toBeVisible();

	// Shift+F1 opens the help even inside the text; Escape closes it and the focus comes back.
	await page.keyboard.press('Shift+F1');
	const help = page.getByRole('dialog', { name: 'Raccourcis clavier' });
	await expect(help).toBeVisible();
	await expect(help).toContainText('Ctrl+B');
	await page.keyboard.press('Escape');
	await expect(help).toBeHidden();
	await expect(editor).toBeFocused();

	// Escape leaves the text for the toolbar: no keyboard trap (Tab is taken in tables and lists).
	await page.keyboard.press('Escape');
	const toolbar = page.getByRole('toolbar');
	await expect(toolbar.locator(':focus')).toHaveCount(1);
	expect(await hasVisibleFocus(toolbar.locator(':focus'))).toBe(true);
	// Home and End move along the toolbar (a roving tab stop); glyph buttons are named by their
	// glyph and what they do ("B (Gras)": what is seen is what is said).
	await page.keyboard.press('Home');
	await expect(
		toolbar.getByRole('button', { name: 'Annuler la dernière modification' })
	).toBeFocused();
	// Redo is disabled (nothing undone): the arrow skips it.
	await page.keyboard.press('ArrowRight');
	await expect(toolbar.getByRole('button', { name: 'B (Gras)' })).toBeFocused();
	await page.keyboard.press('End');
	await expect(toolbar.getByRole('button', { name: 'Suggérer' })).toBeFocused();

	// The help button is in the tab order and the dialog closes with its button.
	await press(page, page.getByRole('button', { name: /Aide clavier/ }));
	await expect(help).toBeVisible();
	await expect(help.getByRole('button', { name: 'Fermer' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(help).toBeHidden();
	await context.close();
});

test('a proposal on a section, decided remotely, is followed to its place with the keyboard alone', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const protocolId = await freshProtocol('Protocole — au clavier');
	const { experimentId } = seed();
	const { context, page } = await signIn(browser, 'coordination@trame.demo');
	await page.goto(`/experiences/${experimentId}/decisions/nouvelle`);
	await tabTo(page, page.getByLabel('Titre de la proposition'));
	await page.keyboard.type('Objectifs révisés');
	// The closed select moves option by option with the arrow keys.
	const source = page.getByLabel('Texte proposé', { exact: true });
	const target = await source.evaluate(
		(select: HTMLSelectElement, id) =>
			[...select.options].findIndex((o) => o.value.startsWith(`${id}:`) && o.text.startsWith('4.')),
		protocolId
	);
	await tabTo(page, source);
	for (let i = 0; i < target; i++) await page.keyboard.press('ArrowDown');
	await expect(source).toHaveValue(new RegExp(`^${protocolId}:3:`));
	await tabTo(page, page.getByLabel('Rédaction proposée pour la section'));
	await page.keyboard.press('Control+End');
	await page.keyboard.type('\nUn bilan public à la fin.');
	for (const box of await page.getByRole('checkbox', { name: /\(/ }).all()) {
		const name = await box.evaluate((el: HTMLInputElement) => el.labels?.[0]?.textContent ?? '');
		if ((await box.isChecked()) !== name.includes('Camille Rousseau'))
			await press(page, box, 'Space');
	}
	// Arrow keys choose within the radio group "Comment décider".
	await tabTo(
		page,
		page.getByLabel('En séance : tours de parole menés par la personne qui facilite')
	);
	await page.keyboard.press('ArrowDown');
	await expect(page.getByLabel('À distance : un délai sans objection')).toBeChecked();
	await tabTo(page, page.getByLabel('Durée du délai (jours)'));
	await page.keyboard.press('Control+A');
	await page.keyboard.type('1');
	await press(page, page.getByRole('button', { name: 'Ouvrir le tour de consentement' }));
	await expect(page).toHaveURL(/\/rounds\/[a-z0-9]{15}$/);

	await press(page, page.getByLabel('Consentement', { exact: true }), 'Space');
	await press(page, page.getByRole('button', { name: 'Donner ma position' }));
	await expect(page.getByTestId('round-phase')).toContainText('Adoptée', { timeout: 30_000 });
	await press(page, page.getByRole('link', { name: 'Voir à sa place dans le document' }));
	await expect(page).toHaveURL(new RegExp(`/documents/${protocolId}#decision-`));
	await expect(editorOf(page)).toContainText('Un bilan public à la fin.');
	// The Décisions view (a panel of the document's header) takes the cursor to the section.
	await press(page, page.getByRole('button', { name: 'Décisions', exact: true }));
	const jump = page.getByTestId('decisions-view').getByRole('button', { name: /^4\./ });
	await press(page, jump);
	await expect(editorOf(page)).toBeFocused();
	await context.close();
});
