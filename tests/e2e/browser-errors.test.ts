/**
 * The page-error watch of support.ts itself: each test below makes a browser report a problem
 * and is marked `test.fail()`, so it passes only if the watch failed it — in the `page` fixture's
 * context and in a context opened with `browser.newContext()`.
 */
import { expect, test } from './support';

test('an uncaught page error fails the test', async ({ page }) => {
	test.fail();
	await page.goto('/connexion');
	await page.evaluate(() => setTimeout(() => Promise.reject(new Error('boom'))));
	await page.waitForTimeout(200);
});

test('a console error in another context fails the test', async ({ browser }) => {
	test.fail();
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto('/connexion');
	await page.evaluate(() => console.error('something broke'));
	await context.close();
});

test('a console warning fails the test', async ({ page }) => {
	test.fail();
	await page.goto('/connexion');
	await page.evaluate(() => console.warn('https://svelte.dev/e/hydration_mismatch'));
});

test('an allowed message does not fail the test, and a clean page passes', async ({
	page,
	browserErrors
}) => {
	browserErrors.allow(/expected in this test/);
	await page.goto('/connexion');
	await page.evaluate(() => console.error('expected in this test'));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connexion');
});
