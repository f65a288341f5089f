import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A PocketBase-shaped record id (15 chars of [a-z0-9]), chosen up front for batch writes. */
export function newId(): string {
	let id = '';
	for (let i = 0; i < 15; i++) id += ALPHABET[randomInt(ALPHABET.length)];
	return id;
}

/** Fisher–Yates with a cryptographic source: nobody can predict who speaks first. */
export function shuffle<T>(items: readonly T[]): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = randomInt(i + 1);
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return out;
}
