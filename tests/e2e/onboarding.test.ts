/**
 * The first-sign-in guide is remembered per person (users.onboarded_at), not per browser: a fresh
 * account sees it, skips it, and does not see it again after a reload nor in another browser
 * context; another account in the first browser still sees it.
 */
import PocketBase from 'pocketbase';
import { expect, signIn, test } from './support';
import { DEMO_PASSWORD } from '../../scripts/demo-data';

async function admin(): Promise<PocketBase> {
	const superuser = JSON.parse(process.env.TRAME_E2E_SUPERUSER ?? '{}') as {
		email: string;
		password: string;
	};
	const client = new PocketBase(process.env.TRAME_E2E_PB_URL);
	client.autoCancellation(false);
	await client.collection('_superusers').authWithPassword(superuser.email, superuser.password);
	return client;
}

async function freshAccount(): Promise<{ email: string; id: string }> {
	const pb = await admin();
	const email = `nouvelle-${Date.now()}@trame.demo`;
	const record = await pb.collection('users').create({
		email,
		password: DEMO_PASSWORD,
		passwordConfirm: DEMO_PASSWORD,
		name: 'Nadia Nouvelle',
		verified: true
	});
	return { email, id: record.id };
}

test('the guide is shown once per person, whatever the browser', async ({ browser }) => {
	const { email, id } = await freshAccount();
	const first = await signIn(browser, email);
	await first.page.goto('/');
	const guide = first.page.getByRole('region', { name: 'Bienvenue dans Trame' });
	await expect(guide).toBeVisible();
	const remembered = first.page.waitForResponse(
		(r) => r.url().endsWith('/api/onboarding') && r.request().method() === 'POST'
	);
	await guide.getByRole('button', { name: 'Ne plus afficher' }).click();
	expect((await remembered).ok()).toBe(true);
	await expect(guide).toBeHidden();
	const pb = await admin();
	await expect
		.poll(async () => (await pb.collection('users').getOne(id)).onboarded_at as string)
		.not.toBe('');
	// Remembered on the account, not in a cookie of this browser.
	const cookies = await first.context.cookies();
	expect(cookies.map((c) => c.name)).not.toContain('trame_onboarded');

	await first.page.reload();
	await expect(first.page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(first.page.getByRole('region', { name: 'Bienvenue dans Trame' })).toBeHidden();

	const elsewhere = await signIn(browser, email);
	await elsewhere.page.goto('/');
	await expect(elsewhere.page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(elsewhere.page.getByRole('region', { name: 'Bienvenue dans Trame' })).toBeHidden();
	await elsewhere.context.close();
	await first.context.close();

	// Someone else who never saw it still gets it.
	const other = await freshAccount();
	const second = await signIn(browser, other.email);
	await second.page.goto('/');
	await expect(second.page.getByRole('region', { name: 'Bienvenue dans Trame' })).toBeVisible();
	await second.context.close();
});
