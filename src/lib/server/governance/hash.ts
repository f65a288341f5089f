import { createHash } from 'node:crypto';

/** SHA-256 hex of the exact text (UTF-8), as recorded with each proposal version and decision. */
export function sha256Hex(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}
