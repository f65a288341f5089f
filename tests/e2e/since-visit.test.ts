/**
 * "Depuis votre dernière visite" (issue 13): Sophie opens a protocol and leaves; Karim writes in a
 * section; Sophie's inbox lists the document with "Karim Benali a modifié 1 section", and the
 * document opens with the summary at the top, whose change takes her to the section. Once seen,
 * the summary is gone. axe 0; screenshots at 390 and 1440 px in French and English. No page or
 * console error.
 */
import {
	editorOf,
	expect,
	expectNoViolations,
	freshProtocol,
	shoot,
	signIn,
	test
} from './support';

test('a second member sees what changed since her last visit, in the inbox and atop the document', async ({
	browser
}) => {
	const protocolId = await freshProtocol('Protocole depuis la dernière visite');
	const sophie = await signIn(browser, 'collectivite@trame.demo');
	const karim = await signIn(browser, 'evaluation@trame.demo');

	// Sophie's visit: recorded when the document opens and again when she leaves it.
	const opened = sophie.page.waitForResponse(
		(r) => r.url().endsWith(`/api/review/documents/${protocolId}/visit`) && r.ok()
	);
	await sophie.page.goto(`/documents/${protocolId}`);
	await opened;
	await expect(sophie.page.getByTestId('since-visit')).toHaveCount(0);
	const left = sophie.page.waitForResponse(
		(r) => r.url().endsWith(`/api/review/documents/${protocolId}/visit`) && r.ok()
	);
	await sophie.page
		.getByRole('link', { name: /^Notifications/ })
		.first()
		.click();
	await left;

	// Karim writes in the first section.
	await karim.page.goto(`/documents/${protocolId}`);
	const prompt = editorOf(karim.page).locator('p.has-prompt').first();
	const section = await prompt.evaluate((p) => {
		let node = p.previousElementSibling;
		while (node && !/^H[12]$/.test(node.tagName)) node = node.previousElementSibling;
		return node?.textContent?.trim() ?? '';
	});
	expect(section).not.toBe('');
	await prompt.click();
	await karim.page.keyboard.type('Le quartier des Tilleuls, 4 200 habitants.');
	await expect(karim.page.getByText('Enregistré')).toBeVisible();

	// Sophie's inbox: the document, what changed, by whom (the log is written ~2 s after typing).
	await expect
		.poll(
			async () => {
				await sophie.page.goto('/notifications');
				return sophie.page
					.getByTestId('inbox-since-visit')
					.textContent({ timeout: 1000 })
					.catch(() => '');
			},
			{ timeout: 20_000 }
		)
		.toContain('Karim Benali a modifié 1 section');
	await expectNoViolations(sophie.page, 'inbox with changed documents');

	// The document: the summary at the top, and its change takes her to the section.
	await sophie.page
		.getByTestId('inbox-since-visit')
		.getByRole('link', { name: 'Protocole depuis la dernière visite' })
		.click();
	const summary = sophie.page.getByRole('region', { name: 'Depuis votre dernière visite' });
	await expect(summary).toContainText('Karim Benali a modifié 1 section');
	await expect(editorOf(sophie.page)).toContainText('Le quartier des Tilleuls');
	// The list stays folded until asked for (it would push the text down, on a phone above all).
	const step = summary.getByRole('button', { name: `« ${section} » modifiée par Karim Benali` });
	await expect(step).toBeHidden();
	await summary.getByRole('button', { name: 'Voir le changement' }).click();
	await expect(step).toContainText('42 caractères ajoutés, 0 supprimé');
	await expectNoViolations(sophie.page, 'document with the summary open');
	await shoot(sophie.page, 'since-visit-fr');
	await step.click();
	await expect
		.poll(() =>
			sophie.page.evaluate(() => {
				const anchor = window.getSelection()?.anchorNode;
				const element = anchor instanceof Element ? anchor : anchor?.parentElement;
				return element?.closest('h1, h2')?.textContent?.trim() ?? '';
			})
		)
		.toBe(section);

	// Sophie leaves; Karim writes again; in English this time.
	const leftAgain = sophie.page.waitForResponse(
		(r) => r.url().endsWith(`/api/review/documents/${protocolId}/visit`) && r.ok()
	);
	await sophie.page
		.getByRole('link', { name: /^Notifications/ })
		.first()
		.click();
	await leftAgain;
	await expect(sophie.page.getByTestId('inbox-since-visit')).toHaveCount(0);
	await editorOf(karim.page).getByText('4 200 habitants').click();
	await karim.page.keyboard.press('End');
	await karim.page.keyboard.type(' Deux écoles.');
	await expect(karim.page.getByText('Enregistré')).toBeVisible();
	const url = new URL(test.info().project.use.baseURL ?? process.env.TRAME_E2E_BASE_URL!);
	await sophie.context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: url.origin }]);
	await expect
		.poll(
			async () => {
				await sophie.page.goto('/notifications');
				return sophie.page
					.getByTestId('inbox-since-visit')
					.textContent({ timeout: 1000 })
					.catch(() => '');
			},
			{ timeout: 20_000 }
		)
		.toContain('Karim Benali changed 1 section');
	await sophie.page.goto(`/documents/${protocolId}`);
	const english = sophie.page.getByRole('region', { name: 'Since your last visit' });
	await expect(english).toContainText('Karim Benali changed 1 section');
	await english.getByRole('button', { name: 'See the change' }).click();
	await expect(
		english.getByRole('button', { name: `“${section}” changed by Karim Benali` })
	).toContainText('13 characters added, 0 removed');
	await expectNoViolations(sophie.page, 'document with the summary, English');
	await shoot(sophie.page, 'since-visit-en');

	// Seen: nothing new since this visit.
	await sophie.page.reload();
	await expect(sophie.page.getByRole('textbox', { name: /^Content of/ })).toContainText(
		'Deux écoles.'
	);
	await expect(sophie.page.getByTestId('since-visit')).toHaveCount(0);
	await sophie.context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'fr', url: url.origin }]);
	await karim.context.close();
	await sophie.context.close();
});
