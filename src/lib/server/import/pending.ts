/**
 * Analysed imports waiting for the user's confirmation, in memory (Trame runs as one process; an
 * import not confirmed within 15 minutes is forgotten and must be analysed again). Bound to the
 * user and the target, so a token is useless to anyone else.
 */
import { randomBytes } from 'node:crypto';

const TTL_MS = 15 * 60_000;
const MAX_ENTRIES = 200;
const MAX_PER_USER = 5;

interface Entry<T> {
	userId: string;
	expires: number;
	value: T;
}

export class PendingImports<T> {
	readonly #entries = new Map<string, Entry<T>>();

	constructor(private readonly now: () => number = Date.now) {}

	put(userId: string, value: T): string {
		this.sweep();
		const mine = [...this.#entries].filter(([, e]) => e.userId === userId);
		for (const [token] of mine.slice(0, Math.max(0, mine.length - MAX_PER_USER + 1)))
			this.#entries.delete(token);
		while (this.#entries.size >= MAX_ENTRIES) {
			const oldest = this.#entries.keys().next().value;
			if (oldest === undefined) break;
			this.#entries.delete(oldest);
		}
		const token = randomBytes(18).toString('base64url');
		this.#entries.set(token, { userId, expires: this.now() + TTL_MS, value });
		return token;
	}

	/** The value, once: taken out so a double submit cannot import twice. */
	take(userId: string, token: string): T | null {
		this.sweep();
		const entry = this.#entries.get(token);
		if (!entry || entry.userId !== userId) return null;
		this.#entries.delete(token);
		return entry.value;
	}

	/** Puts a taken value back (the confirmation failed and may be retried). */
	restore(userId: string, token: string, value: T): void {
		this.#entries.set(token, { userId, expires: this.now() + TTL_MS, value });
	}

	private sweep(): void {
		const now = this.now();
		for (const [token, entry] of this.#entries)
			if (entry.expires <= now) this.#entries.delete(token);
	}
}
