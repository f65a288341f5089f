import { serverConfig } from '$lib/server/config';
import type { PageServerLoad } from './$types';

/** PRIVACY_CONTACT: who answers questions about personal data (an address or a sentence). */
export const load: PageServerLoad = ({ locals }) => ({
	contact: serverConfig().privacyContact,
	signedIn: locals.user !== null
});
