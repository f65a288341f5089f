/**
 * Bounded waits for tests: a promise that does not settle in time fails with a message saying
 * what was awaited (and any context worth printing), instead of hanging until the test timeout.
 */
export async function within<T>(
	promise: Promise<T>,
	timeoutMs: number,
	what: string | (() => string)
): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(() => {
			const label = typeof what === 'function' ? what() : what;
			reject(new Error(`timed out after ${timeoutMs} ms waiting for ${label}`));
		}, timeoutMs);
	});
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		clearTimeout(timer);
	}
}
