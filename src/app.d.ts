import type { TypedPocketBase } from '$lib/pocketbase/types';
import type { SessionUser } from '$lib/server/session';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** Reference of an unexpected error in the server's log. */
			id?: string;
			/** A stable id, for errors a client may handle (`too_large`). */
			error?: string;
		}
		interface Locals {
			/** PocketBase client of this request, authenticated as the user when signed in. */
			pb: TypedPocketBase;
			/** The signed-in user, or null. */
			user: SessionUser | null;
			/** Set by handleError when PocketBase could not answer: the response becomes a 503. */
			outage?: boolean;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
