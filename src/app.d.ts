import type { TypedPocketBase } from '$lib/pocketbase/types';
import type { SessionUser } from '$lib/server/session';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** A link the person cannot open: the coordinators to ask, if they may know them. */
			coordinators?: string[];
			/** They hold an invitation to that experiment, not yet accepted. */
			invited?: boolean;
			/** Reference of an unexpected error in the server's log. */
			id?: string;
			/** A stable id, for errors a client may handle (`too_large`). */
			error?: string;
			/** Why a signed-in person may not open the page, when their experiment role is not it. */
			reason?: string;
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
