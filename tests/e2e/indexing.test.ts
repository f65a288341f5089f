/**
 * What search engines see: `/robots.txt` is a robots file (not the sign-in page), the pages a
 * signed-out visitor may open carry a description, and nothing a signed-in person is served is
 * indexable (a `noindex` meta and the X-Robots-Tag header, files included).
 */
import { expect, seed, signIn, test } from './support';

test('robots.txt answers as a robots file, not the sign-in page', async ({ request }) => {
	const response = await request.get('/robots.txt', { maxRedirects: 0 });
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toContain('text/plain');
	const body = await response.text();
	expect(body).toMatch(/^User-agent: \*$/m);
	expect(body).toMatch(/^Allow: \/public\/$/m);
	expect(body).toMatch(/^Disallow: \/$/m);
});

test('signed-out pages carry one description and may be indexed', async ({ page }) => {
	for (const path of ['/connexion', '/aide', '/accessibilite']) {
		const response = await page.goto(path);
		expect(response?.headers()['x-robots-tag'], path).toBeUndefined();
		const description = page.locator('meta[name="description"]');
		await expect(description, path).toHaveCount(1);
		expect((await description.getAttribute('content'))?.length, path).toBeGreaterThan(50);
		await expect(page.locator('meta[name="robots"]'), path).toHaveCount(0);
	}
});

test('signed-in pages and files are not indexable', async ({ browser }) => {
	const { experimentId } = seed();
	const { context, page } = await signIn(browser, 'coordination@trame.demo');
	for (const path of ['/', `/experiences/${experimentId}`, '/notifications']) {
		const response = await page.goto(path);
		expect(response?.headers()['x-robots-tag'], path).toBe('noindex, nofollow');
		await expect(page.locator('meta[name="robots"]'), path).toHaveAttribute(
			'content',
			'noindex, nofollow'
		);
	}
	const csv = await page.request.get(`/experiences/${experimentId}/decisions/export.csv`);
	expect(csv.headers()['x-robots-tag']).toBe('noindex, nofollow');
	await context.close();
});
