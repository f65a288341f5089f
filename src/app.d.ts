import type { TypedPocketBase } from '$lib/pocketbase/types';
import type { SessionUser } from '$lib/server/session';

declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			/** PocketBase client of this request, authenticated as the user when signed in. */
			pb: TypedPocketBase;
			/** The signed-in user, or null. */
			user: SessionUser | null;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
