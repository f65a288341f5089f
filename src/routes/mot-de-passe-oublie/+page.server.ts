import { fail, redirect } from '@sveltejs/kit';
import { ClientResponseError } from 'pocketbase';
import { ForgotPasswordSchema } from '$lib/accounts/schemas';
import { parseForm } from '$lib/server/input';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/compte');
};

export const actions: Actions = {
	/**
	 * Same answer whether or not the address has an account (no enumeration): PocketBase answers
	 * 204 in both cases and sends the mail in the background. Only a throttled client address is
	 * told so (429), which says nothing about the address.
	 */
	default: async ({ request, locals }) => {
		const form = await request.formData();
		const parsed = parseForm(ForgotPasswordSchema, form);
		const email = String(form.get('email') ?? '');
		if (!parsed.ok) return fail(400, { email, errors: parsed.errors });
		try {
			await locals.pb.collection('users').requestPasswordReset(parsed.data.email);
		} catch (error) {
			if (error instanceof ClientResponseError && error.status === 429) {
				return fail(429, { email, error: 'throttled' as const });
			}
			if (!(error instanceof ClientResponseError) || error.status === 0 || error.status >= 500) {
				return fail(503, { email, error: 'unavailable' as const });
			}
			// Any other refusal is answered like a success: nothing to learn from it.
		}
		return { sent: true, email: parsed.data.email };
	}
};
