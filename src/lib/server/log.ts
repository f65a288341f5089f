/**
 * The app's logger: the server's JSON lines (server/log.ts) on stdout, one object per line, with
 * `component: "app"`. Pass safe fields only (ids, codes, error messages); never tokens, cookies
 * or request bodies.
 */
import { createJsonLogger } from '../../../server/log';

export const appLog = createJsonLogger(undefined, { component: 'app' });

/** What to log of a caught value: its name and message (and stack for unexpected errors). */
export function errorFields(error: unknown, withStack = false): Record<string, unknown> {
	if (!(error instanceof Error)) return { error: String(error) };
	const status = (error as { status?: unknown }).status;
	return {
		error: `${error.name}: ${error.message}`,
		...(typeof status === 'number' ? { status } : {}),
		...(withStack && error.stack ? { stack: error.stack } : {})
	};
}
