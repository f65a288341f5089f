// Per-account caps of account mail (reset, email change), kept in PocketBase's in-memory store as
// "<count>:<window start ms>" strings (plain values survive goja <-> Go conversions unchanged).

/**
 * One more use of a capped action: allowed while fewer than `cap` uses happened in the window
 * that started at the first of them; a window older than `windowMs` starts afresh.
 * @returns {{ allowed: boolean, next: string }} `next` is what to store when allowed.
 */
function takeSlot(stored, now, cap, windowMs) {
	const parts = String(stored || '0:0').split(':');
	const count = Number(parts[0]) || 0;
	const start = Number(parts[1]) || 0;
	const fresh = count === 0 || now - start >= windowMs;
	const used = fresh ? 0 : count;
	if (used >= cap) return { allowed: false, next: `${count}:${start}` };
	return { allowed: true, next: `${used + 1}:${fresh ? now : start}` };
}

/** Applies takeSlot to `key` of the store; true when the action may go on. */
function take(store, key, now, cap, windowMs) {
	const slot = takeSlot(store.get(key), now, cap, windowMs);
	if (slot.allowed) store.set(key, slot.next);
	return slot.allowed;
}

/** Reset mail per account per hour. */
const RESET_CAP = 3;
/**
 * At most one reset mail per account per 2 minutes, counted when the request is accepted.
 * PocketBase has the same rule, but it marks the account only once the mail has gone out, in the
 * background, so requests arriving meanwhile would each send one.
 */
const RESET_SPACING_MS = 2 * 60 * 1000;
/** Email-change requests per account per hour. */
const EMAIL_CHANGE_CAP = 5;
const HOUR_MS = 3600 * 1000;

module.exports = { takeSlot, take, RESET_CAP, RESET_SPACING_MS, EMAIL_CHANGE_CAP, HOUR_MS };
