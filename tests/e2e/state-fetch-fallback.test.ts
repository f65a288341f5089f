/**
 * A browser without a copy of a document fetches its state over HTTP from the page's head
 * (early-open-script.js) instead of asking on the socket. When that answer never comes (a stalled
 * proxy, a server busy elsewhere), the session stops waiting after 3 s and asks on the socket:
 * the document still opens, editable and saved.
 */
import { editorOf, expect, freshProtocol, saveStatus, signIn, test } from './support';

test('the document opens through the socket when its state over HTTP never comes', async ({
	browser
}) => {
	const documentId = await freshProtocol('Protocole sans réponse HTTP');
	const { context, page } = await signIn(browser, 'coordination@trame.demo');
	let held = 0;
	// The GET of the socket's URL (no upgrade): held forever.
	await page.route(
		(url) => url.pathname === `/collab/${documentId}`,
		() => void held++
	);
	await page.goto(`/documents/${documentId}`);
	await expect(editorOf(page)).toContainText('Contexte et territoire', { timeout: 20_000 });
	await expect(page.locator('.sheet')).toHaveAttribute('aria-busy', 'false');
	await expect(saveStatus(page)).toHaveText(/Enregistré/);
	expect(held).toBe(1);
	await context.close();
});
