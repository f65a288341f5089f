/**
 * The part of `oidc-provider`'s API the test provider uses (the package ships no types; only the
 * tests use it).
 */
declare module 'oidc-provider' {
	import type { IncomingMessage, ServerResponse } from 'node:http';

	interface KoaLikeContext {
		path: string;
		status: number;
		type: string;
		body: unknown;
	}

	interface Account {
		accountId: string;
		claims(): Record<string, unknown> | Promise<Record<string, unknown>>;
	}

	export default class Provider {
		constructor(
			issuer: string,
			configuration: Record<string, unknown> & {
				findAccount?(ctx: unknown, sub: string): Promise<Account | undefined>;
				renderError?(ctx: KoaLikeContext, out: { error: string }, error: unknown): void;
			}
		);
		use(middleware: (ctx: KoaLikeContext, next: () => Promise<void>) => Promise<void>): void;
		callback(): (request: IncomingMessage, response: ServerResponse) => void;
	}
}
