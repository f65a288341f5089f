/**
 * Acts that are hard to undo ask first, in an accessible dialog that says what will happen:
 * archiving and deleting a document, archiving an experiment. Cancelling changes nothing.
 */
import AxeBuilder from '@axe-core/playwright';
import { scratchExperiment, type ScratchExperiment } from './collab-node';
import { expect, signIn, test } from './support';

let scratch: ScratchExperiment;

test.beforeAll(async () => {
	scratch = await scratchExperiment(
		'Budget participatif de Saint-Aubin',
		'coordination@trame.demo',
		[]
	);
});

test.afterAll(async () => {
	await scratch?.dispose();
});

test('archiving and deleting a document, archiving the experiment: each asks first', async ({
	browser
}) => {
	await scratch.newDocument('Compte rendu du 3 mars');
	const { context, page } = await signIn(browser, 'coordination@trame.demo');
	await page.goto(`/experiences/${scratch.id}`);
	const documents = page.getByRole('region', { name: 'Documents', exact: true });
	await documents.getByText('Actions sur « Compte rendu du 3 mars »').click();
	await documents.getByRole('button', { name: 'Archiver', exact: true }).click();
	const archive = page.getByRole('alertdialog', { name: 'Archiver « Compte rendu du 3 mars » ?' });
	await expect(archive).toContainText('plus personne ne pourra le modifier');
	// The dialog itself passes axe, in both themes.
	for (const colorScheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme });
		const { violations } = await new AxeBuilder({ page })
			.withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'])
			.analyze();
		expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual(
			[]
		);
	}
	await archive.getByRole('button', { name: 'Archiver le document' }).click();
	const archived = page.getByRole('region', { name: 'Documents archivés' });
	await expect(archived).toContainText('Compte rendu du 3 mars');

	// Deleting for good: cancel first (nothing happens), then confirm.
	await archived.getByText('Actions sur « Compte rendu du 3 mars »').click();
	const deleteButton = archived.getByRole('button', {
		name: 'Supprimer définitivement « Compte rendu du 3 mars »'
	});
	await deleteButton.click();
	const remove = page.getByRole('alertdialog', {
		name: 'Supprimer définitivement « Compte rendu du 3 mars » ?'
	});
	await expect(remove).toContainText('Cela ne peut pas être annulé');
	await remove.getByRole('button', { name: 'Annuler' }).click();
	await expect(remove).toBeHidden();
	await expect(deleteButton).toBeFocused();
	await expect(archived).toContainText('Compte rendu du 3 mars');
	await deleteButton.click();
	await remove.getByRole('button', { name: 'Supprimer le document' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Document supprimé.' })).toBeVisible();
	await expect(page.getByText('Compte rendu du 3 mars')).toHaveCount(0);

	// Archiving the experiment.
	await page.getByRole('button', { name: 'Archiver l’expérimentation' }).click();
	const experiment = page.getByRole('alertdialog', { name: 'Archiver l’expérimentation ?' });
	await expect(experiment).toContainText('lecture seule');
	await experiment.getByRole('button', { name: 'Archiver l’expérimentation' }).click();
	await expect(page.getByText('Cette expérimentation est archivée')).toBeVisible();
	await context.close();
});
