import type PocketBase from 'pocketbase';
import type { SessionUser } from '$lib/server/session';

declare global {
	namespace App {
		interface Error {
			message: string;
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
