import type PocketBase from 'pocketbase';
import type { SessionUser } from '$lib/server/session';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** A link the person cannot open: the coordinators to ask, if they may know them. */
			coordinators?: string[];
			/** They hold an invitation to that experiment, not yet accepted. */
			invited?: boolean;
		}
		interface Locals {
			/** PocketBase client of this request, authenticated as the user when signed in. */
			pb: PocketBase;
			/** The signed-in user, or null. */
			user: SessionUser | null;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
