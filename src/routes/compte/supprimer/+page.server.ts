import { fail, redirect } from '@sveltejs/kit';
import { DeleteAccountSchema } from '$lib/accounts/schemas';
import { parseForm } from '$lib/server/input';
import { deleteAccount, experimentsToHandOver } from '$lib/server/accounts/personal-data';
import { adminPocketBase } from '$lib/server/pocketbase';
import { clearSessionCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	email: locals.user!.email,
	blocking: await experimentsToHandOver(await adminPocketBase(), locals.user!.id)
});

export const actions: Actions = {
	default: async ({ request, locals, cookies, url }) => {
		const form = await request.formData();
		const parsed = parseForm(DeleteAccountSchema, form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		const me = locals.user!;
		if (parsed.data.confirmEmail !== me.email.toLowerCase()) {
			return fail(400, { errors: { confirmEmail: 'confirm_mismatch' } });
		}
		const result = await deleteAccount(await adminPocketBase(), me.id);
		if (!result.ok) return fail(409, { blocking: result.blocking });
		locals.pb.authStore.clear();
		clearSessionCookie(cookies, url);
		redirect(303, '/connexion?raison=compte-supprime');
	}
};
