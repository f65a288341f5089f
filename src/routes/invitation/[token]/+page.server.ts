import { fail, redirect } from '@sveltejs/kit';
import { ClientResponseError } from 'pocketbase';
import { isRole } from '$lib/domain/access';
import { normalizeEmail } from '$lib/domain/invitation';
import { newAccount } from '$lib/schemas/workspace';
import { batchFailure, formError, formFailure, parseForm, writeFailure } from '$lib/server/input';
import { appLog, errorFields } from '$lib/server/log';
import { getLocale } from '$lib/paraglide/runtime';
import { adminPocketBase, createPocketBase } from '$lib/server/pocketbase';
import { ssoProvider } from '$lib/server/accounts/sso';
import { acceptAsUser, acceptWithNewAccount, findInvitation } from '$lib/server/invitations';
import { setSessionCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

/** The browser's address (adapter-node: the socket's, or ADDRESS_HEADER behind a proxy). */
function clientAddress(getClientAddress: () => string): string | undefined {
	try {
		return getClientAddress();
	} catch {
		return undefined;
	}
}

async function accountExists(email: string): Promise<boolean> {
	const admin = await adminPocketBase();
	const found = await admin.collection('users').getList(1, 1, {
		filter: admin.filter('email = {:email}', { email: normalizeEmail(email) }),
		fields: 'id'
	});
	return found.totalItems > 0;
}

export const load: PageServerLoad = async ({ params, locals }) => {
	const lookup = await findInvitation(await adminPocketBase(), params.token, new Date());
	if (lookup.state !== 'pending') return { state: lookup.state };
	const { invitation } = lookup;
	const signedIn = locals.user;
	return {
		state: 'pending' as const,
		experimentTitle: lookup.experimentTitle,
		email: invitation.email,
		role: isRole(invitation.role) ? invitation.role : 'observer',
		signedIn: signedIn !== null,
		wrongAccount:
			signedIn !== null && normalizeEmail(signedIn.email) !== normalizeEmail(invitation.email),
		hasAccount: signedIn === null ? await accountExists(invitation.email) : true,
		sso:
			signedIn === null
				? await ssoProvider(locals.pb).then((p) => p && { displayName: p.displayName })
				: null
	};
};

export const actions: Actions = {
	accept: async ({ params, locals }) => {
		if (!locals.user) return fail(401, { error: 'forbidden' });
		const admin = await adminPocketBase();
		const now = new Date();
		const lookup = await findInvitation(admin, params.token, now);
		if (lookup.state !== 'pending') return fail(410, { error: lookup.state });
		const result = await acceptAsUser(admin, lookup.invitation, locals.user, now);
		if (!result.ok) return fail(403, { error: result.error });
		redirect(303, `/experiences/${result.experimentId}`);
	},

	createAccount: async ({ params, request, locals, cookies, url, getClientAddress }) => {
		const input = parseForm(newAccount, await request.formData());
		if (!input.ok) return formFailure(input.errors, { values: input.values });
		const { name, password } = input.data;
		const values = { name };
		if (locals.user) return formError(400, 'wrong_account', { values });

		const admin = await adminPocketBase();
		const now = new Date();
		const lookup = await findInvitation(admin, params.token, now);
		if (lookup.state !== 'pending') return formError(410, lookup.state, { values });
		let result;
		try {
			result = await acceptWithNewAccount(
				admin,
				lookup.invitation,
				{ name, password, locale: getLocale() },
				now
			);
		} catch (e) {
			// A batch refusal names the failing request's fields (the account's, here).
			return writeFailure(batchFailure(e), {
				schema: newAccount,
				collection: 'users',
				values
			});
		}
		if (!result.ok) return formError(409, result.error, { values });

		// Signed in at once, like after the sign-in form (rate-limited per browser address too).
		const pb = createPocketBase(null, clientAddress(getClientAddress));
		let token: string;
		try {
			token = (await pb.collection('users').authWithPassword(result.email!, password)).token;
		} catch (e) {
			// The account exists and the invitation is accepted: only the sign-in is left to do.
			if (e instanceof ClientResponseError && e.status === 429) {
				return formError(429, 'throttled', { values });
			}
			appLog.warn('invitations.signin_after_account_failed', errorFields(e));
			redirect(
				303,
				`/connexion?redirectTo=${encodeURIComponent(`/experiences/${result.experimentId}`)}`
			);
		}
		setSessionCookie(cookies, token, url);
		redirect(303, `/experiences/${result.experimentId}`);
	}
};
