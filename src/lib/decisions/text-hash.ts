/**
 * SHA-256 (hex) of a section's text in the browser, the same as the server's `sha256Hex`: lib0's
 * pure implementation (already used by Yjs), synchronous, and available without a secure
 * context (crypto.subtle is not, on a plain-http intranet address).
 */
import { digest } from 'lib0/hash/sha256';

const encoder = new TextEncoder();

export function textHash(text: string): string {
	let hex = '';
	for (const byte of digest(encoder.encode(text))) hex += byte.toString(16).padStart(2, '0');
	return hex;
}
